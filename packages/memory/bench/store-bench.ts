/**
 * `pnpm bench` for @aifactory/memory: the in-memory store at 1M memories (issue #7 targets on a 2-core
 * machine: search p99 < 10 ms, ingest ≥ 20 000 memories/s), plus a 100k baseline in the same process.
 * Usage: pnpm --filter @aifactory/memory bench [n]
 */
import { createInMemoryStore, runMemoryStoreBenchmark } from "../src/index";

const n = Number(process.argv[2] ?? 1_000_000);
const targets = { searchP99Ms: 10, ingestPerSecond: 20_000 };
for (const size of [...new Set([100_000, n])].filter((s) => s <= n)) {
  const result = await runMemoryStoreBenchmark(createInMemoryStore(), { n: size, batchSize: 1_000, queries: 500 });
  const pass = result.searchP99Ms < targets.searchP99Ms && result.ingestPerSecond >= targets.ingestPerSecond;
  const heapUsedMB = Math.round(process.memoryUsage().heapUsed / 1e6);
  console.log(JSON.stringify({ ...result, targets, meetsTargets: pass, heapUsedMB }));
}
