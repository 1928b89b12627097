import {
  createHashingEmbedder,
  createInMemoryStore,
  dotProduct,
  memoryStoreContractCases,
  normalizeVector,
  syntheticMemoryCorpus,
} from "@aifactory/memory";
import { afterAll, describe, expect, it } from "vitest";
import { openPgliteClient } from "../sql/pglite-client";
import type { SqlClient, SqlExecutor } from "../sql/sql-client";
import { createSqlMemoryStore } from "./sql-memory-store";
import {
  compareDifferentialSearches,
  DIFFERENTIAL_CLOCK,
  dropMemorySchema,
  writeDifferentialScenario,
} from "./test-helpers";

// One PGlite instance with pgvector serves every case (starting PGlite costs seconds); each case drops and
// re-creates the schema.
let shared: SqlClient | undefined;
async function pglite(): Promise<SqlClient> {
  shared ??= await openPgliteClient();
  await dropMemorySchema(shared);
  return shared;
}
afterAll(async () => {
  await shared?.close();
});

const embedder = createHashingEmbedder();
const embed = async (text: string) => (await embedder.embed([text]))[0] as number[];

/** A client that records the vector statements the store sends (to EXPLAIN them afterwards). */
function recording(client: SqlClient): { client: SqlClient; statements: Array<{ sql: string; params: unknown[] }> } {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const wrap = (db: SqlExecutor): SqlExecutor => ({
    query(sql, params = []) {
      if (sql.includes("<#>")) statements.push({ sql, params: [...params] });
      return db.query(sql, params);
    },
  });
  return {
    statements,
    client: {
      backend: client.backend,
      query: wrap(client).query,
      transaction: (body) => client.transaction((tx) => body(wrap(tx))),
      close: () => client.close(),
    },
  };
}

async function explain(client: SqlClient, statement: { sql: string; params: unknown[] }): Promise<string> {
  const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${statement.sql}`, statement.params);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

describe("PGlite + pgvector: MemoryStoreV1 contract with the hashing embedder", () => {
  for (const c of memoryStoreContractCases()) {
    it(c.name, async () => {
      const store = await createSqlMemoryStore(await pglite(), { embedder, closeClient: false });
      expect(store.vectorSearch).toMatchObject({ backend: "pgvector", index: "hnsw", storage: "vector" });
      expect(store.capabilities.vectorSearch).toBe("native");
      try {
        await c.run(store);
      } finally {
        await store.close();
      }
    }, 60_000);
  }
});

describe("PGlite + pgvector agrees with the in-memory store", () => {
  it("same retrievers, candidates, RRF fusion and ranking on 400 memories (exact path)", async () => {
    const options = { embedder, clock: DIFFERENTIAL_CLOCK };
    const store = await createSqlMemoryStore(await pglite(), { ...options, closeClient: false });
    const reference = createInMemoryStore(options);
    await writeDifferentialScenario(store);
    await writeDifferentialScenario(reference);
    const result = await compareDifferentialSearches(store, reference, embed);
    expect(result.searches).toBe(61);
    expect(result.withVector).toBeGreaterThanOrEqual(40);
    expect(result.fused).toBeGreaterThanOrEqual(20);
  }, 120_000);

  it("the same through the HNSW index (vectorIndexMinRows 0) on the same scenario", async () => {
    const options = { embedder, clock: DIFFERENTIAL_CLOCK };
    const { client, statements } = recording(await pglite());
    const store = await createSqlMemoryStore(client, { ...options, vectorIndexMinRows: 0, closeClient: false });
    const reference = createInMemoryStore(options);
    await writeDifferentialScenario(store);
    await writeDifferentialScenario(reference);
    // At 400 rows and ef_search 200 the graph search finds every eligible row, so the answer is exact.
    await compareDifferentialSearches(store, reference, embed);
    expect(statements.some((s) => s.sql.includes("embedding_vec::vector(256) <#>"))).toBe(true);
  }, 120_000);
});

describe("pgvector executes, and agrees with exact in-process cosine ranking", () => {
  const n = 3_000;
  const queries = 40;

  it(`${n} memories, ${queries} embedding queries: exact SQL path equals JS cosine; HNSW recall@10 >= 0.95`, async () => {
    const corpus = syntheticMemoryCorpus({ n, seed: 3 });
    const inputs = Array.from({ length: n }, (_, i) => corpus.memory(i));
    const texts = Array.from({ length: queries }, () => corpus.query());
    const { client, statements } = recording(await pglite());
    const indexed = await createSqlMemoryStore(client, { embedder, vectorIndexMinRows: 0, closeClient: false });
    const exact = await createSqlMemoryStore(client, { embedder, vectorIndex: "none", closeClient: false });
    expect(exact.vectorSearch).toMatchObject({ backend: "pgvector", index: "none" });
    await indexed.addMany(inputs);

    // Exact cosine ranking in JS over the same unit vectors (float32, as stored); equal scores rank the newer
    // memory first, as rankCandidates does.
    const vectors = (await embedder.embed(inputs.map((m) => m.content))).map((v) => normalizeVector(v));
    const exactTop = (q: Float32Array) =>
      vectors
        .map((v, i) => ({ i, cosine: dotProduct(v, q) }))
        .sort((a, b) => b.cosine - a.cosine || b.i - a.i)
        .slice(0, 10);
    const indexOf = new Map(inputs.map((m, i) => [m.content, i]));

    let recallSum = 0;
    let exactMismatches = 0;
    for (const text of texts) {
      const embedding = await embed(text);
      const truth = exactTop(normalizeVector(embedding));
      const search = { scope: { userId: "bench-user" }, embedding, k: 10, recordAccess: false };
      const viaExact = await exact.search(search);
      viaExact.hits.forEach((hit, r) => {
        const want = truth[r];
        const cosine = hit.explanation.find((c) => c.name === "vector")?.value ?? Number.NaN;
        expect(Math.abs(cosine - (want?.cosine ?? 0))).toBeLessThan(1e-5);
        if (indexOf.get(hit.memory.content) !== want?.i) exactMismatches++;
      });
      const viaIndex = await indexed.search(search);
      const found = new Set(viaIndex.hits.map((h) => indexOf.get(h.memory.content)));
      recallSum += truth.filter((t) => found.has(t.i)).length / truth.length;
    }
    const recallAt10 = recallSum / texts.length;
    expect(exactMismatches).toBe(0);
    expect(recallAt10).toBeGreaterThanOrEqual(0.95);

    // The plans: the indexed statement scans the HNSW index of length 256; the exact one orders by <#>.
    const indexedStatement = statements.find((s) => s.sql.includes("embedding_vec::vector(256) <#>"));
    const exactStatement = statements.find((s) => !s.sql.includes("::vector(256)"));
    if (!indexedStatement || !exactStatement) throw new Error("both vector statements should have run");
    const indexedPlan = await explain(client, indexedStatement);
    expect(indexedPlan).toMatch(/Index Scan using aif_memories_embedding_hnsw_256/);
    const exactPlan = await explain(client, exactStatement);
    expect(exactPlan).toContain("<#>");
    expect(exactPlan).not.toMatch(/hnsw/);
  }, 240_000);

  it("a filter that HNSW alone would starve still returns every eligible memory", async () => {
    const { client } = recording(await pglite());
    const store = await createSqlMemoryStore(client, { embedder, vectorIndexMinRows: 0, closeClient: false });
    const corpus = syntheticMemoryCorpus({ n: 1_500, seed: 5 });
    await store.addMany(
      Array.from({ length: 1_500 }, (_, i) => ({ ...corpus.memory(i), metadata: { rare: i % 300 === 0 } })),
    );
    const { hits } = await store.search({
      scope: { userId: "bench-user" },
      embedding: await embed(corpus.query()),
      filters: { metadata: { rare: true } },
      k: 10,
      recordAccess: false,
    });
    expect(hits).toHaveLength(5);
  }, 120_000);
});

describe("HNSW index lifecycle", () => {
  it("is built once a user crosses vectorIndexMinRows, or at open when a store left it missing", async () => {
    const client = await pglite();
    const indexExists = async () =>
      (await client.query<{ ok: boolean }>("SELECT to_regclass('aif_memories_embedding_hnsw_256') IS NOT NULL AS ok"))
        .rows[0]?.ok;
    const corpus = syntheticMemoryCorpus({ n: 120, seed: 9 });
    const batch = (from: number, count: number, userId = "bench-user") =>
      Array.from({ length: count }, (_, i) => ({ ...corpus.memory(from + i), scope: { userId } }));
    const store = await createSqlMemoryStore(client, { embedder, vectorIndexMinRows: 50, closeClient: false });
    await store.addMany(batch(0, 40));
    await store.addMany(batch(40, 40, "someone-else"));
    expect(await indexExists()).toBe(false);
    await store.addMany(batch(80, 20));
    expect(await indexExists()).toBe(true);

    await dropMemorySchema(client);
    const loader = await createSqlMemoryStore(client, { embedder, vectorIndex: "none", closeClient: false });
    await loader.addMany(batch(0, 60));
    expect(await indexExists()).toBe(false);
    const reopened = await createSqlMemoryStore(client, { embedder, vectorIndexMinRows: 50, closeClient: false });
    expect(await indexExists()).toBe(true);
    const { hits, retrievers } = await reopened.search({ scope: { userId: "bench-user" }, text: corpus.query() });
    expect(retrievers).toContain("vector");
    expect(hits.length).toBeGreaterThan(0);
  }, 120_000);
});

describe("PGlite without pgvector: the in-process fallback", () => {
  it("reports it, warns once, and ranks as the in-memory store", async () => {
    const client = await openPgliteClient(undefined, { pgvector: false });
    try {
      const warnings: string[] = [];
      const options = { embedder, clock: DIFFERENTIAL_CLOCK };
      const store = await createSqlMemoryStore(client, {
        ...options,
        usePgvector: true,
        onWarning: (m) => warnings.push(m),
      });
      expect(store.vectorSearch).toMatchObject({ backend: "in-process", index: "none", storage: "real[]" });
      expect(store.vectorSearch.reason).toMatch(/without the pgvector extension/);
      expect(store.capabilities.vectorSearch).toBe("scan");
      expect(warnings).toHaveLength(0);
      const reference = createInMemoryStore(options);
      await writeDifferentialScenario(store);
      await writeDifferentialScenario(reference);
      await compareDifferentialSearches(store, reference, embed);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/in-process/);
      await store.close();
    } finally {
      await client.close();
    }
  }, 180_000);
});
