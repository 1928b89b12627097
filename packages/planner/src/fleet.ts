import { AifError } from "@aifactory/core";
import {
  type ArchitectureInput,
  type FleetResult,
  fleetEngineSchema,
  type FleetTrafficInput,
  offeredRatePerSecond,
  type SizedFleetDesign,
  simulateFleet,
  sizeFleet,
} from "@aifactory/workloads";
import { composeUsage } from "./compose";
import type { FleetDesignSummary, FleetPerformance, WorkloadSections } from "./plan-types";
import type { Scenario } from "./scenario";

type FleetWorkload = Extract<Scenario["workload"], { kind: "fleet" }>;

/** Memoised fleet simulations by workload, accelerator and kernel tables (a few recent scenarios). */
const fleetDesignCache = new Map<string, SizedFleetDesign[]>();
const FLEET_CACHE_SIZE = 8;

/**
 * Forgets the memoised fleet simulations (called by `clearPlanCaches`).
 *
 * @internal
 */
export function clearFleetPlanCache(): void {
  fleetDesignCache.clear();
}

/** $ per million output tokens of a fleet of `gpus` at `costPerGpuHourUsd` producing `tokensPerSecond`. */
function usdPerMillion(costPerGpuHourUsd: number, gpus: number, tokensPerSecond: number): number {
  return tokensPerSecond > 0 ? (costPerGpuHourUsd * gpus) / ((tokensPerSecond * 3600) / 1e6) : 0;
}

/**
 * Plans an inference fleet with `@aifactory/workloads`' fleet simulator: the given number of replicas simulated
 * under the traffic, or the smallest fleet meeting the P99 SLOs sized for the scenario's accelerator and every
 * accelerator in `alsoAccelerators`; each design priced and powered through `@aifactory/economics` and
 * `@aifactory/energy` (the same composition as every plan), with its headroom curve (P99 latencies and $/Mtoken
 * vs offered rate). The plan's usage is the chosen design: the scenario's accelerator when it meets the SLOs.
 *
 * @param scenario - a parsed scenario whose workload is a fleet
 * @returns performance, memory, timeline, curves and usage
 * @throws AifError (INVALID_CONFIGURATION) when no design meets the SLOs
 * @example
 * ```ts
 * import { getDefaultScenario, planFleet, scenarioSchema } from "@aifactory/planner";
 * const scenario = scenarioSchema.parse(getDefaultScenario("llama-3.1-8b-fleet-h100-poisson"));
 * planFleet(scenario).performance.kind; // "fleet"
 * ```
 * @since 0.3.0
 * @category Plan
 */
export function planFleet(scenario: Scenario): WorkloadSections {
  const workload = scenario.workload as FleetWorkload;
  const architecture = workload.model as string | ArchitectureInput;
  const engine = fleetEngineSchema.parse(workload.engine);
  const traffic = workload.traffic as FleetTrafficInput;
  const slo = { ttftMs: workload.ttftP99Ms, tpotMs: workload.tpotP99Ms };
  const options = { router: workload.router, slo };
  const accelerators = [scenario.hardware.accelerator, ...workload.alsoAccelerators.filter((a) => a !== scenario.hardware.accelerator)];
  const kernels = scenario.kernels;
  // The simulations depend on the workload, the accelerator and the kernel tables only: edits of the count, the
  // site or the economics re-price the memoised designs in milliseconds.
  const key =
    typeof kernels === "string" ? JSON.stringify([workload, scenario.hardware.accelerator, kernels]) : undefined;
  const memo = key === undefined ? undefined : fleetDesignCache.get(key);
  let designs: SizedFleetDesign[];
  const sized = workload.replicas === undefined;
  if (memo !== undefined) {
    designs = memo;
  } else if (workload.replicas !== undefined) {
    const result = simulateFleet({
      architecture,
      pools: [{ accelerator: scenario.hardware.accelerator, count: workload.replicas, engine }],
      traffic,
      options,
      kernels,
    });
    designs = [
      {
        name: scenario.hardware.accelerator,
        meetsSlo: result.ttftMs.p99 <= workload.ttftP99Ms && result.tpotMs.p99 <= workload.tpotP99Ms,
        scale: workload.replicas,
        pools: [{ accelerator: scenario.hardware.accelerator, count: workload.replicas, engine }],
        gpus: result.gpus,
        result,
        headroom: [],
        evaluatedScales: [workload.replicas],
      },
    ];
  } else {
    const sizing = sizeFleet({
      architecture,
      designs: accelerators.map((accelerator) => ({ name: accelerator, pools: [{ accelerator, engine }] })),
      traffic,
      options,
      kernels,
      sizing: {
        ttftP99Ms: workload.ttftP99Ms,
        tpotP99Ms: workload.tpotP99Ms,
        maxScale: workload.maxReplicas,
        headroomFactors: workload.headroomFactors,
      },
    });
    designs = sizing.designs;
  }
  if (key !== undefined && memo === undefined) {
    if (fleetDesignCache.size >= FLEET_CACHE_SIZE) {
      const oldest = fleetDesignCache.keys().next();
      if (!oldest.done) fleetDesignCache.delete(oldest.value);
    }
    fleetDesignCache.set(key, designs);
  }
  const hours = workload.days * 24;
  const rate = offeredRatePerSecond(workload.traffic);
  const usageOf = (r: FleetResult) => {
    const busy = Math.max(1e-6, Math.max(...r.pools.map((p) => p.busyRatio)));
    return {
      gpus: r.gpus,
      hours,
      utilizationRatio: busy,
      tokensPerSecondPerGpu: r.outputTokensPerSecond / r.gpus / busy,
    };
  };
  const summaries: FleetDesignSummary[] = designs.map((d) => {
    const accelerator = typeof d.pools[0]?.accelerator === "string" ? d.pools[0].accelerator : d.name;
    const priced = composeUsage({ ...scenario, hardware: { ...scenario.hardware, accelerator, count: d.gpus } }, usageOf(d.result));
    const costPerGpuHourUsd = priced.cost.costPerGpuHourUsd;
    return {
      name: d.name,
      acceleratorId: accelerator,
      meetsSlo: d.meetsSlo,
      replicas: d.scale,
      gpus: d.gpus,
      ttftP99Ms: d.result.ttftMs.p99,
      tpotP99Ms: d.result.tpotMs.p99,
      costPerGpuHourUsd,
      usdPerMillionTokens: usdPerMillion(costPerGpuHourUsd, d.gpus, d.result.outputTokensPerSecond),
      facilityPowerKW: priced.energy.facilityPowerKW,
      headroom: d.headroom.map((h) => ({
        ratePerSecond: h.ratePerSecond,
        ttftP99Ms: h.ttftP99Ms,
        tpotP99Ms: h.tpotP99Ms,
        sloAttainmentRatio: h.sloAttainmentRatio,
        usdPerMillionTokens: usdPerMillion(
          costPerGpuHourUsd,
          d.gpus,
          d.result.outputTokensPerSecond * h.rateFactor,
        ),
      })),
    };
  });
  // The plan's fleet: the scenario's accelerator when it meets the SLOs, else the cheapest design that does.
  let chosen = 0;
  if (!(designs[0] as SizedFleetDesign).meetsSlo) {
    let best = -1;
    summaries.forEach((s, i) => {
      if (s.meetsSlo && (best < 0 || s.usdPerMillionTokens < (summaries[best] as FleetDesignSummary).usdPerMillionTokens)) best = i;
    });
    if (best < 0 && sized) {
      throw new AifError(
        "INVALID_CONFIGURATION",
        `no fleet of up to ${workload.maxReplicas} replicas meets P99 TTFT <= ${workload.ttftP99Ms} ms and P99 TPOT <= ${workload.tpotP99Ms} ms`,
        { hint: "relax the SLOs, raise tp or maxReplicas, or try other accelerators (alsoAccelerators)" },
      );
    }
    chosen = Math.max(0, best);
  }
  const design = designs[chosen] as SizedFleetDesign;
  const summary = summaries[chosen] as FleetDesignSummary;
  const r = design.result;
  const usage = usageOf(r);
  const busiest = Math.max(...r.pools.map((p) => p.busyRatio));
  const performance: FleetPerformance = {
    kind: "fleet",
    architectureId: r.architectureId,
    sized,
    acceleratorId: summary.acceleratorId,
    replicas: design.scale,
    gpus: r.gpus,
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
    designs: summaries,
    headroom: summary.headroom,
  };
  const warnings = [...r.warnings.map((text) => ({ area: "performance", text }))];
  if (!design.meetsSlo) {
    warnings.push({
      area: "performance",
      text: `the fleet misses the SLOs: P99 TTFT ${r.ttftMs.p99.toFixed(0)} ms (target ${workload.ttftP99Ms}), P99 TPOT ${r.tpotMs.p99.toFixed(1)} ms (target ${workload.tpotP99Ms})`,
    });
  }
  if (r.gpus > scenario.hardware.count) {
    warnings.push({
      area: "performance",
      text: `the fleet needs ${r.gpus} GPUs; the scenario's hardware lists ${scenario.hardware.count}`,
    });
  }
  if (chosen !== 0) {
    warnings.push({
      area: "performance",
      text: `${scenario.hardware.accelerator} does not meet the SLOs within ${workload.maxReplicas} replicas: the plan uses ${summary.acceleratorId}`,
    });
  }
  const pool = r.pools[0];
  return {
    performance,
    memory: {
      requiredBytesPerGpu: 0,
      capacityBytesPerGpu: 0,
      fits: true,
      breakdown: {
        title: "KV cache per replica",
        unit: "tokens",
        items: [
          { label: "mean occupied", value: (pool?.meanKvOccupancyRatio ?? 0) * (pool?.kvCapacityTokensPerReplica ?? 0) },
          { label: "capacity", value: pool?.kvCapacityTokensPerReplica ?? 0 },
        ],
      },
    },
    timeline: { wallClockHours: hours, gpuHours: r.gpus * hours },
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
      { id: "fleetGpus", label: "fleet GPUs", value: r.gpus, unit: "GPUs" },
      { id: "ttftP99Ms", label: "P99 TTFT", value: r.ttftMs.p99, unit: "ms" },
      { id: "tpotP99Ms", label: "P99 TPOT", value: r.tpotMs.p99, unit: "ms" },
      { id: "goodputRequestsPerSecond", label: "goodput", value: r.goodputRequestsPerSecond, unit: "requests/s" },
      { id: "busyRatio", label: "busy share", value: busiest, unit: "ratio" },
    ],
    assumptions: [
      ...r.assumptions.map((text) => ({ area: "performance", text })),
      {
        area: "energy",
        text: "power follows the share of time the replicas run iterations (an upper bound: a small batch draws less than a full one)",
      },
      ...(sized
        ? [
            {
              area: "performance",
              text: `sized by simulation: the fewest replicas of each accelerator meeting P99 TTFT <= ${workload.ttftP99Ms} ms and P99 TPOT <= ${workload.tpotP99Ms} ms at ${rate.toFixed(2)} requests/s`,
            },
          ]
        : []),
    ],
    warnings,
  };
}
