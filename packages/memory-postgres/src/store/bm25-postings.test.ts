import {
  type AddMemoryInput,
  createInMemoryStore,
  type MemoryRecord,
  type MemoryStoreV1,
  type SearchMemoryInput,
} from "@aifactory/memory";
import { afterAll, describe, expect, it } from "vitest";
import { openPgClient } from "../sql/pg-client";
import { openPgliteClient } from "../sql/pglite-client";
import type { SqlClient, SqlExecutor } from "../sql/sql-client";
import { createSqlMemoryStore } from "./sql-memory-store";
import { DIFFERENTIAL_CLOCK, dropMemorySchema, expectSameRanking, isolatedSchemaUrl } from "./test-helpers";

/** Mulberry32: a small seeded PRNG, so every run writes the same corpus. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// A small vocabulary with very common words (in most memories), middling ones and rare ones, so searches take
// every path of the pruned search: a rare term that settles the answer alone, MaxScore over common terms, and
// the exhaustive statement under a selective filter.
const COMMON = ["coffee", "morning", "walk", "meeting"];
const MIDDLE = ["paris", "violin", "garden", "python", "river", "salad", "ticket", "sister", "winter", "camera"];
const RARE = ["zeppelin", "quokka", "obelisk", "saffron", "marimba", "fjord"];

function corpus(n: number, seed: number): AddMemoryInput[] {
  const random = mulberry32(seed);
  const pick = (words: readonly string[]) => words[Math.floor(random() * words.length)] as string;
  return Array.from({ length: n }, (_, i) => {
    const words: string[] = [`doc${i}`];
    const length = i % 17 === 0 ? 150 + Math.floor(random() * 150) : 3 + Math.floor(random() * 9);
    for (let w = 0; w < length; w++) {
      const r = random();
      words.push(r < 0.45 ? pick(COMMON) : r < 0.9 ? pick(MIDDLE) : r < 0.93 ? pick(RARE) : `filler${w % 40}`);
    }
    // Repeated terms: some memories say one word many times.
    if (i % 9 === 0) words.push(...Array.from({ length: 2 + (i % 5) }, () => pick(MIDDLE)));
    const scope: AddMemoryInput["scope"] = { userId: i % 5 === 0 ? "bob" : "alice" };
    if (i % 4 === 0) scope.agentId = "a1";
    return { scope, content: words.join(" "), metadata: { bucket: i % 10 }, importance: (i % 10) / 10 };
  });
}

/** The same writes, in the same order, on both stores: adds, updates, forgets and purges. */
async function writeScenario(store: MemoryStoreV1, n: number): Promise<void> {
  const added = await store.addMany(corpus(n, 11));
  const random = mulberry32(5);
  const live = new Map<number, MemoryRecord>(added.map((r, i) => [i, r]));
  for (let i = 0; i < n; i += 7) {
    const record = live.get(i) as MemoryRecord;
    const next = await store.update({
      scope: record.scope,
      id: record.id,
      content: `${record.content} zeppelin revised ${RARE[Math.floor(random() * RARE.length)]}`,
    });
    live.set(i, next);
  }
  for (let i = 3; i < n; i += 11) {
    const record = live.get(i) as MemoryRecord;
    if (record.status === "active") await store.forget({ scope: record.scope, id: record.id, reason: "test" });
  }
  for (let i = 2; i < n; i += 13) {
    const record = live.get(i) as MemoryRecord;
    await store.purge({ scope: record.scope, id: record.id });
    live.delete(i);
  }
  // A whole agent's memories of bob go.
  await store.purge({ scope: { userId: "bob", agentId: "a1" }, all: true });
}

function searches(): Array<{ label: string; input: SearchMemoryInput }> {
  const now = new Date(DIFFERENTIAL_CLOCK() + 3_600_000).toISOString();
  const texts = [
    "coffee",
    "coffee morning walk meeting",
    "zeppelin",
    "zeppelin coffee",
    "quokka walk morning",
    "paris paris violin",
    "violin violin violin",
    "garden river salad ticket sister",
    "obelisk saffron marimba fjord quokka",
    "filler3 coffee",
    "doc17 coffee",
    "nothing matches this",
  ];
  const out: Array<{ label: string; input: SearchMemoryInput }> = [];
  for (const text of texts) {
    const base = { text, now, recordAccess: false, scoring: { vector: { enabled: false } } };
    out.push(
      { label: `alice k=10 "${text}"`, input: { ...base, scope: { userId: "alice" }, k: 10 } },
      { label: `alice k=1 "${text}"`, input: { ...base, scope: { userId: "alice" }, k: 1 } },
      { label: `alice k=40 "${text}"`, input: { ...base, scope: { userId: "alice" }, k: 40 } },
      { label: `bob k=10 "${text}"`, input: { ...base, scope: { userId: "bob" }, k: 10 } },
      { label: `alice agent a1 "${text}"`, input: { ...base, scope: { userId: "alice", agentId: "a1" }, k: 10 } },
      {
        label: `alice selective filter "${text}"`,
        input: { ...base, scope: { userId: "alice" }, k: 10, filters: { metadata: { bucket: 7 } } },
      },
      {
        // A filter every memory passes: the statement-per-round path, pruned as an unfiltered search would be.
        label: `alice broad filter "${text}"`,
        input: { ...base, scope: { userId: "alice" }, k: 10, filters: { metadata: { bucket: { gte: 0 } } } },
      },
      {
        label: `alice cognitive "${text}"`,
        input: {
          ...base,
          scope: { userId: "alice" },
          k: 10,
          scoring: { vector: { enabled: false }, importance: { enabled: true }, lexical: { k1: 0.9, b: 0.4 } },
        },
      },
    );
  }
  return out;
}

async function compare(store: MemoryStoreV1, reference: MemoryStoreV1): Promise<number> {
  let compared = 0;
  for (const { label, input } of searches()) {
    const a = await store.search(input);
    const e = await reference.search(input);
    expect(a.candidateCount, label).toBe(e.candidateCount);
    expectSameRanking(a.hits, e.hits, label, input.k ?? 10, 1e-9);
    compared++;
  }
  return compared;
}

/** Every statistic the pruned search reads agrees with the rows and postings actually stored. */
async function expectConsistentStatistics(db: SqlExecutor): Promise<void> {
  const q = async (sql: string) => (await db.query<{ n: string | number }>(sql)).rows.map((r) => Number(r.n));
  // Postings are exactly the stored rows' terms.
  expect(
    await q(`SELECT count(*) AS n FROM (
      SELECT user_id, t.term, seq, t.tf, token_count FROM aif_memories CROSS JOIN LATERAL unnest(terms, term_counts) AS t(term, tf)
      EXCEPT SELECT user_id, term, seq, tf, dl FROM aif_memory_postings) d`),
  ).toEqual([0]);
  expect(
    await q(`SELECT count(*) - (SELECT sum(cardinality(terms)) FROM aif_memories) AS n FROM aif_memory_postings`),
  ).toEqual([0]);
  // Document frequencies, and bounds that hold.
  expect(
    await q(`SELECT count(*) AS n FROM aif_memory_terms t FULL JOIN (
      SELECT user_id, term, count(*) AS df, max(tf) AS max_tf, min(dl) AS min_dl FROM aif_memory_postings GROUP BY 1, 2) s
      USING (user_id, term)
      WHERE t.df IS DISTINCT FROM s.df OR t.max_tf < s.max_tf OR t.min_dl > s.min_dl`),
  ).toEqual([0]);
  // Per-user document counts and lengths.
  expect(
    await q(`SELECT count(*) AS n FROM aif_memory_corpus c FULL JOIN (
      SELECT user_id, count(*) AS docs, sum(token_count) AS tokens FROM aif_memories GROUP BY user_id) s USING (user_id)
      WHERE c.doc_count IS DISTINCT FROM s.docs AND NOT (c.doc_count = 0 AND s.docs IS NULL)
        OR c.total_tokens IS DISTINCT FROM s.tokens AND NOT (c.total_tokens = 0 AND s.tokens IS NULL)`),
  ).toEqual([0]);
}

let shared: SqlClient | undefined;
async function pglite(): Promise<SqlClient> {
  shared ??= await openPgliteClient();
  await dropMemorySchema(shared);
  return shared;
}
afterAll(async () => {
  await shared?.close();
});

describe("BM25 over term postings (PGlite) agrees with the in-memory store", () => {
  it("repeated terms, long memories, updates, forgets and purges: same rankings and scores, consistent statistics", async () => {
    const client = await pglite();
    const steps = new Map<string, number>();
    const counting: SqlClient = {
      backend: client.backend,
      async query<Row>(sql: string, params?: readonly unknown[]) {
        // Statement per round (searches with filters): a leading comment names the step; one call of
        // aif_bm25_top (the rest): its first row lists the steps that ran.
        const step = /^\/\* bm25 (\w+) \*\//.exec(sql)?.[1];
        if (step) steps.set(step, (steps.get(step) ?? 0) + 1);
        const result = await client.query<Row>(sql, params);
        for (const row of result.rows as Array<{ bm25_steps?: string | null }>) {
          for (const s of row.bm25_steps?.split(" ").filter(Boolean) ?? []) steps.set(s, (steps.get(s) ?? 0) + 1);
        }
        return result;
      },
      transaction: (body) => client.transaction(body),
      close: () => client.close(),
    };
    const store = await createSqlMemoryStore(counting, { clock: DIFFERENTIAL_CLOCK, closeClient: false });
    const reference = createInMemoryStore({ clock: DIFFERENTIAL_CLOCK });
    await writeScenario(store, 600);
    await writeScenario(reference, 600);
    await expectConsistentStatistics(client);
    expect(await compare(store, reference)).toBe(searches().length);
    // Every step ran: the single pass of aif_bm25_top (unfiltered searches), the first round and MaxScore of
    // the statement-per-round path (filtered searches), and the exhaustive ranking of both.
    expect(steps.get("single")).toBeGreaterThan(0);
    expect(steps.get("first")).toBeGreaterThan(0);
    expect(steps.get("maxscore")).toBeGreaterThan(0);
    expect(steps.get("exhaustive")).toBeGreaterThan(0);
    // Most searches are settled before the exhaustive statement.
    expect(steps.get("exhaustive") ?? 0).toBeLessThan((steps.get("first") ?? 0) + (steps.get("single") ?? 0));
  }, 180_000);

  it("a database of the previous schema (tsvector index, no postings) is upgraded in place and ranks the same", async () => {
    const client = await pglite();
    const store = await createSqlMemoryStore(client, { clock: DIFFERENTIAL_CLOCK, closeClient: false });
    const reference = createInMemoryStore({ clock: DIFFERENTIAL_CLOCK });
    await writeScenario(store, 300);
    await writeScenario(reference, 300);
    // Put the tables back as version 3 left them: no postings, no bounds, tsv filled and GIN-indexed.
    await client.query("DROP TABLE aif_memory_postings");
    await client.query("ALTER TABLE aif_memory_terms DROP COLUMN max_tf, DROP COLUMN min_dl");
    await client.query("UPDATE aif_memories SET tsv = array_to_tsvector(terms)");
    await client.query("ALTER TABLE aif_memories ALTER COLUMN tsv SET NOT NULL");
    await client.query("CREATE INDEX aif_memories_tsv ON aif_memories USING gin (tsv)");
    await client.query("DELETE FROM aif_memory_migrations WHERE version = 4");

    const upgraded = await createSqlMemoryStore(client, { clock: DIFFERENTIAL_CLOCK, closeClient: false });
    const { rows } = await client.query<{ version: number }>("SELECT version FROM aif_memory_migrations ORDER BY 1");
    expect(rows.map((r) => Number(r.version))).toContain(4);
    expect((await client.query("SELECT to_regclass('aif_memories_tsv') AS i")).rows).toEqual([{ i: null }]);
    await expectConsistentStatistics(client);
    expect(await compare(upgraded, reference)).toBe(searches().length);
    // And it keeps writing: new memories reach the postings.
    const more = corpus(40, 23);
    await upgraded.addMany(more);
    await reference.addMany(more);
    await expectConsistentStatistics(client);
    await compare(upgraded, reference);
  }, 180_000);
});

const url = process.env.AIF_TEST_POSTGRES_URL;
describe.skipIf(url === undefined)(
  "BM25 over term postings (PostgreSQL server) agrees with the in-memory store",
  () => {
    it("repeated terms, long memories, updates, forgets and purges", async () => {
      const client = openPgClient(await isolatedSchemaUrl(url as string, "aif_test_postings"));
      try {
        await dropMemorySchema(client);
        const store = await createSqlMemoryStore(client, {
          clock: DIFFERENTIAL_CLOCK,
          closeClient: false,
          onWarning: () => {},
        });
        const reference = createInMemoryStore({ clock: DIFFERENTIAL_CLOCK });
        await writeScenario(store, 600);
        await writeScenario(reference, 600);
        await expectConsistentStatistics(client);
        expect(await compare(store, reference)).toBe(searches().length);
      } finally {
        await client.close();
      }
    }, 180_000);
  },
);
