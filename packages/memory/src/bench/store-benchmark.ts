import { createSeededRandom } from "@aifactory/core";
import type { AddMemoryInput } from "../spec/memory-inputs";
import type { MemoryStoreV1 } from "../spec/memory-store-v1";

/**
 * Options of {@link runMemoryStoreBenchmark}.
 *
 * @since 0.1.0
 * @category Benchmark
 */
export interface MemoryStoreBenchmarkOptions {
  /** Memories to ingest. */
  n: number;
  /** Memories per `addMany` call (default 1 000). */
  batchSize?: number;
  /** Searches to time (default 200). */
  queries?: number;
  /** Hits per search (default 10). */
  k?: number;
  /** Seed of the synthetic corpus (default 1). */
  seed?: number;
  /** Distinct words in the synthetic vocabulary (default 20 000). */
  vocabularySize?: number;
  /** Called after each batch with the number ingested. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * What {@link runMemoryStoreBenchmark} measured.
 *
 * @since 0.1.0
 * @category Benchmark
 */
export interface MemoryStoreBenchmarkResult {
  storeId: string;
  n: number;
  batchSize: number;
  ingestSeconds: number;
  ingestPerSecond: number;
  queries: number;
  searchP50Ms: number;
  searchP99Ms: number;
  searchMeanMs: number;
  /** The slowest search (ms); with 500 searches the p99 is the sixth slowest, so a single pause shows only here. */
  searchMaxMs: number;
  /**
   * CPU time (user + system) of the process per search, p50 and p99, where `process.cpuUsage` exists (Node);
   * on a loaded machine the wall-clock p99 also holds time spent waiting for a core, which this leaves out.
   */
  searchCpuP50Ms: number | null;
  searchCpuP99Ms: number | null;
  meanHits: number;
}

type CpuUsage = () => { user: number; system: number };
const cpuUsage: CpuUsage | undefined = (globalThis as { process?: { cpuUsage?: CpuUsage } }).process?.cpuUsage;

const SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qu", "do", "fi", "gu", "ha", "je"];

/**
 * A deterministic synthetic corpus: pseudo-words drawn from a Zipf distribution (exponent 1, as word
 * frequencies in natural text roughly follow; Zipf 1949) without its 100 most frequent ranks (the stop words a
 * real tokenizer drops), 8 to 23 words per memory, all in one user's scope (the worst case: one user's index
 * holds every memory). Queries are three words from the same distribution.
 *
 * @param options - n, seed and vocabulary size
 * @returns a generator of memories and one of query texts
 * @example
 * ```ts
 * import { syntheticMemoryCorpus } from "@aifactory/memory";
 * const corpus = syntheticMemoryCorpus({ n: 10 });
 * corpus.memory(0).content.length > 0; // true
 * ```
 * @since 0.1.0
 * @category Benchmark
 */
export function syntheticMemoryCorpus(options: { n: number; seed?: number; vocabularySize?: number }) {
  // Seeded (core's mulberry32), so every run ingests the same corpus.
  const random = createSeededRandom(options.seed ?? 1);
  const size = options.vocabularySize ?? 20_000;
  const words = Array.from({ length: size }, (_, i) => {
    let w = "";
    let x = i + 1;
    while (x > 0) {
      w += SYLLABLES[x % SYLLABLES.length];
      x = Math.floor(x / SYLLABLES.length);
    }
    return w;
  });
  // Zipf(1) over ranks 101..size+100: the 100 most frequent words of real text are mostly function words that
  // the tokenizer's stop list removes, so they never reach the index; the synthetic corpus leaves them out.
  const cumulative = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    sum += 1 / (i + 101);
    cumulative[i] = sum;
  }
  const word = (): string => {
    const target = random() * sum;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] as string;
  };
  return {
    memory(i: number): AddMemoryInput {
      const length = 8 + Math.floor(random() * 16);
      const text = Array.from({ length }, word).join(" ");
      return { scope: { userId: "bench-user" }, content: `memory ${i}: ${text}`, importance: random() };
    },
    query(): string {
      return Array.from({ length: 3 }, word).join(" ");
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

/**
 * Measures a store: batched ingestion of `n` synthetic memories (memories per second over the whole load),
 * then `queries` three-word searches with default scoring (which logs each hit as a use), timed one by
 * one: p50, p99, mean and max latency in ms. Wall-clock time from `performance.now()`; no warm-up and no
 * forced garbage collection, so pauses of the collector count where they fall.
 *
 * @param store - an empty store
 * @param options - n, batch size, queries
 * @returns the measurements
 * @example
 * ```ts
 * import { createInMemoryStore, runMemoryStoreBenchmark } from "@aifactory/memory";
 * const result = await runMemoryStoreBenchmark(createInMemoryStore(), { n: 1_000, queries: 20 });
 * result.ingestPerSecond > 0; // true
 * ```
 * @since 0.1.0
 * @category Benchmark
 */
export async function runMemoryStoreBenchmark(
  store: MemoryStoreV1,
  options: MemoryStoreBenchmarkOptions,
): Promise<MemoryStoreBenchmarkResult> {
  const batchSize = options.batchSize ?? 1_000;
  const queries = options.queries ?? 200;
  const corpus = syntheticMemoryCorpus(options);
  let ingestMs = 0;
  for (let done = 0; done < options.n; ) {
    const count = Math.min(batchSize, options.n - done);
    const batch = Array.from({ length: count }, (_, i) => corpus.memory(done + i));
    const started = performance.now();
    await store.addMany(batch);
    ingestMs += performance.now() - started;
    done += count;
    options.onProgress?.(done, options.n);
  }
  const latencies: number[] = [];
  const cpu: number[] = [];
  let hits = 0;
  for (let q = 0; q < queries; q++) {
    const text = corpus.query();
    const cpuStart = cpuUsage?.();
    const started = performance.now();
    const result = await store.search({ scope: { userId: "bench-user" }, text, k: options.k ?? 10 });
    latencies.push(performance.now() - started);
    const cpuEnd = cpuUsage?.();
    if (cpuStart && cpuEnd) cpu.push((cpuEnd.user - cpuStart.user + cpuEnd.system - cpuStart.system) / 1000);
    hits += result.hits.length;
  }
  latencies.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    storeId: store.storeId,
    n: options.n,
    batchSize,
    ingestSeconds: ingestMs / 1000,
    ingestPerSecond: options.n / Math.max(1e-9, ingestMs / 1000),
    queries,
    searchP50Ms: percentile(latencies, 50),
    searchP99Ms: percentile(latencies, 99),
    searchMeanMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    searchMaxMs: latencies[latencies.length - 1] ?? 0,
    searchCpuP50Ms: cpu.length > 0 ? percentile(cpu, 50) : null,
    searchCpuP99Ms: cpu.length > 0 ? percentile(cpu, 99) : null,
    meanHits: hits / Math.max(1, queries),
  };
}
