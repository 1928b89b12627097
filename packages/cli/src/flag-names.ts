import { InvalidInputError, isAifError } from "@aifactory/core";

/**
 * Runs `body` and, when it throws an input error, renames the library fields in its problems to the flags the
 * user typed (`sequenceTokens` -> `--seq`), so that every message points at something on the command line; an
 * unknown id whose error names the field that gave it (`workload.alsoAccelerators: unknown accelerator "x"`)
 * names the flag instead.
 *
 * @param flags - library field path -> flag; a key `label#path` matches only errors with that label (`"architecture
 *   id#"` is the root of an "architecture id" error); a path without its match falls back to its array-free form
 *   and then to its parents (`inputTokens.tokens` -> `inputTokens`)
 * @param body - the work
 * @returns what `body` returns
 * @throws the same error, its problem paths renamed
 * @example
 * ```ts
 * import { withFlagNames } from "@aifactory/cli";
 * withFlagNames({ sequenceTokens: "--seq" }, () => 1); // 1
 * ```
 * @since 0.5.0
 * @category CLI
 */
export function withFlagNames<T>(flags: Readonly<Record<string, string>>, body: () => T): T {
  try {
    return body();
  } catch (error) {
    // An unknown id named by a field (the planner's `workload.alsoAccelerators: unknown accelerator "x"`): the
    // message names the flag instead.
    if (isAifError(error) && error.code === "NOT_FOUND") {
      const details = error.details as { field?: unknown } | undefined;
      const field = typeof details?.field === "string" ? details.field : undefined;
      const flag = field === undefined ? undefined : flagForPath(flags, field);
      if (field !== undefined && flag !== undefined && error.message.startsWith(`${field}: `)) {
        error.message = `${flag}: ${error.message.slice(field.length + 2)}`;
      }
      throw error;
    }
    if (!(error instanceof InvalidInputError)) throw error;
    const label = (error.details as { label?: string } | undefined)?.label ?? "input";
    const renamed = error.problems.map((p) => {
      const flag = flags[`${label}#${p.path}`] ?? flagForPath(flags, p.path);
      return flag === undefined ? p : { ...p, path: flag };
    });
    throw new InvalidInputError(label, renamed, error.hint);
  }
}

/**
 * The flag for a library field path: the path itself, then the path without array indices
 * (`[0].engine.weights` -> `engine.weights`), then its parents (`inputTokens.tokens` -> `inputTokens`).
 */
function flagForPath(flags: Readonly<Record<string, string>>, path: string): string | undefined {
  const candidates = [path, path.replace(/\[\d+\]/g, "").replace(/^\./, "")];
  for (const candidate of candidates) {
    let key = candidate;
    while (key !== "") {
      const flag = flags[key];
      if (flag !== undefined) return flag;
      const cut = key.lastIndexOf(".");
      key = cut < 0 ? "" : key.slice(0, cut);
    }
  }
  return undefined;
}

/** `aif train` / `aif train search`: configuration fields and their flags. */
export const TRAIN_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  acceleratorCount: "--gpus",
  tp: "--tp",
  pp: "--pp",
  vpp: "--vpp",
  cp: "--cp",
  ep: "--ep",
  etp: "--etp",
  dp: "--dp",
  zeroStage: "--zero",
  microBatch: "--micro-batch",
  globalBatch: "--global-batch",
  sequenceTokens: "--seq",
  sequenceParallel: "--no-sequence-parallel",
  recompute: "--recompute",
  recomputeModules: "--recompute-modules",
  pipelineSchedule: "--pipeline-schedule",
  mtpLayers: "--mtp-layers",
  precision: "--precision",
  optimizerMoments: "--optimizer-moments",
  fp8PrimaryWeights: "--fp8-primary-weights",
  fp8ActivationCache: "--fp8-activation-cache",
  offloadOptimizer: "--offload-optimizer",
  "moe.dispatcher": "--moe-dispatcher",
  "moe.maxNodesPerToken": "--node-limited-routing",
  "moe.routing": "--routing",
  "moe.capacityFactor": "--capacity-factor",
  "moe.padToCapacity": "--pad-to-capacity",
});

/** `aif serve` and its subcommands: configuration fields and their flags. */
export const SERVE_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  tp: "--tp",
  pp: "--pp",
  ep: "--ep",
  attentionDp: "--attention-dp",
  weights: "--weights",
  kv: "--kv",
  inputTokens: "--isl",
  outputTokens: "--osl",
  concurrency: "--concurrency",
  redundantExperts: "--redundant-experts",
  moeDispatch: "--moe-dispatch",
  prefixHitRatio: "--prefix-hit-ratio",
  mtpAcceptance: "--mtp-acceptance",
});

/** `aif energy`: estimate fields and their flags (`acceleratorCount` is `--gpus`, or `--chips` without `--gpu`). */
export const ENERGY_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  acceleratorId: "--gpu",
  acceleratorCount: "--gpus",
  hours: "--hours",
  utilizationRatio: "--utilization",
  averagePowerWatts: "--avg-power-watts",
  pue: "--pue",
  "grid.regionId": "--grid",
  "grid.kgCo2ePerKWh": "--grid-kg-per-kwh",
  includeHost: "--include-host",
  embodied: "--embodied",
});

/** `aif tco`: cost-model fields and their flags. */
export const TCO_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  acceleratorId: "--gpu",
  acceleratorCount: "--gpus",
  depreciationYears: "--years",
  electricityUsdPerKWh: "--electricity-usd-per-kwh",
  pue: "--pue",
  utilizationRatio: "--utilization",
  acceleratorPriceUsd: "--price-usd",
});

/** `aif supply`: supply-plan fields and their flags. */
export const SUPPLY_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  acceleratorId: "--gpu",
  acceleratorCount: "--gpus",
  startQuarter: "--start",
  availablePowerMW: "--power-mw",
  allocationShareRatio: "--allocation-share",
  pue: "--pue",
});

/** `aif token-cost`: fields and their flags. */
export const TOKEN_COST_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  costUsdPerAcceleratorHour: "--gpu-hour-usd",
  tokensPerSecondPerAccelerator: "--tokens-per-second-per-gpu",
});

/** `aif rl`: RL step configuration fields and their flags. */
export const RL_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  policy: "--policy",
  accelerator: "--gpu",
  acceleratorCount: "--gpus",
  promptsPerStep: "--prompts-per-step",
  groupSize: "--group-size",
  inputTokens: "--isl",
  meanOutputTokens: "--osl-mean",
  maxOutputTokens: "--osl-max",
  placement: "--placement",
  async: "--async",
  algorithm: "--algorithm",
  rolloutAcceleratorRatio: "--rollout-gpu-ratio",
  rewardSeconds: "--reward-seconds",
});

/** `aif agent`: agent-task configuration fields and their flags. */
export const AGENT_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  architecture: "--model",
  accelerator: "--gpu",
  turns: "--turns",
  tokensPerTurn: "--tokens-per-turn",
  outputTokensPerTurn: "--output-tokens-per-turn",
  toolLatencyMs: "--tool-latency-ms",
  toolLatencyP90Ms: "--tool-latency-p90-ms",
  systemPromptTokens: "--system-prompt-tokens",
  kvPolicy: "--kv-policy",
  prefixHitRatio: "--prefix-hit-ratio",
  tp: "--tp",
  weights: "--weights",
  kv: "--kv",
  concurrency: "--concurrency",
});

/**
 * `aif fleet simulate` / `aif fleet size`: pool, engine, traffic and option fields (as `simulateFleet` and the
 * fleet scenario name them) and their flags.
 */
export const FLEET_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  accelerator: "--gpu",
  count: "--replicas",
  "engine.tp": "--tp",
  "engine.ep": "--pool ep",
  "engine.weights": "--weights",
  "engine.kv": "--kv",
  "engine.kvAdmission": "--kv-admission",
  "engine.kvTiers": "--kv-tiers",
  arrival: "--arrival",
  "arrival.ratePerSecond": "--rate",
  "arrival.concurrency": "--concurrency",
  "arrival.cv": "--cv",
  "arrival.shape": "--shape",
  "arrival.onSeconds": "--on-s",
  "arrival.offSeconds": "--off-s",
  requests: "--requests",
  inputTokens: "--isl",
  outputTokens: "--osl",
  sharedPrefixTokens: "--shared-prefix",
  "sessions.turns": "--turns",
  "sessions.newInputTokens": "--turn-tokens",
  "sessions.idleSeconds": "--idle-s",
  seed: "--seed",
  timeScale: "--time-scale",
  router: "--router",
  "slo.ttftMs": "--slo-ttft-ms",
  "slo.tpotMs": "--slo-tpot-ms",
  "slo.e2eMs": "--slo-e2e-ms",
  warmupRequests: "--warmup",
  kvTransferLatencyMs: "--kv-transfer-ms",
  // `aif fleet size` builds a scenario: its paths.
  "workload.model": "--model",
  "workload.engine.tp": "--tp",
  "workload.engine.weights": "--weights",
  "workload.engine.kv": "--kv",
  "workload.engine.kvAdmission": "--kv-admission",
  "workload.engine.kvTiers": "--kv-tiers",
  "workload.traffic.arrival.ratePerSecond": "--rate",
  "workload.traffic.arrival.cv": "--cv",
  "workload.traffic.arrival.shape": "--shape",
  "workload.traffic.arrival.onSeconds": "--on-s",
  "workload.traffic.arrival.offSeconds": "--off-s",
  "workload.traffic.requests": "--requests",
  "workload.traffic.inputTokens": "--isl",
  "workload.traffic.outputTokens": "--osl",
  "workload.traffic.sharedPrefixTokens": "--shared-prefix",
  "workload.traffic.seed": "--seed",
  "workload.ttftP99Ms": "--slo-ttft-ms",
  "workload.tpotP99Ms": "--slo-tpot-ms",
  "workload.maxReplicas": "--max-replicas",
  "workload.alsoAccelerators": "--gpu",
  "workload.router": "--router",
  "workload.days": "--days",
  "hardware.accelerator": "--gpu",
  "hardware.count": "--tp",
  "site.region": "--region",
  "economics.ownership": "--ownership",
});

/** `aif model show` / `aif model import`: fields and their flags. */
export const MODEL_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  id: "--id",
  "architecture id#": "--id",
  name: "--name",
  sequenceTokens: "--seq",
});
