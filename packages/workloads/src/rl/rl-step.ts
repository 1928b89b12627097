import { AifError, type Assumption, nonNegativeInt, parseInput, positiveInt, ratio } from "@aifactory/core";
import type { AcceleratorId } from "@aifactory/hardware";
import { z } from "zod";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import type { ArchitectureId } from "../architecture/catalog";
import { parameterCounts } from "../architecture/derived";
import { type InferenceEfficiencyInput, inferenceEfficiencySchema } from "../inference/inference-efficiency";
import { kvPrecisionSchema, weightPrecisionSchema } from "../inference/serving-config";
import {
  createIterationBreakdown,
  iterationTime,
  type ServingLayout,
  servingMemory,
} from "../inference/serving-iteration";
import { isolatedPrefillSeconds, maxServingConcurrency } from "../inference/serving-model";
import { resolveServingArchitecture, servingHardware, servingTerms } from "../inference/serving-terms";
import { type AcceleratorSpec, resolveAccelerator } from "../training/accelerator-spec";
import type { TrainingEfficiencyInput } from "../training/efficiency";
import { estimateTrainingStep, type TrainingStepResult } from "../training/training-step";

/**
 * One RL post-training step's configuration (GRPO or PPO).
 *
 * Rollout: `promptsPerStep x groupSize` responses of `inputTokens` prompt tokens and a long-tailed response length
 * with mean `meanOutputTokens` and maximum `maxOutputTokens` (default 4 x mean). Placement: `colocated` (every GPU generates,
 * then trains: time-shared) or `disaggregated` (`rolloutAcceleratorRatio` of the GPUs generate, the rest train).
 * `async` (disaggregated only) is one-step off-policy: the next step's rollout overlaps this step's training.
 *
 * @example
 * ```ts
 * import { rlStepConfigSchema } from "@aifactory/workloads";
 * rlStepConfigSchema.parse({ acceleratorCount: 64, promptsPerStep: 512, groupSize: 16, inputTokens: 1024, meanOutputTokens: 4096 }).algorithm;
 * // "grpo"
 * ```
 * @since 0.1.0
 * @category RL
 */
export const rlStepConfigSchema = z
  .object({
    algorithm: z.enum(["grpo", "ppo"]).default("grpo"),
    acceleratorCount: positiveInt,
    promptsPerStep: positiveInt,
    groupSize: positiveInt.default(8),
    inputTokens: positiveInt,
    meanOutputTokens: positiveInt,
    maxOutputTokens: positiveInt.optional(),
    placement: z.enum(["colocated", "disaggregated"]).default("colocated"),
    async: z.boolean().default(false),
    /** Share of GPUs in the rollout pool when disaggregated. */
    rolloutAcceleratorRatio: ratio.default(0.5),
    /** Rollout instance tensor parallelism (default: the smallest power of two whose weights fit). */
    rolloutTp: positiveInt.optional(),
    rolloutWeights: weightPrecisionSchema.default("bf16"),
    rolloutKv: kvPrecisionSchema.default("bf16"),
    /** Training tensor parallelism (default: min(8, scale-up domain), dividing the heads). */
    trainTp: positiveInt.optional(),
    /** Log-prob forward passes over the rollouts (reference + old policy = 2 for GRPO with several mini-batches). */
    logprobPasses: nonNegativeInt.default(2),
    /** Reward time per step not spent on GPUs of the pools (verifiers, sandboxes), seconds. */
    rewardSeconds: z.number().finite().nonnegative().default(0),
    /** Reward-model forward passes over the rollouts on the training pool (0 = rule-based reward). */
    rewardModelPasses: nonNegativeInt.default(0),
    /** Weight synchronisation: `broadcast` (every rollout GPU receives the full model) or `pipelined` (each
     * receives only its shard, bucketed and overlapped). */
    weightSync: z.enum(["broadcast", "pipelined"]).default("pipelined"),
  })
  .strict();

/**
 * An RL step configuration (defaults applied).
 *
 * @since 0.1.0
 * @category RL
 */
export type RlStepConfig = z.infer<typeof rlStepConfigSchema>;

/**
 * What {@link estimateRlStep} takes.
 *
 * @since 0.1.0
 * @category RL
 */
export interface RlStepInput {
  policy: ArchitectureId | ArchitectureInput | Architecture;
  accelerator: AcceleratorId | AcceleratorSpec;
  config: z.input<typeof rlStepConfigSchema>;
  inferenceEfficiency?: InferenceEfficiencyInput;
  trainingEfficiency?: TrainingEfficiencyInput;
}

/**
 * Seconds of each phase of one step.
 *
 * @since 0.1.0
 * @category RL
 */
export interface RlPhases {
  rolloutSeconds: number;
  logprobSeconds: number;
  rewardSeconds: number;
  trainingSeconds: number;
  weightSyncSeconds: number;
}

/**
 * The result of {@link estimateRlStep}. Field names are the CLI's JSON contract.
 *
 * @since 0.1.0
 * @category RL
 */
export interface RlStepResult {
  architectureId: string;
  acceleratorId: string;
  config: RlStepConfig;
  stepTimeSeconds: number;
  phases: RlPhases;
  /** The phase that bounds the step. */
  boundBy: keyof RlPhases;
  samplesPerSecond: number;
  /** Busy share of each pool over a step (colocated: one pool). */
  utilization: { rolloutPoolRatio: number; trainingPoolRatio: number };
  breakdown: {
    samplesPerStep: number;
    rolloutGpus: number;
    trainingGpus: number;
    rolloutTp: number;
    rolloutInstances: number;
    rolloutConcurrencyPerInstance: number;
    /** Response length at the 50th percentile and the maximum (the tail bounds a synchronous rollout). */
    medianOutputTokens: number;
    maxOutputTokens: number;
    /** Rollout time if every response had the mean length (what the tail costs is the difference). */
    rolloutMeanLengthSeconds: number;
    weightSyncBytes: number;
    training: Pick<TrainingStepResult, "stepTimeSeconds" | "mfuRatio" | "config">;
  };
  assumptions: Assumption[];
  warnings: string[];
}

/**
 * The assumptions every RL step estimate states (statements of method: basis `method`, a kebab-case `name`, the sentence in `text`).
 *
 * @since 0.1.0
 * @category RL
 */
export const RL_ASSUMPTIONS: readonly Assumption[] = Object.freeze([
  {
    name: "response-lengths",
    basis: "method",
    text: "Response lengths follow L(q) = maxOutputTokens x q^k over quantiles q, with k = maxOutputTokens / meanOutputTokens - 1: a long tail.",
  },
  {
    name: "synchronous-rollout",
    basis: "method",
    text: "Synchronous rollout: the step waits for the longest response; the decoding batch shrinks as responses finish (16 quantile bins), and each bin's iterations are priced by the serving model.",
  },
  {
    name: "log-prob-passes",
    basis: "method",
    text: "Log-prob passes (reference, old policy) and reward-model passes are forward passes over prompt + mean response, priced at one third of the training step's compute (forward = 1/3 of forward + backward).",
  },
  {
    name: "training-phase",
    basis: "method",
    text: "Training is part 1's training-step model over promptsPerStep x groupSize sequences of inputTokens + meanOutputTokens tokens (PPO adds a critic of the same shape: one more training step and one forward pass).",
  },
  {
    name: "weight-sync",
    basis: "method",
    text: "Weight sync moves BF16 weights: pipelined = each rollout GPU receives its shard (params x 2 / rollout TP) at its achievable NIC rate; broadcast = every rollout GPU receives the full model; colocated resharding uses the scale-up fabric.",
  },
  {
    name: "async-off-policy",
    basis: "method",
    text: "One-step off-policy async (disaggregated): step time = max(rollout, log-prob + reward + training + sync).",
  },
]);

const BINS = 16;

function rolloutSeconds(
  instanceSequences: number,
  concurrency: number,
  isl: number,
  lengths: number[],
  step: (batch: number, context: number) => number,
  prefill: (tokens: number) => number,
): number {
  // Each bin holds 1/BINS of the sequences; sequences of bin j finish at lengths[j].
  let seconds = prefill(instanceSequences * isl);
  let done = 0;
  for (let j = 0; j < lengths.length; j++) {
    const length = lengths[j] ?? 0;
    const active = (instanceSequences * (BINS - j)) / BINS;
    const batch = Math.max(1, Math.min(concurrency, active));
    const steps = length - done;
    if (steps > 0) {
      // With more sequences than slots, the slots refill: the bin's tokens take active/batch as many steps.
      const tokens = steps * active;
      const iterations = Math.max(steps, tokens / batch);
      seconds += iterations * step(batch, isl + (done + length) / 2);
    }
    done = length;
  }
  return seconds;
}

/**
 * Estimates one RL post-training step (GRPO or PPO): rollout with a long-tailed response length, log-prob
 * passes, reward, the training step (part 1's model) and weight synchronisation, colocated or disaggregated,
 * synchronous or one-step off-policy.
 *
 * @param input - policy model, accelerator, configuration, efficiency factors
 * @returns step time, per-phase seconds, the bounding phase, samples/s and pool utilisation
 * @throws InvalidInputError for bad fields; AifError INVALID_CONFIGURATION when the policy fits no layout
 * @example
 * ```ts
 * import { estimateRlStep } from "@aifactory/workloads";
 * const step = estimateRlStep({ policy: "qwen3-32b", accelerator: "nvidia-h100-sxm",
 *   config: { acceleratorCount: 64, promptsPerStep: 512, groupSize: 16, inputTokens: 1024, meanOutputTokens: 4096, maxOutputTokens: 20480 } });
 * step.boundBy; // "rolloutSeconds"
 * ```
 * @since 0.1.0
 * @category RL
 */
export function estimateRlStep(input: RlStepInput): RlStepResult {
  const arch = resolveServingArchitecture(input.policy);
  const accelerator = resolveAccelerator(input.accelerator);
  const config = parseInput(rlStepConfigSchema, input.config, "RL step configuration");
  const efficiency = parseInput(inferenceEfficiencySchema, input.inferenceEfficiency ?? {}, "efficiency factors");
  const warnings: string[] = [];
  const samples = config.promptsPerStep * config.groupSize;
  const maxOutputTokens = Math.max(config.maxOutputTokens ?? 4 * config.meanOutputTokens, config.meanOutputTokens);
  const disaggregated = config.placement === "disaggregated";
  const rolloutGpus = disaggregated
    ? Math.max(1, Math.round(config.acceleratorCount * config.rolloutAcceleratorRatio))
    : config.acceleratorCount;
  const trainingGpus = disaggregated ? Math.max(1, config.acceleratorCount - rolloutGpus) : config.acceleratorCount;
  if (config.async && !disaggregated) {
    warnings.push("async (one-step off-policy) needs separate pools: a colocated step is priced synchronously");
  }

  // Rollout instances.
  const terms = servingTerms(arch, config.rolloutWeights, config.rolloutKv);
  const hw = servingHardware(accelerator, efficiency, config.rolloutWeights);
  const workload = {
    inputTokens: config.inputTokens,
    outputTokens: maxOutputTokens,
    prefixHitRatio: 0,
    mtpAcceptance: 0,
    mtpDraftTokens: 1,
    maxBatchSize: 2048,
    maxNumTokens: 8192,
  };
  const k = maxOutputTokens / config.meanOutputTokens - 1;
  const lengths: number[] = [];
  for (let j = 1; j <= BINS; j++) lengths.push(Math.max(1, Math.round(maxOutputTokens * (j / BINS) ** k)));
  const scratch = createIterationBreakdown();
  // Rollout layout: the tensor parallelism with the shortest rollout among those whose weights fit.
  let layout: ServingLayout | undefined;
  let concurrency = 0;
  let instances = 1;
  let perInstance = samples;
  let rollout = Number.POSITIVE_INFINITY;
  const tpChoices = config.rolloutTp !== undefined ? [config.rolloutTp] : [1, 2, 4, 8, 16, 32, 64];
  for (const tp of tpChoices) {
    if (tp > rolloutGpus) break;
    if (config.rolloutTp === undefined && arch.attentionHeads % tp !== 0) continue;
    const candidate: ServingLayout = { tp, pp: 1, ep: 1, attentionDp: false, microBatchOverlap: false };
    const memory = servingMemory(terms, hw, candidate, efficiency);
    if (!memory.fits) continue;
    const max = maxServingConcurrency(memory, workload, 1);
    if (max < 1) continue;
    const count = Math.max(1, Math.floor(rolloutGpus / tp));
    const share = Math.ceil(samples / count);
    const seconds = rolloutSeconds(
      share,
      max,
      config.inputTokens,
      lengths,
      (batch, context) =>
        iterationTime(terms, hw, candidate, efficiency, batch, 1, context, 0, 0, scratch).iterationSeconds,
      (tokens) => isolatedPrefillSeconds(terms, hw, candidate, efficiency, tokens, 0),
    );
    if (seconds < rollout) {
      rollout = seconds;
      layout = candidate;
      concurrency = max;
      instances = count;
      perInstance = share;
    }
  }
  if (layout === undefined) {
    throw new AifError(
      "INVALID_CONFIGURATION",
      `${arch.id} does not fit on ${rolloutGpus} x ${accelerator.id} for rollout`,
      {
        hint: "add GPUs, raise the rollout share, or use fp8 rollout weights",
      },
    );
  }
  const chosen = layout;
  const step = (batch: number, context: number) =>
    iterationTime(terms, hw, chosen, efficiency, batch, 1, context, 0, 0, scratch).iterationSeconds;
  const prefill = (tokens: number) => isolatedPrefillSeconds(terms, hw, chosen, efficiency, tokens, 0);
  const meanLengths = lengths.map(() => config.meanOutputTokens);
  const rolloutMean = rolloutSeconds(perInstance, concurrency, config.inputTokens, meanLengths, step, prefill);

  // Training step (part 1) over the samples.
  const domain = accelerator.scaleUp.scaleUpDomainSize;
  let training: TrainingStepResult | undefined;
  const trainTps = config.trainTp !== undefined ? [config.trainTp] : [Math.min(8, domain), 4, 2, 1];
  const sequenceTokens = config.inputTokens + config.meanOutputTokens;
  let lastError: unknown;
  outer: for (const tp of trainTps) {
    for (const pp of [1, 2, 4, 8, 16]) {
      if (tp * pp > trainingGpus || trainingGpus % (tp * pp) !== 0) continue;
      const dp = trainingGpus / (tp * pp);
      const globalBatch = Math.ceil(samples / dp) * dp;
      try {
        const result = estimateTrainingStep({
          architecture: arch,
          accelerator,
          config: {
            acceleratorCount: trainingGpus,
            tp,
            pp,
            globalBatch,
            sequenceTokens,
            microBatch: 1,
          },
          ...(input.trainingEfficiency === undefined ? {} : { efficiency: input.trainingEfficiency }),
        });
        if (!result.memory.fits && !(tp === trainTps[trainTps.length - 1] && pp === 16)) {
          training ??= result;
          continue;
        }
        training = result;
        if (result.memory.fits) break outer;
      } catch (error) {
        lastError = error;
      }
    }
  }
  if (training === undefined) {
    throw new AifError(
      "INVALID_CONFIGURATION",
      `no training layout of ${arch.id} fits ${trainingGpus} x ${accelerator.id}`,
      {
        hint: "give trainTp, add GPUs, or lower the training share",
        cause: lastError,
      },
    );
  }
  if (!training.memory.fits) warnings.push("the training step does not fit in memory on the training pool");
  const b = training.breakdown;
  const forwardSeconds = (b.matmulSeconds + b.attentionSeconds + b.elementwiseSeconds + b.logitsSeconds) / 3;
  const criticFactor = config.algorithm === "ppo" ? 2 : 1;
  const logprob = forwardSeconds * (config.logprobPasses + (config.algorithm === "ppo" ? 1 : 0));
  const reward = config.rewardSeconds + forwardSeconds * config.rewardModelPasses;
  const trainingSeconds = training.stepTimeSeconds * criticFactor;

  // Weight sync.
  const params = parameterCounts(arch).totalParams;
  const bytes = params * 2;
  let sync: number;
  if (!disaggregated) {
    sync = bytes / layout.tp / hw.scaleUpBytesPerSecond;
  } else if (config.weightSync === "broadcast") {
    sync = bytes / hw.scaleOutBytesPerSecond;
  } else {
    sync = bytes / layout.tp / hw.scaleOutBytesPerSecond;
  }

  const phases: RlPhases = {
    rolloutSeconds: rollout,
    logprobSeconds: logprob,
    rewardSeconds: reward,
    trainingSeconds,
    weightSyncSeconds: sync,
  };
  const trainSide = logprob + reward + trainingSeconds + sync;
  const stepTimeSeconds = disaggregated && config.async ? Math.max(rollout, trainSide) : rollout + trainSide;
  let boundBy: keyof RlPhases = "rolloutSeconds";
  if (disaggregated && config.async && trainSide > rollout) {
    boundBy = logprob >= trainingSeconds && logprob >= reward ? "logprobSeconds" : "trainingSeconds";
  } else {
    for (const key of Object.keys(phases) as (keyof RlPhases)[]) {
      if (phases[key] > phases[boundBy]) boundBy = key;
    }
  }
  const utilization = disaggregated
    ? {
        rolloutPoolRatio: Math.min(1, rollout / stepTimeSeconds),
        trainingPoolRatio: Math.min(1, trainSide / stepTimeSeconds),
      }
    : { rolloutPoolRatio: 1, trainingPoolRatio: 1 };
  if (rollout > 1.5 * rolloutMean) {
    warnings.push(
      `the response-length tail costs ${((rollout / rolloutMean - 1) * 100).toFixed(0)}% of rollout time: async or partial rollouts would help`,
    );
  }
  return {
    architectureId: arch.id,
    acceleratorId: accelerator.id,
    config,
    stepTimeSeconds,
    phases,
    boundBy,
    samplesPerSecond: samples / stepTimeSeconds,
    utilization,
    breakdown: {
      samplesPerStep: samples,
      rolloutGpus,
      trainingGpus,
      rolloutTp: layout.tp,
      rolloutInstances: instances,
      rolloutConcurrencyPerInstance: concurrency,
      medianOutputTokens: Math.round(maxOutputTokens * 0.5 ** k),
      maxOutputTokens,
      rolloutMeanLengthSeconds: rolloutMean,
      weightSyncBytes: bytes,
      training: { stepTimeSeconds: training.stepTimeSeconds, mfuRatio: training.mfuRatio, config: training.config },
    },
    assumptions: [...RL_ASSUMPTIONS],
    warnings,
  };
}

/**
 * Time to push a model's weights to one rollout GPU (the checkpoint-engine case): bytes / achievable NIC
 * rate, for the full model (`broadcast`) or a 1/tp shard (`pipelined`).
 *
 * @param params - parameters
 * @param bytesPerParam - bytes per parameter on the wire (2 for BF16, 1 for FP8)
 * @param nicGbitps - NIC rate per GPU, Gb/s
 * @param busBandwidthRatio - achievable share of the NIC rate (default 0.8)
 * @param shards - shards the receiving instance splits the model into (1 = full model per GPU)
 * @returns seconds
 * @example
 * ```ts
 * import { weightSyncSeconds } from "@aifactory/workloads";
 * Math.round(weightSyncSeconds(1.04e12, 1, 400)); // 26 (checkpoint-engine reports about 20 s for Kimi K2)
 * ```
 * @since 0.1.0
 * @category RL
 */
export function weightSyncSeconds(
  params: number,
  bytesPerParam: number,
  nicGbitps: number,
  busBandwidthRatio = 0.8,
  shards = 1,
): number {
  return (params * bytesPerParam) / shards / ((nicGbitps / 8) * 1e9 * busBandwidthRatio);
}
