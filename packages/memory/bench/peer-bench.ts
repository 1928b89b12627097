/**
 * The in-memory store against the libraries users would otherwise pick: MiniSearch 7.2.0 and
 * FlexSearch 0.8.212, on the same synthetic corpus (`syntheticMemoryCorpus`: Zipf(1) pseudo-words, 8-23 words
 * per memory, one user) and the same three-word queries, in one process.
 * Usage: pnpm --filter @aifactory/memory bench:peers [n=100000] [runs=3] [queries=300]
 *
 * Each run builds a fresh index per engine, one engine after the other (the order rotating from run to run), and
 * times only the add calls (batches of 1,000; the inputs are built beforehand), with a full garbage collection
 * between engines when node runs with `--expose-gc`. Ingestion is not interleaved batch by batch: in one process
 * the garbage one engine leaves is collected while the next one runs, and interleaving moved that cost between
 * engines (it doubled the store's lead in a trial run). The queries then run interleaved (every query on every
 * engine, the order rotating), each timed alone. The summary gives the median over runs of ingest/s, p50 and
 * p99, the ratios to the in-memory store, and the load average (`os.loadavg`, 1 minute) before and after each
 * run: on a shared machine, wall-clock tails include time spent waiting for a core.
 *
 * Top-10 agreement with the store's exact BM25 (k1 1.2, b 0.75), reported, not asserted: MiniSearch is given the
 * store's tokenizer and BM25 parameters (`bm25: { k: 1.2, b: 0.75, d: 0 }` turns its BM25+ into BM25), so its
 * ranking should agree up to ties; FlexSearch ranks by term position and resolution, not BM25, and by default
 * returns only documents with every query term (`suggest: true` relaxes that), so low agreement is expected.
 */
import { cpus, loadavg } from "node:os";
import FlexSearch from "flexsearch";
import MiniSearch from "minisearch";
import { type AddMemoryInput, createInMemoryStore, syntheticMemoryCorpus, tokenize } from "../src/index";

const n = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);
const queryCount = Number(process.argv[4] ?? 300);
const batchSize = 1_000;
const k = 10;

interface Engine {
  name: string;
  /** Adds documents `[start, end)`. */
  add(start: number, end: number): Promise<void>;
  /** The top-k document numbers, best first. */
  search(text: string): Promise<number[]>;
}

const corpus = syntheticMemoryCorpus({ n });
const inputs: AddMemoryInput[] = Array.from({ length: n }, (_, i) => corpus.memory(i));
const contents = inputs.map((input) => input.content);
const queries = Array.from({ length: queryCount }, () => corpus.query());

/** The document number in a memory's content (`memory 123: ...`). */
function docNumber(content: string): number {
  return Number(content.slice(7, content.indexOf(":")));
}

function makeEngines(): Engine[] {
  const store = createInMemoryStore();
  const scope = { userId: "bench-user" };
  const mini = new MiniSearch<{ id: number; content: string }>({
    fields: ["content"],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => term,
    searchOptions: { bm25: { k: 1.2, b: 0.75, d: 0 } },
  });
  const flex = new FlexSearch.Index();
  return [
    {
      name: "aifactory in-memory",
      async add(start, end) {
        await store.addMany(inputs.slice(start, end));
      },
      async search(text) {
        const result = await store.search({ scope, text, k });
        return result.hits.map((hit) => docNumber(hit.memory.content));
      },
    },
    {
      name: "MiniSearch 7.2.0",
      async add(start, end) {
        const docs: { id: number; content: string }[] = [];
        for (let i = start; i < end; i++) docs.push({ id: i, content: contents[i] as string });
        mini.addAll(docs);
      },
      async search(text) {
        return mini
          .search(text)
          .slice(0, k)
          .map((hit) => hit.id as number);
      },
    },
    {
      name: "FlexSearch 0.8.212",
      async add(start, end) {
        for (let i = start; i < end; i++) flex.add(i, contents[i] as string);
      },
      async search(text) {
        return (flex.search(text, { limit: k, suggest: true }) as number[]).slice(0, k);
      },
    },
  ];
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface RunResult {
  name: string;
  ingestPerSecond: number;
  searchP50Ms: number;
  searchP99Ms: number;
  /** Mean share of the store's top-10 found in this engine's top-10 (queries where the store found any). */
  top10Overlap: number;
}

async function run(runIndex: number): Promise<RunResult[]> {
  const loadBefore = loadavg()[0] as number;
  const engines = makeEngines();
  const count = engines.length;
  const ingestMs = new Array<number>(count).fill(0);
  for (let e = 0; e < count; e++) {
    const engineIndex = (e + runIndex) % count;
    const engine = engines[engineIndex] as Engine;
    (globalThis as { gc?: () => void }).gc?.();
    for (let start = 0; start < n; start += batchSize) {
      const started = performance.now();
      await engine.add(start, Math.min(n, start + batchSize));
      ingestMs[engineIndex] = (ingestMs[engineIndex] as number) + performance.now() - started;
    }
  }
  const latencies: number[][] = engines.map(() => []);
  const overlapSums = new Array<number>(count).fill(0);
  let overlapQueries = 0;
  for (let q = 0; q < queries.length; q++) {
    const text = queries[q] as string;
    const tops: number[][] = [];
    for (let e = 0; e < count; e++) {
      const engineIndex = (e + q) % count;
      const started = performance.now();
      tops[engineIndex] = await (engines[engineIndex] as Engine).search(text);
      (latencies[engineIndex] as number[]).push(performance.now() - started);
    }
    const reference = new Set(tops[0]);
    if (reference.size === 0) continue;
    overlapQueries++;
    for (let e = 0; e < count; e++) {
      let shared = 0;
      for (const doc of tops[e] as number[]) if (reference.has(doc)) shared++;
      overlapSums[e] = (overlapSums[e] as number) + shared / reference.size;
    }
  }
  const loadAfter = loadavg()[0] as number;
  const results = engines.map((engine, e) => {
    const sorted = (latencies[e] as number[]).sort((a, b) => a - b);
    return {
      name: engine.name,
      ingestPerSecond: n / ((ingestMs[e] as number) / 1000),
      searchP50Ms: percentile(sorted, 50),
      searchP99Ms: percentile(sorted, 99),
      top10Overlap: overlapQueries === 0 ? 0 : (overlapSums[e] as number) / overlapQueries,
    };
  });
  console.log(
    JSON.stringify({ run: runIndex + 1, n, queries: queries.length, loadAverage: [loadBefore, loadAfter], results }),
  );
  return results;
}

const all: RunResult[][] = [];
for (let r = 0; r < runs; r++) all.push(await run(r));
const names = (all[0] as RunResult[]).map((result) => result.name);
const summary = names.map((name, e) => {
  const pick = (field: keyof Omit<RunResult, "name">) => median(all.map((results) => (results[e] as RunResult)[field]));
  return {
    name,
    ingestPerSecond: pick("ingestPerSecond"),
    searchP50Ms: pick("searchP50Ms"),
    searchP99Ms: pick("searchP99Ms"),
    top10Overlap: pick("top10Overlap"),
  };
});
const ours = summary[0] as (typeof summary)[number];
const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `\n${n.toLocaleString("en-US")} memories, ${queries.length} queries, medians of ${runs} run(s); ${cpus().length} x ${cpu}; load average now ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(
  "engine               | ingest/s  | p50 ms | p99 ms | top-10 overlap | ingest ours/peer | p50 peer/ours | p99 peer/ours",
);
for (const row of summary) {
  console.log(
    [
      row.name.padEnd(20),
      Math.round(row.ingestPerSecond).toLocaleString("en-US").padStart(9),
      row.searchP50Ms.toFixed(3).padStart(6),
      row.searchP99Ms.toFixed(3).padStart(6),
      row.top10Overlap.toFixed(3).padStart(14),
      (ours.ingestPerSecond / row.ingestPerSecond).toFixed(2).padStart(16),
      (row.searchP50Ms / ours.searchP50Ms).toFixed(1).padStart(13),
      (row.searchP99Ms / ours.searchP99Ms).toFixed(1).padStart(13),
    ].join(" | "),
  );
}
console.log(
  JSON.stringify({ summary: { n, runs, queries: queries.length, loadAverage: loadavg(), cpu, engines: summary } }),
);
