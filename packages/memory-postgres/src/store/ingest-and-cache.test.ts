import { createInMemoryStore, type MemoryStoreV1, type SearchMemoryInput } from "@aifactory/memory";
import { afterAll, describe, expect, it } from "vitest";
import { openPgliteClient } from "../sql/pglite-client";
import type { SqlClient } from "../sql/sql-client";
import { createSqlMemoryStore } from "./sql-memory-store";
import { DIFFERENTIAL_CLOCK, dropMemorySchema, expectSameRanking } from "./test-helpers";

const WORDS = ["river", "violin", "garden", "salad", "ticket", "winter", "camera", "fjord", "quokka", "paris"];
const content = (i: number) =>
  `note ${i} ${WORDS[i % 10]} ${WORDS[(i * 7) % 10]} ${WORDS[(i * 3 + 1) % 10]} ${i % 5 === 0 ? "coffee" : "tea"}`;
const QUERIES = ["river violin", "garden coffee", "winter camera tea", "fjord quokka paris", "salad ticket"];
const search = (text: string): SearchMemoryInput => ({
  scope: { userId: "u" },
  text,
  k: 10,
  recordAccess: false,
  now: new Date(DIFFERENTIAL_CLOCK() + 1_000).toISOString(),
});

async function expectAgreement(store: MemoryStoreV1, reference: MemoryStoreV1, label: string): Promise<void> {
  for (const text of QUERIES) {
    const [actual, expected] = [await store.search(search(text)), await reference.search(search(text))];
    expectSameRanking(actual.hits, expected.hits, `${label}: ${text}`, 10);
  }
}

let client: SqlClient | undefined;
afterAll(async () => {
  await client?.close();
});

describe("the Postgres store's postings cache, ids and tables", () => {
  it("a store that holds postings between searches ranks as the in-memory store while another store writes, merges and purges", async () => {
    client = await openPgliteClient();
    await dropMemorySchema(client);
    // Two stores on one database: `reader` keeps postings between searches, `writer` changes the segments
    // underneath it (new batches, merges into higher levels, a purge that rewrites buckets).
    const shared = client;
    const answers: number[] = [];
    let statements = 0;
    const watched: SqlClient = {
      backend: shared.backend,
      query: (sql, params) => shared.query(sql, params),
      async queryPrepared(statement, params) {
        statements++;
        const rows = await (shared.queryPrepared as NonNullable<SqlClient["queryPrepared"]>)(statement, params);
        // The postings are the fourth field of aif_search_postings' row.
        if (statement.text.includes("FROM aif_search_postings(")) answers.push(rows[0]?.[3]?.length ?? 0);
        return rows;
      },
      transaction: (body) => shared.transaction(body),
      close: () => shared.close(),
    };
    // A client without prepared statements (the store sends the same SQL through query()).
    const unprepared: SqlClient = {
      backend: shared.backend,
      query: (sql, params) => shared.query(sql, params),
      transaction: (body) => shared.transaction(body),
      close: () => shared.close(),
    };
    const reader = await createSqlMemoryStore(watched, { clock: DIFFERENTIAL_CLOCK, closeClient: false });
    const writer = await createSqlMemoryStore(client, { clock: DIFFERENTIAL_CLOCK, closeClient: false });
    const uncached = await createSqlMemoryStore(unprepared, {
      clock: DIFFERENTIAL_CLOCK,
      closeClient: false,
      postingsCacheMiB: 0,
    });
    const reference = createInMemoryStore({ clock: DIFFERENTIAL_CLOCK });
    const add = async (from: number, to: number) => {
      const inputs = Array.from({ length: to - from }, (_, j) => ({
        scope: { userId: "u" },
        content: content(from + j),
      }));
      await writer.addMany(inputs);
      return reference.addMany(inputs);
    };
    await add(0, 40);
    await expectAgreement(reader, reference, "first batch");
    // Held postings do not travel again: the same searches' answers carry only the rows' identities.
    const cold = answers.splice(0);
    statements = 0;
    await expectAgreement(reader, reference, "first batch, held");
    // Nothing written since: each search's guess from held postings stands, one statement per search.
    expect(statements).toBe(QUERIES.length);
    const warm = answers.splice(0);
    expect(warm.length).toBe(QUERIES.length);
    for (const [i, length] of warm.entries()) expect(length).toBeLessThan((cold[i] as number) / 2);
    // Seven more batches fill level 0 of every bucket written: the eighth merges them into level 1.
    for (let b = 1; b < 9; b++) await add(b * 40, b * 40 + 40);
    statements = 0;
    await expectAgreement(reader, reference, "after merges");
    // Written in between: a guess from what the store held no longer stands, and the rows are fetched again.
    expect(statements).toBeGreaterThan(QUERIES.length);
    await expectAgreement(uncached, reference, "after merges, without a cache");
    const levels = await client.query<{ n: number }>("SELECT count(DISTINCT level)::int AS n FROM aif_memory_segments");
    expect(Number(levels.rows[0]?.n)).toBeGreaterThan(1);
    // A purge rewrites the buckets of the purged memories' terms.
    const hits = await writer.search(search("river violin"));
    const target = hits.hits[0]?.memory;
    expect(target).toBeDefined();
    if (target === undefined) return;
    await writer.purge({ scope: target.scope, id: target.id });
    const twin = (await reference.search(search("river violin"))).hits.find((h) => h.memory.content === target.content);
    if (twin) await reference.purge({ scope: twin.memory.scope, id: twin.memory.id });
    await expectAgreement(reader, reference, "after a purge");
    // A cache far smaller than the index evicts on every search and still ranks the same.
    const tiny = await createSqlMemoryStore(client, {
      clock: DIFFERENTIAL_CLOCK,
      closeClient: false,
      postingsCacheMiB: 0.002,
    });
    for (let round = 0; round < 3; round++) await expectAgreement(tiny, reference, `tiny cache, round ${round}`);
    await tiny.close();
    await reader.close();
    await writer.close();
    await uncached.close();
  }, 120_000);

  it("a database that lives only in memory keeps the store's tables unlogged; a data directory keeps them logged", async () => {
    client ??= await openPgliteClient();
    expect(client.ephemeral).toBe(true);
    await dropMemorySchema(client);
    const store = await createSqlMemoryStore(client, { closeClient: false });
    const persistence = await client.query<{ relname: string; relpersistence: string }>(
      "SELECT relname, relpersistence FROM pg_class WHERE relname IN ('aif_memories', 'aif_memory_segments', 'aif_memory_corpus') ORDER BY 1",
    );
    expect(persistence.rows.map((r) => `${r.relname}:${r.relpersistence}`)).toEqual([
      "aif_memories:u",
      "aif_memory_corpus:u",
      "aif_memory_segments:u",
    ]);
    // Migration 7: the lineage index holds later versions only, and history still finds every version.
    const indexes = await client.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'aif_memories' AND indexname LIKE 'aif_memories_lineage%'",
    );
    expect(indexes.rows.map((r) => r.indexname)).toEqual(["aif_memories_lineage_later"]);
    const first = await store.add({ scope: { userId: "u" }, content: "Alice likes tea" });
    const second = await store.update({ scope: first.scope, id: first.id, content: "Alice likes coffee" });
    const third = await store.update({ scope: first.scope, id: second.id, content: "Alice likes cocoa" });
    expect((await store.history({ scope: first.scope, id: third.id })).map((r) => r.content)).toEqual([
      "Alice likes tea",
      "Alice likes coffee",
      "Alice likes cocoa",
    ]);
    // Ids are version-7 UUIDs in the order the memories were made.
    expect(first.id < second.id && second.id < third.id).toBe(true);
    await store.close();
  }, 60_000);
});
