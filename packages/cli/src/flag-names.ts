import { InvalidInputError } from "@aifactory/core";

/**
 * Runs `body` and, when it throws an input error, renames the library fields in its problems to the flags the
 * user typed (`sequenceLength` -> `--seq`), so that every message points at something on the command line.
 *
 * @param flags - library field path -> flag
 * @param body - the work
 * @returns what `body` returns
 * @throws the same error, its problem paths renamed
 * @example
 * ```ts
 * import { withFlagNames } from "@aifactory/cli";
 * withFlagNames({ sequenceLength: "--seq" }, () => 1); // 1
 * ```
 * @since 0.5.0
 * @category CLI
 */
export function withFlagNames<T>(flags: Readonly<Record<string, string>>, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const label = (error.details as { label?: string } | undefined)?.label ?? "input";
    const renamed = error.problems.map((p) => {
      const flag = flags[p.path];
      return flag === undefined ? p : { ...p, path: flag };
    });
    throw new InvalidInputError(label, renamed, error.hint);
  }
}

/** `aif train` / `aif train search`: configuration fields and their flags. */
export const TRAIN_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  gpus: "--gpus",
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
  sequenceLength: "--seq",
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
  isl: "--isl",
  osl: "--osl",
  concurrency: "--concurrency",
  redundantExperts: "--redundant-experts",
  moeDispatch: "--moe-dispatch",
  prefixHitRatio: "--prefix-hit-ratio",
  mtpAcceptance: "--mtp-acceptance",
});
