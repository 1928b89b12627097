/**
 * `pnpm bench` for @aifactory/memory-postgres.
 *
 * 1. Lexical: PGlite at 100k memories with the `@aifactory/memory` benchmark (default scoring, access logging),
 *    the in-memory store on the same corpus in the same process as the baseline, and a PostgreSQL server too
 *    when AIF_TEST_POSTGRES_URL is set. BM25 against SQLite FTS5 on two corpora (synthetic Zipf and LoCoMo):
 *    bench/fts5-bench.ts (`pnpm bench` runs it first and this file with n = 0).
 * 2. Vectors on PGlite + pgvector with the 256-dimension hashing embedder: ingest (HNSW maintained per insert,
 *    and with the index built in bulk after the load), then lexical, vector (HNSW and exact) and hybrid search
 *    latency, and the recall@10 of the HNSW answers against the exact ones.
 *
 * Every line carries the 1-minute load average before and after the measurement: the machine is shared, and
 * a load above the core count means the wall-clock numbers include waiting for a core.
 *
 * Usage: pnpm --filter @aifactory/memory-postgres bench [n] [vectorN] [incrementalN]
 *   n: lexical corpus (default 100 000; 0 skips), vectorN: vector corpus (default 100 000; 0 skips),
 *   incrementalN: memories ingested with the HNSW index maintained per insert (default 10 000; 0 skips).
 */
import { loadavg } from "node:os";
import {
  createHashingEmbedder,
  createInMemoryStore,
  type MemoryStoreV1,
  runMemoryStoreBenchmark,
  type SearchMemoryInput,
  syntheticMemoryCorpus,
} from "@aifactory/memory";
import {
  createPgliteMemoryStore,
  createPostgresMemoryStore,
  createSqlMemoryStore,
  openPgliteClient,
} from "../src/index";

const [n = 100_000, vectorN = 100_000, incrementalN = 10_000] = process.argv.slice(2).map(Number);
const load = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
const cores = (await import("node:os")).availableParallelism();
const print = (line: Record<string, unknown>) => console.log(JSON.stringify({ ...line, cores }));

// 1. Lexical ---------------------------------------------------------------------------------------------
if (n > 0) {
  const stores: Array<[string, () => Promise<MemoryStoreV1>]> = [
    ["in-memory (baseline)", () => Promise.resolve(createInMemoryStore())],
    ["pglite", () => createPgliteMemoryStore()],
  ];
  const url = process.env.AIF_TEST_POSTGRES_URL;
  if (url !== undefined) stores.push(["postgres", () => createPostgresMemoryStore({ connectionString: url })]);
  for (const [label, open] of stores) {
    const store = await open();
    const loadBefore = load();
    const result = await runMemoryStoreBenchmark(store, { n, batchSize: 1_000, queries: 300 });
    await store.close();
    print({ section: "lexical", label, ...result, loadBefore, loadAfter: load() });
  }
}

// 2. Vectors on PGlite + pgvector ------------------------------------------------------------------------
const dimensions = 256;
const embedder = createHashingEmbedder({ dimensions });
const scope = { userId: "bench-user" };
const batchSize = 1_000;

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

/** Ingests `count` synthetic memories in batches of 1 000; returns memories per second (embedding included). */
async function ingest(store: MemoryStoreV1, count: number, seed: number): Promise<number> {
  const corpus = syntheticMemoryCorpus({ n: count, seed });
  const started = performance.now();
  for (let done = 0; done < count; done += batchSize) {
    const size = Math.min(batchSize, count - done);
    await store.addMany(Array.from({ length: size }, (_, i) => corpus.memory(done + i)));
  }
  return count / ((performance.now() - started) / 1000);
}

/** Times each search one by one; returns p50/p99/mean in ms and the hits of each. */
async function timeSearches(store: MemoryStoreV1, inputs: readonly SearchMemoryInput[]) {
  const latencies: number[] = [];
  const hits: string[][] = [];
  const loadBefore = load();
  for (const input of inputs) {
    const started = performance.now();
    const result = await store.search(input);
    latencies.push(performance.now() - started);
    hits.push(result.hits.map((h) => h.memory.id));
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    timing: {
      queries: inputs.length,
      searchP50Ms: round(percentile(sorted, 50)),
      searchP99Ms: round(percentile(sorted, 99)),
      searchMeanMs: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
      loadBefore,
      loadAfter: load(),
    },
    hits,
  };
}

if (incrementalN > 0) {
  // HNSW maintained on every insert (vectorIndexMinRows 0: the index exists from the first batch on).
  const store = await createPgliteMemoryStore({ embedder, vectorIndexMinRows: 0 });
  const loadBefore = load();
  const ingestPerSecond = await ingest(store, incrementalN, 21);
  print({
    section: "vector ingest, HNSW maintained per insert",
    n: incrementalN,
    dimensions,
    ingestPerSecond: Math.round(ingestPerSecond),
    loadBefore,
    loadAfter: load(),
  });
  await store.close();
}

if (vectorN > 0) {
  const client = await openPgliteClient();
  // Bulk load without the index (vectorIndex "none"), then a store with HNSW builds it once, at open.
  const loader = await createSqlMemoryStore(client, { embedder, vectorIndex: "none", closeClient: false });
  let loadBefore = load();
  const ingestPerSecond = await ingest(loader, vectorN, 1);
  print({
    section: "vector ingest, index deferred",
    n: vectorN,
    dimensions,
    ingestPerSecond: Math.round(ingestPerSecond),
    loadBefore,
    loadAfter: load(),
  });
  loadBefore = load();
  const started = performance.now();
  const indexed = await createSqlMemoryStore(client, { embedder, closeClient: false });
  const buildSeconds = (performance.now() - started) / 1000;
  print({
    section: "vector HNSW bulk build at open",
    n: vectorN,
    buildSeconds: Math.round(buildSeconds * 10) / 10,
    builtPerSecond: Math.round(vectorN / buildSeconds),
    endToEndIngestPerSecond: Math.round(vectorN / (vectorN / ingestPerSecond + buildSeconds)),
    vectorSearch: indexed.vectorSearch,
    loadBefore,
    loadAfter: load(),
  });
  const exact = await createSqlMemoryStore(client, { embedder, vectorIndex: "none", closeClient: false });
  const faster = await createSqlMemoryStore(client, { embedder, hnswEfSearch: 200, closeClient: false });

  const queries = syntheticMemoryCorpus({ n: 0, seed: 5 });
  const texts = Array.from({ length: 200 }, () => queries.query());
  const k = 10;
  const lexical = texts.map((text) => ({ scope, text, k, scoring: { vector: { enabled: false } } }));
  const vector = texts.map((text) => ({ scope, text, k, scoring: { lexical: { enabled: false } } }));
  const hybrid = texts.map((text) => ({ scope, text, k }));

  const runs: Array<[string, MemoryStoreV1, SearchMemoryInput[]]> = [
    ["lexical (BM25 only)", indexed, lexical],
    ["vector, HNSW", indexed, vector],
    ["vector, HNSW ef_search 200", faster, vector],
    ["vector, exact (vectorIndex none)", exact, vector.slice(0, 50)],
    ["hybrid (BM25 + HNSW, RRF)", indexed, hybrid],
  ];
  const answers = new Map<string, string[][]>();
  for (const [label, store, inputs] of runs) {
    const { timing, hits } = await timeSearches(store, inputs);
    answers.set(label, hits);
    print({ section: "vector search", label, n: vectorN, k, ...timing });
  }
  // Recall@10 of HNSW against the exact ranking, on the queries both ran.
  const truth = answers.get("vector, exact (vectorIndex none)") ?? [];
  for (const [label, efSearch] of [
    ["vector, HNSW", 1_000],
    ["vector, HNSW ef_search 200", 200],
  ] as const) {
    const approx = answers.get(label) ?? [];
    let recall = 0;
    truth.forEach((want, i) => {
      const got = new Set(approx[i]);
      recall += want.filter((id) => got.has(id)).length / Math.max(1, want.length);
    });
    print({
      section: "vector recall",
      n: vectorN,
      k,
      queries: truth.length,
      recallAtK: Math.round((recall / Math.max(1, truth.length)) * 1000) / 1000,
      efSearch,
    });
  }
  await client.close();
}
