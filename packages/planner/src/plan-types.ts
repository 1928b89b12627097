import type { Assumption } from "@aifactory/core";
import type { WorkloadUsage } from "./compose";
import type { Scenario } from "./scenario";

/**
 * One assumption a plan used, from whichever package made it: core's `Assumption` (name, value, unit, basis,
 * source) with `area` and `text` always set. `text` is the assumption as one readable line (`formatAssumption`
 * of the package's assumption), so that a reader who only shows sentences can keep doing so.
 *
 * @example
 * ```ts
 * import type { PlanAssumption } from "@aifactory/planner";
 * const pue: PlanAssumption = { name: "pue", value: 1.2, unit: "ratio", basis: "given", area: "energy", text: "pue = 1.2 (given)" };
 * ```
 * @since 0.1.0
 * @category Plan
 */
export type PlanAssumption = Assumption & {
  /** Which part of the plan: `performance`, `energy`, `carbon`, `cost`, `supply`, `kv-cache`. */
  area: string;
  /** The assumption in words, with its value and basis. */
  text: string;
};

/**
 * One warning from any part of the plan.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface PlanWarning {
  /** Which part of the plan raised it. */
  area: string;
  /** What the user should know. */
  text: string;
}

/**
 * A headline figure of a plan, for report cards.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface PlanMetric {
  /** Stable key, e.g. `timeToTrainDays`. */
  id: string;
  /** Label for people. */
  label: string;
  /** The value in `unit`. */
  value: number;
  /** Unit symbol. */
  unit: string;
}

/**
 * One labelled quantity of a breakdown chart.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface BreakdownItem {
  /** What the share is. */
  label: string;
  /** The value, in the breakdown's unit. */
  value: number;
}

/**
 * A breakdown chart: what a total is made of.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface Breakdown {
  /** Title for people. */
  title: string;
  /** Unit of every item's value. */
  unit: string;
  /** The parts. */
  items: BreakdownItem[];
}

/**
 * Performance of the workload, by kind.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface PretrainingPerformance {
  kind: "pretraining";
  architectureId: string;
  /** The parallelism used: given, or found by the search. */
  parallelism: {
    tp: number;
    pp: number;
    vpp: number;
    cp: number;
    ep: number;
    dp: number;
    zeroStage: number;
    microBatch: number;
    recompute: string;
  };
  /** Whether the parallelism came from the search. */
  searched: boolean;
  /** Configurations the search evaluated (0 when the parallelism was given). */
  searchEvaluatedCount: number;
  stepTimeSeconds: number;
  tokensPerSecond: number;
  mfuRatio: number;
  hfuRatio: number;
  modelTflopsPerGpu: number;
  timeToTrainDays: number;
  goodputRatio: number;
}

/**
 * Performance of a serving deployment.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface ServingPerformance {
  kind: "serving";
  architectureId: string;
  mode: "aggregated" | "disaggregated";
  /** Whether the configuration came from the SLO search. */
  searched: boolean;
  searchEvaluatedCount: number;
  tp: number;
  ep: number;
  concurrency: number;
  instances: number;
  ttftMs: number;
  tpotMs: number;
  outputTokensPerSecondPerGpu: number;
  /** Output tokens per second of the whole fleet at the SLO-limited operating point. */
  outputTokensPerSecond: number;
  /** Output tokens served over the planning period at the scenario's load ratio. */
  outputTokensServed: number;
  kvCacheCapacityTokens: number;
  maxConcurrency: number;
}

/**
 * Performance of an RL post-training run.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface RlPerformance {
  kind: "rl";
  architectureId: string;
  stepTimeSeconds: number;
  boundBy: string;
  samplesPerSecond: number;
  rolloutPoolUtilizationRatio: number;
  trainingPoolUtilizationRatio: number;
  steps: number;
  timeToTrainDays: number;
}

/**
 * Performance of an agentic fleet.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface AgenticPerformance {
  kind: "agentic";
  architectureId: string;
  gpuSecondsPerTask: number;
  taskSeconds: number;
  ttftMsPerTurn: number[];
  prefillSavedRatio: number;
  kvBytesHeldPeak: number;
  /** Accelerators the task rate needs at full utilisation. */
  gpusNeeded: number;
}

/**
 * The performance section of a plan.
 *
 * @since 0.1.0
 * @category Plan
 */
/**
 * A fleet design priced in a fleet plan: one accelerator type sized (or simulated) under the traffic.
 *
 * @since 0.3.0
 * @category Plan
 */
export interface FleetDesignSummary {
  name: string;
  acceleratorId: string;
  meetsSlo: boolean;
  replicas: number;
  acceleratorCount: number;
  ttftP99Ms: number;
  tpotP99Ms: number;
  costPerGpuHourUsd: number;
  /**
   * What the cost rests on: `cloud` rental list prices, `owned` TCO (the scenario owns the hardware, or rents it
   * but the catalog has no rental price for this accelerator), or `mixed` across pools.
   */
  costBasis: "cloud" | "owned" | "mixed";
  /** Fleet cost per million output tokens at the offered rate. */
  usdPerMillionTokens: number;
  facilityPowerKW: number;
  /** P99 latencies and $/Mtoken of this fleet at multiples of the offered rate. */
  headroom: FleetHeadroomPoint[];
}

/**
 * One point of a fleet's headroom curve.
 *
 * @since 0.3.0
 * @category Plan
 */
export interface FleetHeadroomPoint {
  ratePerSecond: number;
  ttftP99Ms: number;
  tpotP99Ms: number;
  sloAttainmentRatio: number;
  usdPerMillionTokens: number;
}

/**
 * Performance of an inference fleet under traffic (simulated request by request).
 *
 * @since 0.3.0
 * @category Plan
 */
export interface FleetPerformance {
  kind: "fleet";
  architectureId: string;
  /** The scenario's fleet: hardware.count / (tp x pp) replicas of this accelerator. */
  acceleratorId: string;
  replicas: number;
  acceleratorCount: number;
  /** Whether the scenario's fleet meets the P99 SLOs under the traffic. */
  meetsSlo: boolean;
  offeredRatePerSecond: number;
  ttftP50Ms: number;
  ttftP99Ms: number;
  tpotP50Ms: number;
  tpotP99Ms: number;
  e2eP99Ms: number;
  queueP99Ms: number;
  sloAttainmentRatio: number;
  goodputRequestsPerSecond: number;
  outputTokensPerSecond: number;
  busyRatio: number;
  prefixHitRatio: number;
  preemptions: number;
  simulatedRequests: number;
  /** GPUs of the smallest fleet of the scenario's accelerator meeting the SLOs (when sized and found). */
  smallestMeetingSloGpus?: number;
  /** Every accelerator sized, with cost and power (empty without `size`). */
  designs: FleetDesignSummary[];
  /** The headroom curve of the smallest fleet of the scenario's accelerator (P99 and $/Mtoken vs rate). */
  headroom: FleetHeadroomPoint[];
}

export type PlanPerformance =
  | PretrainingPerformance
  | ServingPerformance
  | RlPerformance
  | AgenticPerformance
  | FleetPerformance;

/**
 * One point of a throughput-vs-latency curve.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface ThroughputLatencyPoint {
  concurrency: number;
  ttftMs: number;
  tpotMs: number;
  outputTokensPerSecondPerGpu: number;
}

/**
 * KV-cache reuse from the `@aifactory/memory` tiered-cache simulator.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface KvCacheReuse {
  /** Share of looked-up KV blocks served from a cache tier. */
  hitRatio: number;
  /** Share of prompt tokens whose prefill the cache saved (fed to the workload model). */
  prefillTokensSavedRatio: number;
  /** Capacity of each simulated tier, bytes. */
  tiers: Array<{ id: string; capacityBytes: number; hitRatio: number }>;
  requestsSimulated: number;
}

/**
 * The workload-specific part of a plan, before the site and money sections are composed.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface WorkloadSections {
  performance: PlanPerformance;
  memory: Plan["memory"];
  timeline: Plan["timeline"];
  timeBreakdown: Breakdown;
  throughputLatency?: ThroughputLatencyPoint[];
  kvCache?: KvCacheReuse;
  usage: WorkloadUsage;
  metrics: PlanMetric[];
  assumptions: PlanAssumption[];
  warnings: PlanWarning[];
}

/**
 * The whole AI-factory picture of one scenario: performance, memory fit, time, energy, carbon, water, cost,
 * supply timing, with every assumption and warning.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface Plan {
  /** The scenario as parsed (defaults applied). */
  scenario: Scenario;
  /** Headline figures, in display order. */
  metrics: PlanMetric[];
  performance: PlanPerformance;
  memory: {
    /** Bytes needed per accelerator. */
    requiredBytesPerGpu: number;
    /** Bytes available per accelerator. */
    capacityBytesPerGpu: number;
    fits: boolean;
    breakdown: Breakdown;
  };
  timeline: {
    /** Wall-clock hours of the workload (a run) or of the planning period (a fleet). */
    wallClockHours: number;
    /** Accelerator-hours held. */
    gpuHours: number;
  };
  energy: {
    facilityMWh: number;
    itMWh: number;
    facilityPowerKW: number;
    pue: number;
    breakdown: Breakdown;
  };
  carbon: {
    operationalTonnes: number;
    embodiedTonnes: number;
    totalTonnes: number;
    /** Range of the embodied figure across public estimates. */
    embodiedTonnesRange: { min: number; max: number };
    gridKgCo2ePerKWh: number;
    regionId: string;
  };
  water: { liters: number; onsiteLiters: number; offsiteLiters: number };
  cost: {
    ownership: "owned" | "cloud";
    /** Cost of one accelerator-hour as used (owned: TCO per hour held; cloud: rental price). */
    costPerGpuHourUsd: number;
    /** Cost of the workload: accelerator-hours x cost per accelerator-hour. */
    workloadCostUsd: number;
    /** Owned TCO figures (also computed for cloud scenarios, for the comparison). */
    capexUsd: number;
    opexUsdPerYear: number;
    ownedCostPerGpuHourUsd: number;
    /** Cloud list price used for the comparison, if the catalog has one. */
    onDemandUsdPerAcceleratorHour?: number;
    /** Utilisation above which owning beats renting. */
    breakEvenUtilizationRatio?: number;
    /** USD per million tokens processed (training tokens, or output tokens for serving). */
    usdPerMillionTokens?: number;
    breakdown: Breakdown;
  };
  supply: {
    earliestOnlineQuarter: string | null;
    bindingConstraint: string;
    requiredPowerMW?: number;
  };
  /** Step-time or latency breakdown. */
  timeBreakdown: Breakdown;
  /** Serving: throughput vs latency over concurrency for the chosen configuration. */
  throughputLatency?: ThroughputLatencyPoint[];
  /** Agentic: KV-cache reuse from the tiered-cache simulator. */
  kvCache?: KvCacheReuse;
  assumptions: PlanAssumption[];
  warnings: PlanWarning[];
}
