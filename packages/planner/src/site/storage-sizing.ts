import { InvalidInputError, type Source } from "@aifactory/core";

/**
 * Interruption rate of a large training job per GPU-hour, from Meta's Llama 3 paper: 419 unexpected
 * interruptions in a 54-day snapshot of pretraining on 16,384 H100 GPUs, `419 / (54 x 24 x 16384)` =
 * 1.97e-5 per GPU-hour (a cluster MTBF of about 3.1 hours at 16k GPUs).
 *
 * @example
 * ```ts
 * import { LLAMA3_INTERRUPTIONS_PER_GPU_HOUR } from "@aifactory/planner";
 * Math.round(1 / (LLAMA3_INTERRUPTIONS_PER_GPU_HOUR * 16384) * 10) / 10; // 3.1
 * ```
 * @since 0.7.0
 * @category Site
 */
export const LLAMA3_INTERRUPTIONS_PER_GPU_HOUR = 419 / (54 * 24 * 16_384);

/**
 * Source of {@link LLAMA3_INTERRUPTIONS_PER_GPU_HOUR}.
 *
 * @example
 * ```ts
 * import { LLAMA3_INTERRUPTIONS_SOURCE } from "@aifactory/planner";
 * LLAMA3_INTERRUPTIONS_SOURCE.locator; // "Section 3.3.4 Reliability and Operational Challenges"
 * ```
 * @since 0.7.0
 * @category Site
 */
export const LLAMA3_INTERRUPTIONS_SOURCE: Source = {
  title: "Llama Team, AI @ Meta 2024, The Llama 3 Herd of Models",
  url: "https://arxiv.org/abs/2407.21783",
  publisher: "arXiv",
  date: "2024-07",
  locator: "Section 3.3.4 Reliability and Operational Challenges",
  evidence: "verified",
  note: "466 job interruptions in a 54-day snapshot, 47 planned and 419 unexpected, on 16,384 H100 GPUs",
};

/**
 * Bytes per parameter of a training checkpoint with mixed-precision Adam: 2 (bf16 weights) + 12 (fp32 master
 * weights, momentum and variance), after ZeRO (Rajbhandari et al. 2020, Section 3.1: 16 bytes per parameter in
 * training, of which 2 are the gradients a checkpoint does not keep).
 *
 * @example
 * ```ts
 * import { CHECKPOINT_BYTES_PER_PARAMETER } from "@aifactory/planner";
 * CHECKPOINT_BYTES_PER_PARAMETER; // 14
 * ```
 * @since 0.7.0
 * @category Site
 */
export const CHECKPOINT_BYTES_PER_PARAMETER = 14;

/**
 * Young's first-order optimum checkpoint interval, `sqrt(2 x writeSeconds x mtbfSeconds)` (Young 1974; Daly 2006
 * adds higher-order terms that matter only when the write time nears the MTBF).
 *
 * @param writeSeconds - time to write one checkpoint, s (> 0)
 * @param mtbfSeconds - mean time between interruptions of the job, s (> 0)
 * @returns the interval, s
 * @throws InvalidInputError for a non-positive input
 * @example
 * ```ts
 * import { youngDalyIntervalSeconds } from "@aifactory/planner";
 * youngDalyIntervalSeconds(60, 3 * 3600); // 1138.4199576606166
 * ```
 * @since 0.7.0
 * @category Site
 */
export function youngDalyIntervalSeconds(writeSeconds: number, mtbfSeconds: number): number {
  for (const [path, value] of [
    ["writeSeconds", writeSeconds],
    ["mtbfSeconds", mtbfSeconds],
  ] as const) {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new InvalidInputError("checkpoint interval", [
        { path, message: "must be a positive number", received: value },
      ]);
    }
  }
  return Math.sqrt(2 * writeSeconds * mtbfSeconds);
}

/**
 * Storage a training job needs.
 *
 * @since 0.7.0
 * @category Site
 */
export interface TrainingStorageNeed {
  checkpointBytes: number;
  /** Mean time between interruptions of a job on `gpuCount` GPUs, s. */
  clusterMtbfSeconds: number;
  /** Longest write time that keeps the stall share at the target with Young's interval, s. */
  checkpointWriteSeconds: number;
  /** Young/Daly checkpoint interval at that write time, s. */
  checkpointIntervalSeconds: number;
  /** Write bandwidth to reach that write time, GB/s (decimal). */
  checkpointWriteGBps: number;
  /** Training-data read bandwidth, GB/s (decimal). */
  datasetReadGBps: number;
  assumptions: string[];
}

/**
 * Sizes the checkpoint and data bandwidth of a training job. With Young's interval `tau = sqrt(2 delta M)`, the
 * share of time spent writing checkpoints is `delta / tau = sqrt(delta / (2 M))`; a target share `f` gives the
 * longest write time `delta = 2 M f^2` and the bandwidth `checkpointBytes / delta`. (Rework after a failure adds
 * about `tau / 2` per interruption on top; it is not part of the write bandwidth.) Data read bandwidth is
 * `tokensPerSecond x bytesPerToken`.
 *
 * @param input - parameters, GPUs, target stall share, interruption rate, tokens/s and bytes per token
 * @returns checkpoint size, MTBF, interval and bandwidths
 * @throws InvalidInputError for non-positive inputs or a stall share outside (0, 0.5]
 * @example
 * ```ts
 * import { sizeTrainingStorage } from "@aifactory/planner";
 * const need = sizeTrainingStorage({ parameterCount: 405e9, gpuCount: 16384, stallRatio: 0.01, tokensPerSecond: 2.5e6 });
 * Math.round(need.checkpointBytes / 1e12 * 10) / 10; // 5.7
 * Math.round(need.checkpointWriteGBps); // 2546
 * ```
 * @since 0.7.0
 * @category Site
 */
export function sizeTrainingStorage(input: {
  parameterCount: number;
  gpuCount: number;
  stallRatio: number;
  tokensPerSecond: number;
  interruptionsPerAcceleratorHour?: number;
  bytesPerToken?: number;
  checkpointBytesPerParameter?: number;
}): TrainingStorageNeed {
  const rate = input.interruptionsPerAcceleratorHour ?? LLAMA3_INTERRUPTIONS_PER_GPU_HOUR;
  const bytesPerToken = input.bytesPerToken ?? 4;
  const perParameter = input.checkpointBytesPerParameter ?? CHECKPOINT_BYTES_PER_PARAMETER;
  const checks: Array<[string, number]> = [
    ["parameterCount", input.parameterCount],
    ["gpuCount", input.gpuCount],
    ["tokensPerSecond", input.tokensPerSecond],
    ["interruptionsPerAcceleratorHour", rate],
    ["bytesPerToken", bytesPerToken],
    ["checkpointBytesPerParameter", perParameter],
  ];
  for (const [path, value] of checks) {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new InvalidInputError("storage sizing", [{ path, message: "must be a positive number", received: value }]);
    }
  }
  if (!(input.stallRatio > 0 && input.stallRatio <= 0.5)) {
    throw new InvalidInputError("storage sizing", [
      {
        path: "stallRatio",
        message: "must be in (0, 0.5]",
        received: input.stallRatio,
        hint: "e.g. 0.01 for 1% of time writing checkpoints",
      },
    ]);
  }
  const checkpointBytes = input.parameterCount * perParameter;
  const mtbfSeconds = 3600 / (rate * input.gpuCount);
  const writeSeconds = 2 * mtbfSeconds * input.stallRatio ** 2;
  return {
    checkpointBytes,
    clusterMtbfSeconds: mtbfSeconds,
    checkpointWriteSeconds: writeSeconds,
    checkpointIntervalSeconds: youngDalyIntervalSeconds(writeSeconds, mtbfSeconds),
    checkpointWriteGBps: checkpointBytes / writeSeconds / 1e9,
    datasetReadGBps: (input.tokensPerSecond * bytesPerToken) / 1e9,
    assumptions: [
      `checkpoint = ${perParameter} bytes per parameter (bf16 weights + fp32 Adam states, ZeRO Section 3.1)`,
      `${rate.toExponential(2)} interruptions per GPU-hour${input.interruptionsPerAcceleratorHour === undefined ? " (Llama 3: 419 in 54 days on 16,384 H100)" : ""}`,
      `synchronous checkpoint writes, Young's interval; target ${input.stallRatio * 100}% of time writing`,
      `${bytesPerToken} bytes per training token read (pre-tokenized ids)`,
    ],
  };
}
