/**
 * Fleet simulator benchmark: simulated requests and events per second of wall time, with the simulator's own
 * cost floor as the baseline run in the same process.
 *
 * - Baseline: 100,000 Poisson requests on one replica with a constant step time (M/D/1): the event loop, the
 *   router, the queues and the statistics, no serving model.
 * - Serving: 100,000 requests (log-normal prompts and answers) on 4 x H100 running Llama 3.1 8B, step times from
 *   the serving model and the measured kernel tables (the target: under 1 s on one core).
 * - Sessions: 100,000 turns of multi-turn sessions on 8 x H100 with the prefix-aware router and prefix caching.
 *
 * Run: `pnpm --filter @aifactory/workloads bench` (or `tsx bench/fleet.bench.ts`).
 */
import { loadavg } from "node:os";
import { fleetTrafficSchema, simulateFleet } from "../src/index";
import { buildRequestTable, type FleetReplicaModel, simulateFleetReplicas } from "../src/internal";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(run: () => { events: number }, repeats = 5): { ms: number; events: number } {
  run();
  const samples: number[] = [];
  let events = 0;
  for (let i = 0; i < repeats; i += 1) {
    const start = performance.now();
    events = run().events;
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), events };
}

const queue: FleetReplicaModel = {
  pool: "queue",
  role: "mixed",
  acceleratorCount: 1,
  kvCapacityTokens: 1e12,
  maxBatchSize: 1,
  maxNumTokens: 1e12,
  chunkedPrefill: false,
  kvAdmission: "reserve",
  preemption: "recompute",
  acceptedTokensPerStep: 1,
  queryTokensPerSequence: 1,
  kvBytesPerToken: 1,
  swapBytesPerSecond: 1e9,
  kvTransferBytesPerSecond: 1e9,
  prefixCaching: false,
  stepSeconds: () => 0.01,
};
const md1Table = buildRequestTable(
  fleetTrafficSchema.parse({
    arrival: { kind: "poisson", ratePerSecond: 80 },
    requests: 100_000,
    inputTokens: { kind: "fixed", tokens: 100 },
    outputTokens: { kind: "fixed", tokens: 1 },
  }),
);
const options = {
  router: "least-loaded" as const,
  prefixAffinityImbalanceRatio: 0.25,
  slo: {},
  warmupRequests: 0,
  kvTransferLatencySeconds: 0,
  perRequest: false,
};
const baseline = time(() => simulateFleetReplicas([queue], md1Table, options));

const serving = time(() =>
  simulateFleet({
    architecture: "llama-3.1-8b",
    pools: [{ accelerator: "nvidia-h100-sxm", count: 4 }],
    traffic: {
      arrival: { kind: "poisson", ratePerSecond: 40 },
      requests: 100_000,
      inputTokens: { kind: "lognormal", medianTokens: 1000, sigma: 0.7, maxTokens: 16000 },
      outputTokens: { kind: "lognormal", medianTokens: 200, sigma: 0.7, maxTokens: 4000 },
    },
  }),
);

const sessions = time(
  () =>
    simulateFleet({
      architecture: "llama-3.1-8b",
      pools: [{ accelerator: "nvidia-h100-sxm", count: 8 }],
      traffic: {
        arrival: { kind: "poisson", ratePerSecond: 6 },
        requests: 100_000,
        inputTokens: { kind: "lognormal", medianTokens: 1500, sigma: 0.5, maxTokens: 8000 },
        outputTokens: { kind: "lognormal", medianTokens: 250, sigma: 0.5, maxTokens: 2000 },
        sharedPrefixTokens: 2048,
        sessions: {
          turns: { kind: "uniform", minTokens: 4, maxTokens: 16 },
          newInputTokens: { kind: "fixed", tokens: 400 },
          idleSeconds: 5,
        },
      },
      options: { router: "prefix-aware" },
    }),
  3,
);

const row = (label: string, r: { ms: number; events: number }) =>
  `${label.padEnd(44)} ${r.ms.toFixed(0).padStart(6)} ms  ${((100_000 / r.ms) * 1000).toFixed(0).padStart(9)} requests/s  ${(((r.events / r.ms) * 1000) / 1e6).toFixed(2).padStart(6)} M events/s  ${(r.ms / baseline.ms).toFixed(1).padStart(5)}x baseline`;
console.log(`fleet simulator, 100,000 requests each (median of repeats; load average ${loadavg()[0]?.toFixed(1)})`);
console.log(row("baseline: M/D/1, constant step", baseline));
console.log(row("serving model: 4 x H100, Llama 3.1 8B", serving));
console.log(row("sessions: 8 x H100, prefix-aware, cached", sessions));
console.log(`target: serving model under 1,000 ms: ${serving.ms < 1000 ? "met" : "not met"}`);
