import {
  type AddMemoryInput,
  type MemoryStoreV1,
  type SearchMemoryInput,
  syntheticMemoryCorpus,
} from "@aifactory/memory";
import type { SqlClient } from "../sql/sql-client";

/**
 * Drops the store's tables so the next store starts from an empty schema (tests only; not exported).
 *
 * @param client - an open client
 */
export async function dropMemorySchema(client: SqlClient): Promise<void> {
  await client.query(
    "DROP TABLE IF EXISTS aif_memories, aif_memory_terms, aif_memory_corpus, aif_memory_postings, aif_memory_segments, aif_memory_migrations, aif_memory_vector_dims",
  );
}

/**
 * A connection string whose sessions use their own schema, so test files that share one server run in
 * parallel without touching each other's tables (tests only).
 *
 * @param url - the server's connection string
 * @param schema - a fixed lower-case identifier chosen by the test
 * @returns the connection string with `options=-c search_path=<schema>`
 */
export async function isolatedSchemaUrl(url: string, schema: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const { openPgClient } = await import("../sql/pg-client");
  const admin = openPgClient(url, 1);
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await admin.close();
  }
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}

/** What a differential test compares of a hit: content (ids differ between stores), score and explanation. */
export interface HitLike {
  memory: { content: string };
  score: number;
  explanation: ReadonlyArray<{ name: string }>;
}

/**
 * Throws unless two rankings agree: same length, scores equal within `tolerance` rank by rank, the same
 * explanation components, and the same contents in each run of scores equal within `tolerance` (pgvector sums
 * products in single precision, JavaScript in double, so near-ties may swap). The last run is not compared
 * when the list was cut at `k` (its members beyond k are unknown). Tests only.
 *
 * @param actual - hits of the store under test
 * @param expected - hits of the reference store
 * @param label - names the case in the error
 * @param k - the k the searches ran with
 * @param tolerance - absolute score tolerance (default 1e-5)
 */
export function expectSameRanking(
  actual: readonly HitLike[],
  expected: readonly HitLike[],
  label: string,
  k: number,
  tolerance = 1e-5,
): void {
  const show = (hits: readonly HitLike[]) =>
    hits.map((h) => `${h.memory.content.slice(0, 14)}=${h.score.toFixed(6)}`).join(", ");
  const fail = (why: string): never => {
    throw new Error(`${label}: ${why}\n  actual:   ${show(actual)}\n  expected: ${show(expected)}`);
  };
  if (actual.length !== expected.length) fail(`${actual.length} hits, expected ${expected.length}`);
  const names = (h: HitLike) => h.explanation.map((c) => c.name).join(",");
  let start = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as HitLike;
    const e = expected[i] as HitLike;
    if (Math.abs(a.score - e.score) > tolerance) fail(`rank ${i + 1}: score ${a.score} vs ${e.score}`);
    if (names(a) !== names(e)) fail(`rank ${i + 1}: explanation ${names(a)} vs ${names(e)}`);
    const next = expected[i + 1];
    if (next !== undefined && Math.abs(next.score - e.score) <= tolerance) continue;
    const cut = next === undefined && expected.length === k;
    if (!cut) {
      const got = new Set(actual.slice(start, i + 1).map((h) => h.memory.content));
      if (expected.slice(start, i + 1).some((h) => !got.has(h.memory.content))) {
        fail(`ranks ${start + 1}..${i + 1} hold different memories`);
      }
    }
    start = i + 1;
  }
}

const T0 = Date.parse("2026-01-01T00:00:00Z");
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A fixed clock for differential tests: both stores then stamp the same `createdAt` on the same writes. */
export const DIFFERENTIAL_CLOCK = (): number => T0;

/**
 * Writes the same deterministic scenario into a store: `n` memories over two users, agents, namespaces,
 * kinds, metadata and validity windows (embedded by the store's embedder), five with explicit 8-dimension
 * embeddings, then updates and forgets. Tests only.
 *
 * @param store - an empty store opened with an embedder and {@link DIFFERENTIAL_CLOCK}
 * @param n - memories (default 400)
 */
export async function writeDifferentialScenario(store: MemoryStoreV1, n = 400): Promise<void> {
  const corpus = syntheticMemoryCorpus({ n, seed: 7, vocabularySize: 300 });
  const inputs: AddMemoryInput[] = Array.from({ length: n }, (_, i) => {
    const scope: AddMemoryInput["scope"] = { userId: i % 7 === 0 ? "bob" : "alice" };
    if (i % 3 === 0) scope.agentId = "a1";
    if (i % 11 === 0) scope.namespace = "ns";
    const input: AddMemoryInput = {
      scope,
      content: corpus.memory(i).content,
      kind: (["episodic", "semantic", "procedural"] as const)[i % 3],
      metadata: { bucket: i % 4, tag: i % 2 === 0 ? "x" : "y" },
      importance: (i % 10) / 10,
    };
    if (i % 13 === 0) input.validFrom = iso(T0 - 1_000 * HOUR);
    if (i % 13 === 0 && i % 2 === 0) input.validTo = iso(T0 - 500 * HOUR);
    return input;
  });
  const added = await store.addMany(inputs);
  await store.addMany(
    Array.from({ length: 5 }, (_, i) => ({
      scope: { userId: "alice" },
      content: `short vector note ${i} ${corpus.query()}`,
      embedding: Array.from({ length: 8 }, (_, j) => Math.sin(i * 8 + j + 1)),
    })),
  );
  for (let i = 0; i < added.length; i += 20) {
    const record = added[i];
    if (record && record.validTo === null) {
      await store.update({ scope: record.scope, id: record.id, content: `${record.content} revised` });
    }
  }
  for (let i = 5; i < added.length; i += 25) {
    const record = added[i];
    if (record && i % 20 !== 0) await store.forget({ scope: record.scope, id: record.id, reason: "test" });
  }
}

/**
 * The searches of the differential tests: hybrid, embedding only, narrowed scope with filters, `asOf`,
 * cognitive scoring, Generative Agents, each retriever alone, an embedding of another length, another user
 * and an unknown user. Tests only.
 *
 * @param embed - the embedder used by the stores (to build embedding-only queries)
 * @returns named search inputs
 */
export async function differentialSearches(
  embed: (text: string) => Promise<number[]>,
): Promise<Array<{ label: string; input: SearchMemoryInput }>> {
  const queries = syntheticMemoryCorpus({ n: 0, seed: 99, vocabularySize: 300 });
  const alice = { userId: "alice" };
  const now = iso(T0 + 10 * HOUR);
  const out: Array<{ label: string; input: SearchMemoryInput }> = [];
  for (let q = 0; q < 6; q++) {
    const text = queries.query();
    const base = { k: 10, now, recordAccess: false };
    out.push(
      { label: `hybrid ${q}`, input: { ...base, scope: alice, text } },
      { label: `embedding only ${q}`, input: { ...base, scope: alice, embedding: await embed(text) } },
      {
        label: `agent scope and filters ${q}`,
        input: {
          ...base,
          scope: { userId: "alice", agentId: "a1" },
          text,
          filters: { kinds: ["episodic", "semantic"], metadata: { bucket: { in: [0, 2] } } },
        },
      },
      { label: `asOf ${q}`, input: { ...base, scope: alice, text, asOf: iso(T0 - 700 * HOUR) } },
      {
        label: `cognitive ${q}`,
        input: {
          ...base,
          scope: alice,
          text,
          scoring: { activation: { enabled: true }, decay: { enabled: true }, importance: { enabled: true } },
        },
      },
      {
        label: `generative agents ${q}`,
        input: { ...base, scope: alice, text, scoring: { generativeAgents: { enabled: true } } },
      },
      { label: `lexical only ${q}`, input: { ...base, scope: alice, text, scoring: { vector: { enabled: false } } } },
      { label: `vector only ${q}`, input: { ...base, scope: alice, text, scoring: { lexical: { enabled: false } } } },
      {
        label: `8-dimension embedding ${q}`,
        input: { ...base, scope: alice, text, embedding: Array.from({ length: 8 }, (_, j) => Math.cos(q + j)) },
      },
      { label: `other user ${q}`, input: { ...base, scope: { userId: "bob" }, text, k: 25 } },
    );
  }
  out.push({ label: "unknown user", input: { scope: { userId: "nobody" }, text: "anything", recordAccess: false } });
  return out;
}

/**
 * Runs every differential search on both stores and throws at the first disagreement in retrievers,
 * candidate count or ranking (see {@link expectSameRanking}). Tests only.
 *
 * @param actual - the store under test
 * @param reference - the in-memory store with the same embedder, clock and writes
 * @param embed - the embedder
 * @returns how many searches were compared and how many ran the vector retriever
 */
export async function compareDifferentialSearches(
  actual: MemoryStoreV1,
  reference: MemoryStoreV1,
  embed: (text: string) => Promise<number[]>,
): Promise<{ searches: number; withVector: number; fused: number }> {
  let withVector = 0;
  let fused = 0;
  const searches = await differentialSearches(embed);
  for (const { label, input } of searches) {
    const a = await actual.search(input);
    const e = await reference.search(input);
    if (a.retrievers.join() !== e.retrievers.join()) {
      throw new Error(`${label}: retrievers ${a.retrievers} vs ${e.retrievers}`);
    }
    if (a.candidateCount !== e.candidateCount) {
      throw new Error(`${label}: candidateCount ${a.candidateCount} vs ${e.candidateCount}`);
    }
    expectSameRanking(a.hits, e.hits, label, input.k ?? 10);
    if (a.retrievers.includes("vector")) withVector++;
    if (a.hits.some((h) => h.explanation.some((c) => c.name === "rrf"))) fused++;
  }
  return { searches: searches.length, withVector, fused };
}
