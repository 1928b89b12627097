import { createInMemoryStore, type MemoryRecord, type MemoryStoreV1 } from "@aifactory/memory";
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { openPgClient } from "../sql/pg-client";
import { openPgliteClient } from "../sql/pglite-client";
import type { SqlClient } from "../sql/sql-client";
import { createSqlMemoryStore } from "./sql-memory-store";
import { DIFFERENTIAL_CLOCK, dropMemorySchema, expectSameRanking, isolatedSchemaUrl } from "./test-helpers";

// Random sequences of writes and searches, applied to two Postgres stores on one database (one holds postings
// between searches and sees the other's writes only through the database) and to the in-memory store: every
// search ranks as the in-memory store's. `AIF_PROPERTY_RUNS` raises the number of sequences (default 12).
const RUNS = Number(process.env.AIF_PROPERTY_RUNS ?? 12);
const WORDS = ["river", "violin", "garden", "salad", "tea", "coffee", "fjord", "quokka", "paris", "ticket"];
const text = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((w) => w.join(" "));
const user = fc.constantFrom("u0", "u1");
const step = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("add" as const),
      user,
      texts: fc.array(text, { minLength: 1, maxLength: 4 }),
      viaReader: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("update" as const),
      pick: fc.nat(),
      content: text,
      viaReader: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("forget" as const), pick: fc.nat(), viaReader: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("purge" as const), pick: fc.nat(), viaReader: fc.boolean() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant("search" as const),
      user,
      query: text,
      k: fc.integer({ min: 1, max: 12 }),
      byReader: fc.boolean(),
    }),
  },
);

const clients: SqlClient[] = [];
afterAll(async () => {
  for (const client of clients) await client.close();
});

const url = process.env.AIF_TEST_POSTGRES_URL;
const backends: Array<{ name: string; open: () => Promise<SqlClient> }> = [
  { name: "PGlite", open: () => openPgliteClient(undefined, { pgvector: false }) },
];
if (url !== undefined)
  backends.push({
    name: "a PostgreSQL server",
    open: async () => openPgClient(await isolatedSchemaUrl(url, "aif_test_random_writes")),
  });

describe.each(backends)("random writes and searches on $name (property)", ({ open }) => {
  it("every search of a caching store and of a writing store ranks as the in-memory store's", async () => {
    const client = await open();
    clients.push(client);
    const now = new Date(DIFFERENTIAL_CLOCK() + 1_000).toISOString();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        await dropMemorySchema(client);
        const options = { clock: DIFFERENTIAL_CLOCK, closeClient: false };
        const reader = await createSqlMemoryStore(client, options);
        const writer = await createSqlMemoryStore(client, options);
        const reference: MemoryStoreV1 = createInMemoryStore({ clock: DIFFERENTIAL_CLOCK });
        // Live memories as pairs (the Postgres store's record, the in-memory store's record).
        const live: Array<[MemoryRecord, MemoryRecord]> = [];
        try {
          for (const [index, s] of steps.entries()) {
            const through = (viaReader: boolean) => (viaReader ? reader : writer);
            if (s.op === "add") {
              const inputs = s.texts.map((content) => ({ scope: { userId: s.user }, content }));
              const [a, b] = [await through(s.viaReader).addMany(inputs), await reference.addMany(inputs)];
              for (const [i, record] of a.entries()) live.push([record, b[i] as MemoryRecord]);
            } else if (s.op === "search") {
              const input = { scope: { userId: s.user }, text: s.query, k: s.k, recordAccess: false, now };
              const actual = await (s.byReader ? reader : writer).search(input);
              const expected = await reference.search(input);
              expectSameRanking(actual.hits, expected.hits, `step ${index} (${s.query}, k ${s.k})`, s.k);
            } else if (live.length > 0) {
              const at = s.pick % live.length;
              const [a, b] = live[at] as [MemoryRecord, MemoryRecord];
              const store = through(s.viaReader);
              if (s.op === "update") {
                const updated = await store.update({ scope: a.scope, id: a.id, content: s.content });
                const twin = await reference.update({ scope: b.scope, id: b.id, content: s.content });
                live[at] = [updated, twin];
              } else {
                if (s.op === "forget") {
                  await store.forget({ scope: a.scope, id: a.id, reason: "test" });
                  await reference.forget({ scope: b.scope, id: b.id, reason: "test" });
                } else {
                  await store.purge({ scope: a.scope, id: a.id });
                  await reference.purge({ scope: b.scope, id: b.id });
                }
                live.splice(at, 1);
              }
            }
          }
        } finally {
          await reader.close();
          await writer.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
