import { describe, expect, it } from "vitest";
import { estimateServing } from "../inference/serving-model";
import { agentSessionTraffic } from "./agent-traffic";
import { simulateFleet } from "./fleet";
import { type FleetReplicaModel, type FleetSimulationOptions, simulateFleetReplicas } from "./fleet-simulator";
import { sizeFleet } from "./fleet-size";
import { summarizePercentiles } from "./fleet-stats";
import { erlangC, md1MeanWaitSeconds, mmcMeanWaitSeconds } from "./queueing";
import { buildRequestTable, type FleetTrafficInput, fleetTrafficSchema } from "./traffic";

/** A replica that serves one request at a time: an iteration prefills one whole prompt and emits one token. */
function server(stepSeconds: FleetReplicaModel["stepSeconds"]): FleetReplicaModel {
  return {
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
    stepSeconds,
  };
}

const OPTIONS: FleetSimulationOptions = {
  router: "central-queue",
  prefixAffinityImbalanceRatio: 0.25,
  slo: {},
  warmupRequests: 2000,
  kvTransferLatencySeconds: 0,
  perRequest: false,
};

function table(traffic: FleetTrafficInput) {
  return buildRequestTable(fleetTrafficSchema.parse(traffic));
}

describe("fleet simulator against queueing theory", () => {
  it("matches M/D/1: constant service, Poisson arrivals (Pollaczek-Khinchine)", () => {
    for (const rho of [0.3, 0.6, 0.8]) {
      const service = 0.02;
      const requests = table({
        arrival: { kind: "poisson", ratePerSecond: rho / service },
        requests: 80_000,
        inputTokens: { kind: "fixed", tokens: 100 },
        outputTokens: { kind: "fixed", tokens: 1 },
        seed: 11,
      });
      const result = simulateFleetReplicas([server(() => service)], requests, OPTIONS);
      const expected = md1MeanWaitSeconds(rho / service, service) * 1e3;
      expect(Math.abs(result.queueMs.mean - expected) / expected, `rho ${rho}`).toBeLessThan(0.08);
      // Utilisation = arrival rate x service time.
      expect(result.pools[0]?.busyRatio).toBeCloseTo(rho, 1);
    }
  });

  it("matches M/M/c (Erlang C) with exponential service and a central queue", () => {
    for (const [servers, rho] of [
      [1, 0.6],
      [4, 0.7],
      [8, 0.75],
    ] as const) {
      const meanService = 0.05;
      const rate = (rho * servers) / meanService;
      // Service time proportional to the prompt: exponential prompts make exponential service.
      const requests = table({
        arrival: { kind: "poisson", ratePerSecond: rate },
        requests: 100_000,
        inputTokens: { kind: "exponential", meanTokens: 1e5, maxTokens: 1e8 },
        outputTokens: { kind: "fixed", tokens: 1 },
        seed: 7,
      });
      const replicas = Array.from({ length: servers }, () =>
        server((_d, _c, prefill) => (prefill / 1e5) * meanService),
      );
      const result = simulateFleetReplicas(replicas, requests, OPTIONS);
      const expected = mmcMeanWaitSeconds(servers, rate, meanService) * 1e3;
      expect(Math.abs(result.queueMs.mean - expected) / expected, `c ${servers} rho ${rho}`).toBeLessThan(0.1);
      expect(result.pools[0]?.busyRatio).toBeCloseTo(rho, 1);
    }
  });

  it("has tails that grow without bound as the load nears capacity", () => {
    const p99 = [0.5, 0.8, 0.95, 0.99].map((rho) => {
      const requests = table({
        arrival: { kind: "poisson", ratePerSecond: rho / 0.01 },
        requests: 30_000,
        inputTokens: { kind: "fixed", tokens: 10 },
        outputTokens: { kind: "fixed", tokens: 1 },
      });
      return simulateFleetReplicas([server(() => 0.01)], requests, { ...OPTIONS, warmupRequests: 0 }).ttftMs.p99;
    });
    for (let i = 1; i < p99.length; i++) expect(p99[i]).toBeGreaterThan(p99[i - 1] as number);
    expect(p99[3]).toBeGreaterThan(10 * (p99[0] as number));
  });

  it("computes Erlang C and the M/D/1 wait in closed form", () => {
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12);
    // Two servers at a = 1 Erlang: C = 1/3.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(md1MeanWaitSeconds(5, 0.1)).toBeCloseTo(0.05, 12);
    expect(mmcMeanWaitSeconds(1, 5, 0.1)).toBeCloseTo(0.1, 12);
    expect(md1MeanWaitSeconds(10, 0.1)).toBe(Number.POSITIVE_INFINITY);
  });
});

const LLAMA_POOL = { accelerator: "nvidia-h100-sxm", count: 2, engine: { tp: 1 } } as const;
const POISSON = {
  arrival: { kind: "poisson", ratePerSecond: 8 },
  requests: 3000,
  inputTokens: { kind: "lognormal", medianTokens: 800, sigma: 0.6, maxTokens: 8000 },
  outputTokens: { kind: "lognormal", medianTokens: 150, sigma: 0.6, maxTokens: 2000 },
} as const;

describe("simulateFleet on the serving model", () => {
  it("is deterministic for a seed and reports finite, ordered percentiles", () => {
    const a = simulateFleet({ architecture: "llama-3.1-8b", pools: [LLAMA_POOL], traffic: POISSON });
    const b = simulateFleet({ architecture: "llama-3.1-8b", pools: [LLAMA_POOL], traffic: POISSON });
    expect(a).toEqual(b);
    for (const s of [a.ttftMs, a.tpotMs, a.e2eMs, a.queueMs]) {
      expect(s.p50).toBeLessThanOrEqual(s.p90);
      expect(s.p90).toBeLessThanOrEqual(s.p99);
      expect(s.p99).toBeLessThanOrEqual(s.max);
      expect(s.p99Interval[0]).toBeLessThanOrEqual(s.p99);
      expect(s.p99Interval[1]).toBeGreaterThanOrEqual(s.p99);
    }
    expect(a.measuredRequests).toBe(3000);
    expect(a.acceleratorCount).toBe(2);
    expect(a.pools[0]?.acceleratorId).toBe("nvidia-h100-sxm");
  });

  it("obeys Little's law in a closed loop: concurrency = request rate x mean latency", () => {
    const fleet = simulateFleet({
      architecture: "llama-3.1-8b",
      pools: [{ accelerator: "nvidia-h100-sxm" }],
      traffic: {
        arrival: { kind: "closed-loop", concurrency: 32 },
        requests: 3200,
        inputTokens: { kind: "uniform", minTokens: 200, maxTokens: 2000 },
        outputTokens: { kind: "uniform", minTokens: 50, maxTokens: 400 },
      },
    });
    const inFlight = fleet.requestsPerSecond * (fleet.e2eMs.mean / 1e3);
    expect(Math.abs(inFlight - 32) / 32).toBeLessThan(0.05);
  });

  it("puts the closed-loop TTFT of a benchmark beside the single-request prefill time", () => {
    const result = estimateServing({
      architecture: "llama-3.1-8b",
      accelerator: "nvidia-h100-sxm",
      config: { inputTokens: 2000, outputTokens: 500, concurrency: 64 },
    });
    const closed = result.closedLoop;
    expect(closed).toBeDefined();
    // 64 prompts of 2000 tokens queue for an 8192-token budget: most wait for several chunks of others.
    expect(closed?.meanTtftMs).toBeGreaterThan(2 * result.ttftMs);
    // Decode speed is the same physics: the closed-loop TPOT stays near the steady-state one.
    expect(Math.abs((closed?.meanTpotMs ?? 0) - result.tpotMs) / result.tpotMs).toBeLessThan(0.3);
    const none = estimateServing({
      architecture: "llama-3.1-8b",
      accelerator: "nvidia-h100-sxm",
      config: { inputTokens: 2000, outputTokens: 500, concurrency: 64 },
      closedLoop: false,
    });
    expect(none.closedLoop).toBeUndefined();
  });

  it("serves a growing conversation from the prefix cache, more with a prefix-aware router", () => {
    const sessions: FleetTrafficInput = {
      arrival: { kind: "poisson", ratePerSecond: 2 },
      requests: 1500,
      inputTokens: { kind: "fixed", tokens: 2000 },
      outputTokens: { kind: "fixed", tokens: 200 },
      sharedPrefixTokens: 1024,
      sessions: { turns: { kind: "fixed", tokens: 6 }, newInputTokens: { kind: "fixed", tokens: 300 }, idleSeconds: 3 },
    };
    const pools = [{ accelerator: "nvidia-h100-sxm", count: 4 }];
    const aware = simulateFleet({
      architecture: "llama-3.1-8b",
      pools,
      traffic: sessions,
      options: { router: "prefix-aware" },
    });
    const rr = simulateFleet({
      architecture: "llama-3.1-8b",
      pools,
      traffic: sessions,
      options: { router: "round-robin" },
    });
    const off = simulateFleet({
      architecture: "llama-3.1-8b",
      pools: [{ accelerator: "nvidia-h100-sxm", count: 4, engine: { prefixCaching: false } }],
      traffic: sessions,
    });
    expect(off.prefixHitRatio).toBe(0);
    expect(rr.prefixHitRatio).toBeGreaterThan(0.1);
    expect(aware.prefixHitRatio).toBeGreaterThan(rr.prefixHitRatio + 0.2);
    expect(aware.ttftMs.mean).toBeLessThan(off.ttftMs.mean);
  });

  it("keeps evicted prefixes in KV tiers below HBM and pays their read-back", () => {
    const sessions: FleetTrafficInput = {
      arrival: { kind: "poisson", ratePerSecond: 3 },
      requests: 1200,
      inputTokens: { kind: "fixed", tokens: 3000 },
      outputTokens: { kind: "fixed", tokens: 100 },
      sessions: {
        turns: { kind: "fixed", tokens: 8 },
        newInputTokens: { kind: "fixed", tokens: 500 },
        idleSeconds: 20,
      },
    };
    // A small HBM cache (2% of free HBM for KV): most conversations are evicted between turns.
    const efficiency = { kvCacheMemoryRatio: 0.02 };
    const run = (kvTiers: { id: string; capacityBytes: number; readGBps?: number }[]) =>
      simulateFleet({
        architecture: "llama-3.1-8b",
        pools: [{ accelerator: "nvidia-h100-sxm", engine: { kvTiers } }],
        traffic: sessions,
        efficiency,
      });
    const hbmOnly = run([]);
    const dram = run([{ id: "dram", capacityBytes: 200e9, readGBps: 50 }]);
    const slowDram = run([{ id: "dram", capacityBytes: 200e9, readGBps: 0.5 }]);
    const twoTiers = run([
      { id: "dram", capacityBytes: 2e9, readGBps: 50 },
      { id: "ssd", capacityBytes: 500e9, readGBps: 5 },
    ]);
    expect(dram.prefixHitRatio).toBeGreaterThan(hbmOnly.prefixHitRatio + 0.2);
    expect(twoTiers.prefixHitRatio).toBeGreaterThan(hbmOnly.prefixHitRatio + 0.2);
    // The same hits read at 1% of the bandwidth cost TTFT.
    expect(slowDram.prefixHitRatio).toBeCloseTo(dram.prefixHitRatio, 1);
    expect(slowDram.ttftMs.mean).toBeGreaterThan(dram.ttftMs.mean);
  });

  it("preempts under on-demand KV when the cache is small, and never with reserved KV", () => {
    const traffic: FleetTrafficInput = {
      arrival: { kind: "closed-loop", concurrency: 256 },
      requests: 1024,
      inputTokens: { kind: "fixed", tokens: 4000 },
      outputTokens: { kind: "fixed", tokens: 2000 },
    };
    const efficiency = { kvCacheMemoryRatio: 0.05 };
    const onDemand = simulateFleet({
      architecture: "llama-3.1-8b",
      pools: [{ accelerator: "nvidia-h100-sxm", engine: { kvAdmission: "on-demand" } }],
      traffic,
      efficiency,
    });
    const reserve = simulateFleet({
      architecture: "llama-3.1-8b",
      pools: [{ accelerator: "nvidia-h100-sxm" }],
      traffic,
      efficiency,
    });
    expect(onDemand.preemptions).toBeGreaterThan(0);
    expect(onDemand.pools[0]?.recomputedTokens).toBeGreaterThan(0);
    expect(onDemand.warnings.join(" ")).toMatch(/preemptions/);
    expect(reserve.preemptions).toBe(0);
    expect(onDemand.measuredRequests).toBe(1024);
    expect(reserve.measuredRequests).toBe(1024);
  });

  it("runs disaggregated prefill and decode pools with a KV transfer, and mixed accelerator types", () => {
    const disaggregated = simulateFleet({
      architecture: "llama-3.1-70b",
      pools: [
        { accelerator: "nvidia-h100-sxm", role: "prefill", count: 2, engine: { tp: 4 } },
        { accelerator: "nvidia-h200-sxm", role: "decode", count: 1, engine: { tp: 4 } },
      ],
      traffic: POISSON,
      options: { kvTransferLatencyMs: 5, slo: { ttftMs: 2000, tpotMs: 100 } },
    });
    expect(disaggregated.pools.map((p) => p.role)).toEqual(["prefill", "decode"]);
    expect(disaggregated.acceleratorCount).toBe(12);
    expect(disaggregated.measuredRequests).toBe(3000);
    expect(disaggregated.sloAttainmentRatio).toBeGreaterThan(0);
    const mixed = simulateFleet({
      architecture: "llama-3.1-8b",
      pools: [{ accelerator: "nvidia-h100-sxm" }, { accelerator: "nvidia-a100-sxm-80gb" }],
      traffic: POISSON,
    });
    expect(mixed.pools.map((p) => p.acceleratorId)).toEqual(["nvidia-h100-sxm", "nvidia-a100-sxm-80gb"]);
    expect(mixed.pools.every((p) => p.iterations > 0)).toBe(true);
  });

  it("sizes a fleet whose re-simulation meets the SLOs, and one replica less does not", () => {
    const traffic: FleetTrafficInput = { ...POISSON, arrival: { kind: "poisson", ratePerSecond: 24 }, requests: 2000 };
    const sizing = { ttftP99Ms: 600, tpotP99Ms: 25, headroomFactors: [1, 1.5] };
    const progress: Array<[number, number]> = [];
    const sized = sizeFleet({
      architecture: "llama-3.1-8b",
      designs: [{ pools: [{ accelerator: "nvidia-h100-sxm" }] }],
      traffic,
      sizing,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([[1, 1]]);
    const design = sized.designs[0];
    expect(design?.meetsSlo).toBe(true);
    const again = simulateFleet({ architecture: "llama-3.1-8b", pools: design?.pools ?? [], traffic });
    expect(again.ttftMs.p99).toBeLessThanOrEqual(600);
    expect(again.tpotMs.p99).toBeLessThanOrEqual(25);
    if ((design?.scale ?? 1) > 1) {
      const fewer = simulateFleet({
        architecture: "llama-3.1-8b",
        pools: [{ accelerator: "nvidia-h100-sxm", count: (design?.scale ?? 1) - 1 }],
        traffic,
      });
      expect(fewer.ttftMs.p99 > 600 || fewer.tpotMs.p99 > 25).toBe(true);
    }
    // The headroom curve: 1.5x the rate on the same fleet is worse.
    expect(design?.headroom[1]?.tpotP99Ms).toBeGreaterThan(design?.headroom[0]?.tpotP99Ms ?? 0);
    expect(sized.fewestGpus).toBe(0);
  });

  it("turns an agentic task into sessions that share the system prompt and the conversation", () => {
    const traffic = agentSessionTraffic(
      { turns: 10, systemPromptTokens: 1024, tokensPerTurn: 600, outputTokensPerTurn: 150, toolLatencyMs: 1000 },
      { tasksPerSecond: 0.5, tasks: 60 },
    );
    expect(traffic.requests).toBe(600);
    const fleet = simulateFleet({
      architecture: "llama-3.1-8b",
      pools: [{ accelerator: "nvidia-h100-sxm", count: 2 }],
      traffic,
      options: { router: "prefix-aware" },
    });
    expect(fleet.measuredRequests).toBe(600);
    // Later turns reuse the conversation: most prompt tokens come from the cache.
    expect(fleet.prefixHitRatio).toBeGreaterThan(0.6);
  });

  it("names the field of a bad pool, traffic or option", () => {
    expect(() =>
      simulateFleet({
        architecture: "llama-3.1-8b",
        pools: [{ accelerator: "nvidia-h100-sxm", count: 0 }],
        traffic: POISSON,
      }),
    ).toThrow(/count/);
    expect(() =>
      simulateFleet({
        architecture: "llama-3.1-8b",
        pools: [{ accelerator: "nvidia-h100-sxm" }],
        traffic: { ...POISSON, arrival: { kind: "poisson", ratePerSecond: -1 } },
      }),
    ).toThrow(/ratePerSecond/);
    expect(() =>
      simulateFleet({ architecture: "llama-3.1-405b", pools: [{ accelerator: "nvidia-h100-sxm" }], traffic: POISSON }),
    ).toThrow(/does not fit/);
    expect(() =>
      simulateFleet({
        architecture: "llama-3.1-8b",
        pools: [{ accelerator: "nvidia-h100-sxm", role: "prefill" }],
        traffic: POISSON,
      }),
    ).toThrow(/decode pool/);
  });

  it("summarises percentiles with order-statistic intervals", () => {
    const s = summarizePercentiles(Array.from({ length: 1001 }, (_, i) => i));
    expect(s.p50).toBe(500);
    expect(s.p99).toBe(990);
    expect(s.p50Interval[0]).toBeLessThan(500);
    expect(s.p50Interval[1]).toBeGreaterThan(500);
    expect(summarizePercentiles([Number.NaN]).count).toBe(0);
  });
});
