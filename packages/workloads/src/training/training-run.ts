import { assertFiniteResult, finiteNonNegative, finitePositive, parseInput, positiveInt } from "@aifactory/core";
import { getStorageTier, type StorageTier } from "@aifactory/hardware";
import { z } from "zod";
import { resolveArchitecture } from "../architecture/catalog";
import { parameterCounts } from "../architecture/derived";
import { estimateTrainingStep, type TrainingStepInput, type TrainingStepResult } from "./training-step";

/**
 * Whole-run reliability and checkpointing inputs, with sourced defaults.
 *
 * - `mtbfHoursPerAccelerator` 50,000 h: Llama 3 saw 419 unexpected interruptions in 54 days on 16,384 H100s
 *   (Dubey et al. 2024, section 3.3.4), i.e. one per 3.1 h of the job = 16,384 x 3.1 = ~51,000 GPU-hours
 *   between failures per GPU (all causes, GPU and host).
 * - `checkpointWriteGBps` 1,000 GB/s aggregate: set it from the storage tier that holds the checkpoints
 *   (the default is an estimate of a parallel file system for a large cluster).
 * - `restartSeconds` 600: job rescheduling, NCCL initialisation and checkpoint load (estimate).
 * - `checkpointBytesPerParam` 14: bf16 weights (2) + fp32 master weights and Adam m, v (12); gradients are not
 *   saved.
 *
 * @example
 * ```ts
 * import { reliabilitySchema } from "@aifactory/workloads";
 * reliabilitySchema.parse({}).mtbfHoursPerAccelerator; // 50000
 * ```
 * @since 0.1.0
 * @category Training
 */
export const reliabilitySchema = z
  .object({
    mtbfHoursPerAccelerator: finitePositive.default(50_000),
    checkpointWriteGBps: finitePositive.default(1000),
    restartSeconds: finiteNonNegative.default(600),
    checkpointBytesPerParam: finitePositive.default(14),
    /** Override the checkpoint interval (seconds); default Young/Daly optimum. */
    checkpointIntervalSeconds: finitePositive.optional(),
  })
  .strict();

/**
 * Reliability inputs (defaults applied).
 *
 * @example
 * ```ts
 * import { type Reliability, reliabilitySchema } from "@aifactory/workloads";
 * const reliability: Reliability = reliabilitySchema.parse({ checkpointWriteGBps: 400 });
 * ```
 * @since 0.1.0
 * @category Training
 */
export type Reliability = z.infer<typeof reliabilitySchema>;

/**
 * Input of {@link estimateTrainingRun}: a step estimate's input plus the token budget and reliability.
 *
 * @example
 * ```ts
 * import { type TrainingRunInput } from "@aifactory/workloads";
 * const input: TrainingRunInput = { architecture: "llama-3.1-8b", accelerator: "nvidia-h100-sxm",
 *   tokens: 1e12, config: { acceleratorCount: 64, globalBatch: 512, sequenceTokens: 8192 } };
 * ```
 * @since 0.1.0
 * @category Training
 */
export interface TrainingRunInput extends TrainingStepInput {
  /** Tokens to train on. */
  tokens: number;
  /** Model parameters to checkpoint (default: the architecture's total parameters, from the step estimate). */
  totalParams?: number;
  reliability?: z.input<typeof reliabilitySchema>;
  /**
   * Where checkpoints go: a storage-tier id from `@aifactory/hardware` (e.g. `"parallel-fs-dgx-superpod"`) or a
   * tier's figures. Its write bandwidth (read bandwidth as a proxy when no write figure is published, with a
   * warning) times the number of accelerators, systems or 1 (per its scope) replaces `checkpointWriteGBps`;
   * its read bandwidth prices loading the checkpoint at each restart.
   */
  checkpointStorage?: string | Pick<StorageTier, "scope" | "readBandwidthGBps" | "writeBandwidthGBps">;
  /** Accelerators per system, for per-system storage figures (default 8). */
  gpusPerSystem?: number;
}

/**
 * A whole run: steady-state step, ideal and expected time, GPU-hours and goodput.
 *
 * @example
 * ```ts
 * import { type TrainingRunResult, estimateTrainingRun } from "@aifactory/workloads";
 * const run: TrainingRunResult = estimateTrainingRun({ architecture: "llama-3.1-8b",
 *   accelerator: "nvidia-h100-sxm", tokens: 1e12, config: { acceleratorCount: 64, globalBatch: 512, sequenceTokens: 8192 } });
 * run.gpuHours;
 * ```
 * @since 0.1.0
 * @category Training
 */
export interface TrainingRunResult extends TrainingStepResult {
  steps: number;
  /** Steps x step time: no failures, no checkpoints. */
  idealSeconds: number;
  /** Expected wall-clock time including checkpoint writes, lost work and restarts. */
  timeToTrainSeconds: number;
  timeToTrainDays: number;
  gpuHours: number;
  /** idealSeconds / timeToTrainSeconds. */
  goodputRatio: number;
  checkpointBytes: number;
  checkpointWriteSeconds: number;
  /** Aggregate checkpoint write bandwidth used, GB/s. */
  checkpointWriteGBps: number;
  checkpointIntervalSeconds: number;
  /** Job-level mean time between failures, seconds (per-GPU MTBF / GPUs). */
  jobMtbfSeconds: number;
  expectedFailures: number;
}

/**
 * Young/Daly optimal checkpoint interval: sqrt(2 x C x M) - C for write time C and MTBF M (Daly 2006, first
 * order; Young 1974 without the - C).
 *
 * @param checkpointWriteSeconds - time to write one checkpoint
 * @param mtbfSeconds - mean time between failures of the whole job
 * @returns interval between checkpoints, seconds (at least the write time)
 * @example
 * ```ts
 * import { youngDalyIntervalSeconds } from "@aifactory/workloads";
 * Math.round(youngDalyIntervalSeconds(60, 3 * 3600)); // 1078
 * ```
 * @since 0.1.0
 * @category Training
 */
export function youngDalyIntervalSeconds(checkpointWriteSeconds: number, mtbfSeconds: number): number {
  return Math.max(checkpointWriteSeconds, Math.sqrt(2 * checkpointWriteSeconds * mtbfSeconds) - checkpointWriteSeconds);
}

/**
 * Estimates a whole run: time to train on `tokens`, GPU-hours and goodput under failures and checkpointing.
 *
 * Model (Daly 2006 first-order): with interval τ, write time C, restart R and job MTBF M = MTBF_gpu / N, the
 * wall-clock time is T = W (1 + C/τ) / (1 - (R + (τ + C)/2) / M) for useful work W; goodput = W / T.
 *
 * @param input - step input plus tokens and reliability
 * @returns the run estimate (the step fields plus the run fields)
 * @throws InvalidInputError for invalid configurations (see estimateTrainingStep) or bad reliability inputs
 * @example
 * ```ts
 * import { estimateTrainingRun } from "@aifactory/workloads";
 * const h100 = { id: "nvidia-h100-sxm", denseTflops: { bf16: 989, fp8: 1979 }, memoryGB: 80,
 *   memoryBandwidthGBps: 3350, scaleUp: { bandwidthGBpsPerDirection: 450, scaleUpDomainSize: 8 },
 *   scaleOutGbitpsPerAccelerator: 400 };
 * const run = estimateTrainingRun({ architecture: "llama-3.1-8b", accelerator: h100, tokens: 1e12,
 *   config: { acceleratorCount: 64, tp: 1, globalBatch: 512, sequenceTokens: 8192, microBatch: 1, zeroStage: 1 } });
 * run.goodputRatio < 1; // true
 * ```
 * @since 0.1.0
 * @category Training
 */
export function estimateTrainingRun(input: TrainingRunInput): TrainingRunResult {
  const tokens = parseInput(finitePositive, input.tokens, "tokens");
  const reliability = parseInput(reliabilitySchema, input.reliability ?? {}, "reliability");
  const step = estimateTrainingStep(input);
  const gpus = step.config.acceleratorCount;
  const steps = Math.ceil(tokens / step.tokensPerStep);
  const idealSeconds = steps * step.stepTimeSeconds;
  const counts = parameterCounts(resolveArchitecture(input.architecture));
  const params = input.totalParams ?? counts.totalParams + counts.mtpParams;
  const checkpointBytes = params * reliability.checkpointBytesPerParam;
  const storageWarnings: string[] = [];
  let writeGBps = reliability.checkpointWriteGBps;
  let loadSeconds = 0;
  if (input.checkpointStorage !== undefined) {
    const tier =
      typeof input.checkpointStorage === "string" ? getStorageTier(input.checkpointStorage) : input.checkpointStorage;
    const perSystem = parseInput(positiveInt, input.gpusPerSystem ?? 8, "gpusPerSystem");
    const multiplier =
      tier.scope === "per-accelerator" ? gpus : tier.scope === "per-system" ? Math.ceil(gpus / perSystem) : 1;
    const write = tier.writeBandwidthGBps ?? tier.readBandwidthGBps;
    if (write === undefined) {
      storageWarnings.push("the checkpoint storage tier gives no bandwidth: checkpointWriteGBps is used");
    } else {
      if (tier.writeBandwidthGBps === undefined) {
        storageWarnings.push("the checkpoint storage tier publishes no write bandwidth: its read bandwidth is used");
      }
      writeGBps = write * multiplier;
    }
    if (tier.readBandwidthGBps !== undefined)
      loadSeconds = checkpointBytes / (tier.readBandwidthGBps * multiplier * 1e9);
  }
  const checkpointWriteSeconds = checkpointBytes / (writeGBps * 1e9);
  const jobMtbfSeconds = (reliability.mtbfHoursPerAccelerator * 3600) / gpus;
  const interval =
    reliability.checkpointIntervalSeconds ?? youngDalyIntervalSeconds(checkpointWriteSeconds, jobMtbfSeconds);
  const lossPerFailure = reliability.restartSeconds + loadSeconds + (interval + checkpointWriteSeconds) / 2;
  const usefulShare = Math.max(1e-6, 1 - lossPerFailure / jobMtbfSeconds);
  const timeToTrainSeconds = (idealSeconds * (1 + checkpointWriteSeconds / interval)) / usefulShare;
  const warnings = [...step.warnings, ...storageWarnings];
  if (usefulShare < 0.5) {
    warnings.push("failures cost more than half of the run: the job MTBF is shorter than restart plus checkpoint loss");
  }
  return assertFiniteResult(
    {
      ...step,
      warnings,
      assumptions: [
        ...step.assumptions,
        {
          name: "failures",
          basis: "method",
          text: `Failures: MTBF ${reliability.mtbfHoursPerAccelerator} h per GPU (Llama 3: 419 interruptions in 54 days on 16,384 GPUs); checkpoints every Young/Daly interval; restart ${reliability.restartSeconds} s.`,
        },
      ],
      steps,
      idealSeconds,
      timeToTrainSeconds,
      timeToTrainDays: timeToTrainSeconds / 86400,
      gpuHours: (timeToTrainSeconds * gpus) / 3600,
      goodputRatio: idealSeconds / timeToTrainSeconds,
      checkpointBytes,
      checkpointWriteSeconds,
      checkpointWriteGBps: writeGBps,
      checkpointIntervalSeconds: interval,
      jobMtbfSeconds,
      expectedFailures: timeToTrainSeconds / jobMtbfSeconds,
    },
    "training run estimate",
  );
}
