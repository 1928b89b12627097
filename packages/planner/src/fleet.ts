import { AifError } from "@aifactory/core";
import {
  type FleetDesignInput,
  type FleetResult,
  type FleetTrafficInput,
  fleetEngineSchema,
  offeredRatePerSecond,
  type SizedFleetDesign,
  simulateFleet,
  sizeFleet,
} from "@aifactory/workloads";
import { composeUsage, toPlanAssumption } from "./compose";
import { acceleratorForWorkloads, architectureForWorkloads, builtInFactoryCatalog, type FactoryCatalog } from "./pack";
import type { FleetDesignSummary, FleetPerformance, WorkloadSections } from "./plan-types";
import type { Scenario } from "./scenario";

type FleetWorkload = Extract<Scenario["workload"], { kind: "fleet" }>;

/** Memoised fleet simulations and sizings (a few recent scenarios). */
const fleetCache = new Map<string, SizedFleetDesign>();
const sizingCache = new Map<string, SizedFleetDesign[]>();
const FLEET_CACHE_SIZE = 16;

function remember(key: string | undefined, design: SizedFleetDesign): void {
  if (key === undefined) return;
  if (fleetCache.size >= FLEET_CACHE_SIZE) {
    const oldest = fleetCache.keys().next();
    if (!oldest.done) fleetCache.delete(oldest.value);
  }
  fleetCache.set(key, design);
}

/**
 * Forgets the memoised fleet simulations (called by `clearPlanCaches`).
 *
 * @internal
 */
export function clearFleetPlanCache(): void {
  fleetCache.clear();
  sizingCache.clear();
}

/** The workload fields a simulation depends on (the planning period and `size` only change what is reported). */
function simulationFields(workload: FleetWorkload): unknown {
  const { days: _days, size: _size, ...rest } = workload;
  return rest;
}

/** $ per million output tokens of a fleet of `acceleratorCount` at `costPerGpuHourUsd` producing `tokensPerSecond`. */
function usdPerMillion(costPerGpuHourUsd: number, gpus: number, tokensPerSecond: number): number {
  return tokensPerSecond > 0 ? (costPerGpuHourUsd * gpus) / ((tokensPerSecond * 3600) / 1e6) : 0;
}

/**
 * Sizes the scenario's fleet workload for its accelerator and each of `alsoAccelerators` (the smallest fleet
 * meeting the P99 SLOs, by simulation) and prices and powers each design with the scenario's site and economics
 * (the same composition as every plan). Memoised per workload: edits of the site or economics only re-price.
 *
 * @param scenario - a parsed scenario whose workload is a fleet
 * @param custom - designs to size instead (mixed accelerator pools, prefill/decode pools; counts are ratios):
 *   each pool is priced and powered as its own accelerator and the design's figures are the sums
 * @param onProgress - called after each design is sized, with (done, total) (not called for a memoised sizing)
 * @param catalog - where accelerator and model ids are looked up (default: the built-in catalogs)
 * @returns one summary per design, the scenario's accelerator first
 * @example
 * ```ts
 * import { getDefaultScenario, scenarioSchema, sizeAndPriceFleet } from "@aifactory/planner";
 * const designs = sizeAndPriceFleet(scenarioSchema.parse(getDefaultScenario("llama-3.1-8b-fleet-h100-poisson")));
 * designs[0]?.acceleratorId; // "nvidia-h100-sxm"
 * ```
 * @since 0.3.0
 * @category Plan
 */
export function sizeAndPriceFleet(
  scenario: Scenario,
  custom?: FleetDesignInput[],
  onProgress?: (done: number, total: number) => void,
  catalog: FactoryCatalog = builtInFactoryCatalog(),
): FleetDesignSummary[] {
  const workload = scenario.workload as FleetWorkload;
  const architecture = architectureForWorkloads(catalog, workload.model, "workload.model");
  const engine = fleetEngineSchema.parse(workload.engine);
  const traffic = workload.traffic as FleetTrafficInput;
  const options = { router: workload.router, slo: { ttftMs: workload.ttftP99Ms, tpotMs: workload.tpotP99Ms } };
  const accelerator = scenario.hardware.accelerator;
  const accelerators = [accelerator, ...workload.alsoAccelerators.filter((a) => a !== accelerator)];
  // A pack's accelerator goes to the simulator as its entry (built-in ones as their ids).
  const refs = accelerators.map((a, i) =>
    acceleratorForWorkloads(catalog, a, i === 0 ? "hardware.accelerator" : "workload.alsoAccelerators"),
  );
  const designsIn: FleetDesignInput[] =
    custom?.map((design) => ({
      ...design,
      pools: design.pools.map((pool) =>
        typeof pool.accelerator === "string"
          ? { ...pool, accelerator: acceleratorForWorkloads(catalog, pool.accelerator, "pools.accelerator") }
          : pool,
      ),
    })) ?? accelerators.map((a, i) => ({ name: a, pools: [{ accelerator: refs[i]!, engine }] }));
  const kernels = scenario.kernels;
  const hours = workload.days * 24;
  // Keyed by the resolved model and accelerators: a pack's entries are keyed by their figures, not their ids.
  const sizingKey =
    typeof kernels === "string"
      ? JSON.stringify(["sizing", simulationFields(workload), architecture, designsIn, kernels])
      : undefined;
  let designs = sizingKey === undefined ? undefined : sizingCache.get(sizingKey);
  if (designs === undefined) {
    designs = sizeFleet({
      architecture,
      designs: designsIn,
      traffic,
      options,
      kernels,
      ...(onProgress === undefined ? {} : { onProgress }),
      sizing: {
        ttftP99Ms: workload.ttftP99Ms,
        tpotP99Ms: workload.tpotP99Ms,
        maxScaleMultiplier: workload.maxReplicas,
        headroomFactors: workload.headroomFactors,
      },
    }).designs;
    if (sizingKey !== undefined) {
      if (sizingCache.size >= FLEET_CACHE_SIZE) {
        const oldest = sizingCache.keys().next();
        if (!oldest.done) sizingCache.delete(oldest.value);
      }
      sizingCache.set(sizingKey, designs);
    }
  }
  return designs.map((d) => {
    // Each pool is priced and powered as its own accelerator; a design's cost and power are the pools' sums.
    let costPerHourUsd = 0;
    let facilityPowerKW = 0;
    let rented = 0;
    for (const [i, pool] of d.pools.entries()) {
      const poolStats = d.result.pools[i];
      const poolAccelerator = typeof pool.accelerator === "string" ? pool.accelerator : pool.accelerator.id;
      const gpus = poolStats?.acceleratorCount ?? 0;
      if (gpus === 0) continue;
      const busy = Math.max(1e-6, poolStats?.busyRatio ?? 1);
      const priced = composeUsage(
        { ...scenario, hardware: { accelerator: poolAccelerator, count: gpus } },
        { acceleratorCount: gpus, hours, utilizationRatio: busy },
        catalog,
      );
      costPerHourUsd += priced.cost.costPerGpuHourUsd * gpus;
      if (scenario.economics.ownership === "cloud" && priced.cost.onDemandUsdPerAcceleratorHour !== undefined)
        rented += 1;
      facilityPowerKW += priced.energy.facilityPowerKW;
    }
    const id = [
      ...new Set(d.pools.map((p) => (typeof p.accelerator === "string" ? p.accelerator : p.accelerator.id))),
    ].join(" + ");
    const costPerGpuHourUsd = d.acceleratorCount > 0 ? costPerHourUsd / d.acceleratorCount : 0;
    const costBasis: FleetDesignSummary["costBasis"] =
      rented === d.pools.length ? "cloud" : rented === 0 ? "owned" : "mixed";
    const priced = { energy: { facilityPowerKW } };
    return {
      name: d.name,
      acceleratorId: id,
      meetsSlo: d.meetsSlo,
      replicas: d.scale,
      acceleratorCount: d.acceleratorCount,
      ttftP99Ms: d.result.ttftMs.p99,
      tpotP99Ms: d.result.tpotMs.p99,
      costPerGpuHourUsd,
      costBasis,
      usdPerMillionTokens: usdPerMillion(costPerGpuHourUsd, d.acceleratorCount, d.result.outputTokensPerSecond),
      facilityPowerKW: priced.energy.facilityPowerKW,
      headroom: d.headroom.map((h) => ({
        ratePerSecond: h.ratePerSecond,
        ttftP99Ms: h.ttftP99Ms,
        tpotP99Ms: h.tpotP99Ms,
        sloAttainmentRatio: h.sloAttainmentRatio,
        usdPerMillionTokens: usdPerMillion(
          costPerGpuHourUsd,
          d.acceleratorCount,
          d.result.outputTokensPerSecond * h.rateFactor,
        ),
      })),
    };
  });
}

/** Usage of a simulated fleet for energy and cost: busy share as utilisation, tokens per busy GPU-second. */
function fleetUsage(r: FleetResult, hours: number) {
  const busy = Math.max(1e-6, Math.max(...r.pools.map((p) => p.busyRatio)));
  return {
    acceleratorCount: r.acceleratorCount,
    hours,
    utilizationRatio: busy,
    tokensPerSecondPerAccelerator: r.outputTokensPerSecond / r.acceleratorCount / busy,
  };
}

/**
 * Plans an inference fleet with `@aifactory/workloads`' fleet simulator: the scenario's accelerators
 * (`hardware.count / (tp x pp)` replicas) simulated request by request under the traffic (P50/P99 latencies,
 * goodput, utilisation), and with `size` the smallest fleet meeting the P99 SLOs for the scenario's accelerator
 * and each of `alsoAccelerators`, priced and powered ({@link sizeAndPriceFleet}), with headroom curves (P99 and
 * $/Mtoken vs offered rate). Energy and cost follow the scenario's fleet.
 *
 * @param scenario - a parsed scenario whose workload is a fleet
 * @param catalog - where accelerator and model ids are looked up (default: the built-in catalogs)
 * @returns performance, memory, timeline, curves and usage
 * @throws AifError (INVALID_CONFIGURATION) when hardware.count is smaller than one replica
 * @example
 * ```ts
 * import { getDefaultScenario, planFleet, scenarioSchema } from "@aifactory/planner";
 * const scenario = scenarioSchema.parse(getDefaultScenario("llama-3.1-8b-fleet-h100-poisson"));
 * planFleet(scenario).performance.kind; // "fleet"
 * ```
 * @since 0.3.0
 * @category Plan
 */
export function planFleet(scenario: Scenario, catalog: FactoryCatalog = builtInFactoryCatalog()): WorkloadSections {
  const workload = scenario.workload as FleetWorkload;
  const architecture = architectureForWorkloads(catalog, workload.model, "workload.model");
  const engine = fleetEngineSchema.parse(workload.engine);
  const traffic = workload.traffic as FleetTrafficInput;
  const slo = { ttftMs: workload.ttftP99Ms, tpotMs: workload.tpotP99Ms };
  const options = { router: workload.router, slo };
  const accelerator = scenario.hardware.accelerator;
  const acceleratorRef = acceleratorForWorkloads(catalog, accelerator, "hardware.accelerator");
  const kernels = scenario.kernels;
  const gpusPerReplica = engine.tp * engine.pp;
  const replicas = Math.floor(scenario.hardware.count / gpusPerReplica);
  if (replicas < 1) {
    throw new AifError(
      "INVALID_CONFIGURATION",
      `hardware.count ${scenario.hardware.count} is fewer than the ${gpusPerReplica} GPUs of one replica (tp ${engine.tp} x pp ${engine.pp})`,
      { hint: `set hardware.count to a multiple of ${gpusPerReplica}` },
    );
  }
  const meets = (r: FleetResult) => r.ttftMs.p99 <= workload.ttftP99Ms && r.tpotMs.p99 <= workload.tpotP99Ms;
  // Simulations depend on the workload, the accelerator, the replica count and the kernel tables only: edits of
  // the site or the economics re-price memoised results in milliseconds; the sizing does not depend on the count.
  const memoKey = (parts: unknown[]) => (typeof kernels === "string" ? JSON.stringify([...parts, kernels]) : undefined);
  const fleetKey = memoKey(["fleet", simulationFields(workload), architecture, acceleratorRef, replicas]);
  let own = fleetKey === undefined ? undefined : fleetCache.get(fleetKey);
  if (own === undefined) {
    const pools = [{ accelerator: acceleratorRef, count: replicas, engine }];
    const result = simulateFleet({ architecture, pools, traffic, options, kernels });
    own = {
      name: accelerator,
      meetsSlo: meets(result),
      scale: replicas,
      pools,
      acceleratorCount: result.acceleratorCount,
      result,
      headroom: [],
      evaluatedScales: [replicas],
    };
    remember(fleetKey, own);
  }
  const summaries = workload.size ? sizeAndPriceFleet(scenario, undefined, undefined, catalog) : [];
  const hours = workload.days * 24;
  const rate = offeredRatePerSecond(workload.traffic);
  const r = own.result;
  const usage = fleetUsage(r, hours);
  const busiest = Math.max(...r.pools.map((p) => p.busyRatio));
  const smallest = summaries[0];
  const performance: FleetPerformance = {
    kind: "fleet",
    architectureId: r.architectureId,
    acceleratorId: accelerator,
    replicas,
    acceleratorCount: r.acceleratorCount,
    meetsSlo: own.meetsSlo,
    offeredRatePerSecond: rate,
    ttftP50Ms: r.ttftMs.p50,
    ttftP99Ms: r.ttftMs.p99,
    tpotP50Ms: r.tpotMs.p50,
    tpotP99Ms: r.tpotMs.p99,
    e2eP99Ms: r.e2eMs.p99,
    queueP99Ms: r.queueMs.p99,
    sloAttainmentRatio: r.sloAttainmentRatio,
    goodputRequestsPerSecond: r.goodputRequestsPerSecond,
    outputTokensPerSecond: r.outputTokensPerSecond,
    busyRatio: busiest,
    prefixHitRatio: r.prefixHitRatio,
    preemptions: r.preemptions,
    simulatedRequests: r.requests,
    ...(smallest?.meetsSlo ? { smallestMeetingSloGpus: smallest.acceleratorCount } : {}),
    designs: summaries,
    headroom: summaries[0]?.headroom ?? [],
  };
  const warnings = [...r.warnings.map((text) => ({ area: "performance", text }))];
  if (!own.meetsSlo) {
    warnings.push({
      area: "performance",
      text: `${replicas} x ${accelerator} miss the SLOs under this traffic: P99 TTFT ${r.ttftMs.p99.toFixed(0)} ms (target ${workload.ttftP99Ms}), P99 TPOT ${r.tpotMs.p99.toFixed(1)} ms (target ${workload.tpotP99Ms})${smallest?.meetsSlo ? `; ${smallest.acceleratorCount} GPUs would meet them` : ""}`,
    });
  }
  for (const d of summaries) {
    if (!d.meetsSlo) {
      warnings.push({
        area: "performance",
        text: `no fleet of up to ${workload.maxReplicas} replicas of ${d.acceleratorId} meets the SLOs`,
      });
    }
  }
  if (scenario.hardware.count % gpusPerReplica !== 0) {
    warnings.push({
      area: "performance",
      text: `${scenario.hardware.count % gpusPerReplica} of the ${scenario.hardware.count} GPUs do not make a whole replica of ${gpusPerReplica} and sit idle`,
    });
  }
  const pool = r.pools[0];
  const mem = pool?.memoryPerGpu;
  return {
    performance,
    memory: {
      requiredBytesPerGpu: (mem?.weightsBytes ?? 0) + (mem?.reservedBytes ?? 0) + (mem?.kvCacheBytes ?? 0),
      capacityBytesPerGpu: mem?.capacityBytes ?? 0,
      fits: true,
      breakdown: {
        title: "Memory per GPU",
        unit: "bytes",
        items: [
          { label: "weights", value: mem?.weightsBytes ?? 0 },
          { label: "reserved", value: mem?.reservedBytes ?? 0 },
          { label: "KV cache (mean in use)", value: (mem?.kvCacheBytes ?? 0) * (pool?.meanKvOccupancyRatio ?? 0) },
          { label: "KV cache (free)", value: (mem?.kvCacheBytes ?? 0) * (1 - (pool?.meanKvOccupancyRatio ?? 0)) },
        ],
      },
    },
    timeline: { wallClockHours: hours, gpuHours: r.acceleratorCount * hours },
    timeBreakdown: {
      title: "Request latency (mean)",
      unit: "ms",
      items: [
        { label: "queueing", value: r.queueMs.mean },
        { label: "prefill (to first token)", value: Math.max(0, r.ttftMs.mean - r.queueMs.mean) },
        { label: "decode (after first token)", value: Math.max(0, r.e2eMs.mean - r.ttftMs.mean) },
      ],
    },
    usage,
    metrics: [
      { id: "fleetGpus", label: "fleet GPUs", value: r.acceleratorCount, unit: "GPUs" },
      { id: "ttftP99Ms", label: "P99 TTFT", value: r.ttftMs.p99, unit: "ms" },
      { id: "tpotP99Ms", label: "P99 TPOT", value: r.tpotMs.p99, unit: "ms" },
      { id: "goodputRequestsPerSecond", label: "goodput", value: r.goodputRequestsPerSecond, unit: "requests/s" },
      { id: "busyRatio", label: "busy share", value: busiest, unit: "ratio" },
    ],
    assumptions: [
      ...r.assumptions.map((a) => toPlanAssumption("performance", a)),
      {
        name: "fleet-power",
        basis: "method" as const,
        area: "energy",
        text: "power follows the share of time the replicas run iterations (an upper bound: a small batch draws less than a full one)",
      },
      ...(workload.size
        ? [
            {
              name: "fleet-sizing",
              basis: "method" as const,
              area: "performance",
              text: `designs sized by simulation: the fewest replicas of each accelerator meeting P99 TTFT <= ${workload.ttftP99Ms} ms and P99 TPOT <= ${workload.tpotP99Ms} ms at ${rate.toFixed(2)} requests/s, priced as this scenario's economics`,
            },
          ]
        : []),
    ],
    warnings,
  };
}
