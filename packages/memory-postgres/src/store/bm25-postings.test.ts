import {
  type AddMemoryInput,
  createInMemoryStore,
  type MemoryRecord,
  type MemoryStoreV1,
  type SearchMemoryInput,
  termFrequencies,
  tokenize,
} from "@aifactory/memory";
import { afterAll, describe, expect, it } from "vitest";
import { openPgClient } from "../sql/pg-client";
import { openPgliteClient } from "../sql/pglite-client";
import type { SqlClient, SqlExecutor } from "../sql/sql-client";
import { decodeAll, termBucket } from "./bm25-postings";
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
// both paths of the eligibility check: the best candidates alone, and every candidate under a selective filter.
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

/** The postings a memory should have: (user, term, seq, tf, length), one string per posting. */
function expectedPostings(rows: ReadonlyArray<{ user_id: string; seq: string | number; content: string }>): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const terms = termFrequencies(tokenize(r.content));
    let length = 0;
    for (const tf of terms.values()) length += tf;
    for (const [term, tf] of terms) out.push(`${r.user_id} ${term} ${Number(r.seq)} ${tf} ${length}`);
  }
  return out.sort();
}

/** Every posting the search reads agrees with the rows actually stored, and sits in its term's bucket. */
async function expectConsistentStatistics(db: SqlExecutor): Promise<void> {
  const memories = await db.query<{ user_id: string; seq: string | number; content: string }>(
    "SELECT user_id, seq, content FROM aif_memories",
  );
  const segments = await db.query<{ user_id: string; bucket: number; postings: string }>(
    "SELECT user_id, bucket, postings FROM aif_memory_segments",
  );
  const stored: string[] = [];
  const misplaced: string[] = [];
  for (const row of segments.rows) {
    for (const [term, p] of decodeAll([row.postings])) {
      if (termBucket(term) !== Number(row.bucket)) misplaced.push(term);
      p.seqs.forEach((seq, i) => {
        stored.push(`${row.user_id} ${term} ${seq} ${p.tfs[i]} ${p.lengths[i]}`);
      });
    }
  }
  expect(misplaced).toEqual([]);
  expect(stored.sort()).toEqual(expectedPostings(memories.rows));
  const q = async (sql: string) => (await db.query<{ n: string | number }>(sql)).rows.map((r) => Number(r.n));
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
  it("repeated terms, long memories, updates, forgets and purges: same rankings and scores, consistent postings", async () => {
    const client = await pglite();
    let fallbacks = 0;
    let searchesRun = 0;
    const counting: SqlClient = {
      backend: client.backend,
      async query<Row>(sql: string, params?: readonly unknown[]) {
        // The eligibility check of every candidate past the best ones, when too few of those were eligible.
        if (sql.startsWith("SELECT seq FROM aif_memories WHERE seq = ANY")) fallbacks++;
        if (sql.includes("FROM aif_search_postings(")) searchesRun++;
        return client.query<Row>(sql, params);
      },
      transaction: (body) => client.transaction(body),
      close: () => client.close(),
    };
    const store = await createSqlMemoryStore(counting, { clock: DIFFERENTIAL_CLOCK, closeClient: false });
    const reference = createInMemoryStore({ clock: DIFFERENTIAL_CLOCK });
    await writeScenario(store, 600);
    await writeScenario(reference, 600);
    await expectConsistentStatistics(client);
    // Single adds and updates merged levels: more than one level is in use.
    const levels = await client.query<{ n: string | number }>(
      "SELECT count(DISTINCT level) AS n FROM aif_memory_segments",
    );
    expect(Number(levels.rows[0]?.n)).toBeGreaterThan(1);
    expect(await compare(store, reference)).toBe(searches().length);
    // Both paths ran: the best candidates settled most searches, a selective filter needed every candidate.
    expect(fallbacks).toBeGreaterThan(0);
    expect(fallbacks).toBeLessThan(searchesRun / 4);
  }, 180_000);

  it("the SQL term hash of migration 6 is the store's", async () => {
    const client = await pglite();
    await createSqlMemoryStore(client, { closeClient: false });
    const terms = ["coffee", "a", "zeppelin", "doc17", "x".repeat(64), "café", "東京", "ñandú", "123"];
    const { rows } = await client.query<{ b: number }>(
      "SELECT aif_term_bucket(t) AS b FROM unnest($1::text[]) WITH ORDINALITY AS u(t, o) ORDER BY o",
      [terms],
    );
    expect(rows.map((r) => Number(r.b))).toEqual(terms.map(termBucket));
  });

  it("a database of the previous schema (one row per posting, term statistics) is upgraded in place and ranks the same", async () => {
    const client = await pglite();
    const store = await createSqlMemoryStore(client, { clock: DIFFERENTIAL_CLOCK, closeClient: false });
    const reference = createInMemoryStore({ clock: DIFFERENTIAL_CLOCK });
    await writeScenario(store, 300);
    await writeScenario(reference, 300);
    // Put the tables back as version 5 left them: postings one row each, term statistics, terms arrays filled.
    const { rows } = await client.query<{ user_id: string; seq: string | number; content: string }>(
      "SELECT user_id, seq, content FROM aif_memories",
    );
    const postings = expectedPostings(rows).map((line) => line.split(" "));
    await client.query(`CREATE TABLE aif_memory_postings (user_id text NOT NULL, term text NOT NULL, seq bigint NOT NULL,
      tf integer NOT NULL, dl integer NOT NULL, PRIMARY KEY (user_id, term, seq) INCLUDE (tf, dl))`);
    await client.query(
      `INSERT INTO aif_memory_postings SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::int[])`,
      [0, 1, 2, 3, 4].map((c) => postings.map((p) => p[c])),
    );
    await client.query(`CREATE TABLE aif_memory_terms (user_id text NOT NULL, term text NOT NULL, df integer NOT NULL,
      max_tf integer NOT NULL DEFAULT 1, min_dl integer NOT NULL DEFAULT 0, PRIMARY KEY (user_id, term))`);
    await client.query("DROP TABLE aif_memory_segments");
    await client.query("DELETE FROM aif_memory_migrations WHERE version = 6");

    const upgraded = await createSqlMemoryStore(client, { clock: DIFFERENTIAL_CLOCK, closeClient: false });
    const versions = await client.query<{ version: number }>("SELECT version FROM aif_memory_migrations ORDER BY 1");
    expect(versions.rows.map((r) => Number(r.version))).toContain(6);
    expect((await client.query("SELECT to_regclass('aif_memory_postings') AS t")).rows).toEqual([{ t: null }]);
    await expectConsistentStatistics(client);
    expect(await compare(upgraded, reference)).toBe(searches().length);
    // And it keeps writing: new memories reach the postings, purges remove them.
    const more = corpus(40, 23);
    const added = await upgraded.addMany(more);
    await reference.addMany(more);
    for (const s of [upgraded, reference]) {
      const record = (await s.list({ scope: { userId: "alice" }, limit: 1, offset: 5 }))[0] as MemoryRecord;
      await s.purge({ scope: record.scope, id: record.id });
    }
    expect(added.length).toBe(40);
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
