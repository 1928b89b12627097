/**
 * `pnpm --filter @aifactory/memory bench:kv`: the KV-cache simulator on synthetic traces (target: 1M
 * shared-prefix requests in under 20 s on a 2-core machine, time n log n or better).
 * Usage: pnpm --filter @aifactory/memory bench:kv [maxRequests=1000000]
 *
 * Times trace generation and simulation separately for 64k agentic requests (`generateAgenticTrace`, 6,400
 * sessions) and 64k, 256k and 1M shared-prefix requests (`generateSharedPrefixTrace`), each through an 80 GB HBM
 * tier and a 1 TB DRAM tier (64 GB/s) with Llama 3.1 8B BF16 KV blocks of 16 tokens (2 MiB), the shape of
 * `aif kv simulate --trace synthetic:shared-prefix --tiers hbm:80GB,dram:1TB@64`. Prints one JSON line per
 * trace, with the load average (`os.loadavg`, 1 minute) before and after: on a shared machine the wall-clock
 * times include waiting for a core, so the CPU time of the process (`process.cpuUsage`) is given too. The last
 * line gives the scaling ratio: simulation time per request at the largest shared-prefix trace over that at 64k
 * (1 for linear time; n log n from 64k to 1M would be log(1M)/log(64k) = 1.25), in wall-clock and in CPU time
 * (the wall-clock ratio moves with the machine's load between the runs).
 */
import { cpus, loadavg } from "node:os";
import {
  generateAgenticTrace,
  generateSharedPrefixTrace,
  type KvTraceRequest,
  LLAMA_3_1_8B_BF16_KV,
  simulateKvCache,
} from "../src/index";

const maxRequests = Number(process.argv[2] ?? 1_000_000);
const tiers = [
  { id: "hbm", capacityBytes: 80e9 },
  { id: "dram", capacityBytes: 1e12, readGBps: 64, writeGBps: 64 },
];

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

interface Row {
  trace: string;
  requests: number;
  simulateSeconds: number;
  simulateCpuSeconds: number;
}

function measure(trace: string, make: () => KvTraceRequest[]): Row {
  const loadBefore = loadavg()[0] as number;
  const generateStarted = performance.now();
  const requests = make();
  const generateSeconds = (performance.now() - generateStarted) / 1000;
  const cpuStarted = cpuSeconds();
  const started = performance.now();
  const result = simulateKvCache(requests, {
    tiers,
    blockTokens: 16,
    kvBytesPerToken: LLAMA_3_1_8B_BF16_KV.kvBytesPerToken,
  });
  const simulateSeconds = (performance.now() - started) / 1000;
  const simulateCpuSeconds = cpuSeconds() - cpuStarted;
  console.log(
    JSON.stringify({
      trace,
      requests: result.requests,
      lookedUpBlocks: result.lookedUpBlocks,
      hitRatio: result.hitRatio,
      peakTrackedBlocks: result.breakdown.peakTrackedBlocks,
      generateSeconds: Number(generateSeconds.toFixed(2)),
      simulateSeconds: Number(simulateSeconds.toFixed(2)),
      simulateCpuSeconds: Number(simulateCpuSeconds.toFixed(2)),
      totalSeconds: Number((generateSeconds + simulateSeconds).toFixed(2)),
      microsecondsPerRequest: Number(((simulateSeconds * 1e6) / result.requests).toFixed(2)),
      heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1e6),
      loadAverage: [loadBefore, loadavg()[0]],
    }),
  );
  return { trace, requests: result.requests, simulateSeconds, simulateCpuSeconds };
}

console.log(`# KV simulator, ${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}, ${new Date().toISOString()}`);
measure("synthetic:agentic (6,400 sessions)", () => generateAgenticTrace({ sessions: 6_400 }));
const shared: Row[] = [];
for (const requests of [65_536, 262_144, 1_000_000].filter((r) => r <= maxRequests)) {
  shared.push(measure("synthetic:shared-prefix", () => generateSharedPrefixTrace({ requests })));
}
const first = shared[0];
const last = shared[shared.length - 1];
if (first !== undefined && last !== undefined && last !== first) {
  const ratio = last.simulateSeconds / last.requests / (first.simulateSeconds / first.requests);
  const cpuRatio = last.simulateCpuSeconds / last.requests / (first.simulateCpuSeconds / first.requests);
  console.log(
    JSON.stringify({
      scaling: `time per request at ${last.requests} / at ${first.requests} shared-prefix requests`,
      ratio: Number(ratio.toFixed(2)),
      cpuRatio: Number(cpuRatio.toFixed(2)),
      nLogNRatio: Number((Math.log(last.requests) / Math.log(first.requests)).toFixed(2)),
      loadAverage: loadavg(),
    }),
  );
}
