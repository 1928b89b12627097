/**
 * `pnpm bench` for @aifactory/memory: the in-memory store at 1M memories (targets on a 2-core
 * machine: search p99 < 10 ms, ingest ≥ 20 000 memories/s), plus a 100k baseline in the same process.
 * Usage: pnpm --filter @aifactory/memory bench [n] [runs]
 *
 * Each line also gives the load average before and after the run (`os.loadavg`, 1-minute): on a shared
 * machine, wall-clock tails include time spent waiting for a core.
 */
import { loadavg } from "node:os";
import { createInMemoryStore, runMemoryStoreBenchmark } from "../src/index";

const n = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 1);
const targets = { searchP99Ms: 10, ingestPerSecond: 20_000 };
for (let run = 1; run <= runs; run++) {
  for (const size of [...new Set([100_000, n])].filter((s) => s <= n)) {
    const loadBefore = loadavg()[0];
    const result = await runMemoryStoreBenchmark(createInMemoryStore(), { n: size, batchSize: 1_000, queries: 500 });
    const pass = result.searchP99Ms < targets.searchP99Ms && result.ingestPerSecond >= targets.ingestPerSecond;
    // The JS heap the collector traces, and the typed-array buffers outside it (the store's columns).
    const memory = process.memoryUsage();
    const heapUsedMB = Math.round(memory.heapUsed / 1e6);
    const arrayBuffersMB = Math.round(memory.arrayBuffers / 1e6);
    const loadAverage = { before: loadBefore, after: loadavg()[0] };
    console.log(
      JSON.stringify({ run, ...result, targets, meetsTargets: pass, heapUsedMB, arrayBuffersMB, loadAverage }),
    );
  }
}
