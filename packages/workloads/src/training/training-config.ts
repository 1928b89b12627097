import { positiveInt } from "@aifactory/core";
import { z } from "zod";

/**
 * Activation recomputation: `none`, `selective` (attention core only; Korthikanti et al. 2022) or `full`
 * (every layer's forward is run again in the backward pass).
 *
 * @example
 * ```ts
 * import { recomputeSchema } from "@aifactory/workloads";
 * recomputeSchema.parse("selective"); // "selective"
 * ```
 * @since 0.1.0
 * @category Training
 */
export const recomputeSchema = z.enum(["none", "selective", "full"], {
  message: 'must be "none", "selective" or "full"',
});

/**
 * Training precision of the GEMMs: `bf16` or `fp8` (weights, optimizer and attention stay bf16/fp32).
 *
 * @example
 * ```ts
 * import { trainingPrecisionSchema } from "@aifactory/workloads";
 * trainingPrecisionSchema.parse("fp8"); // "fp8"
 * ```
 * @since 0.1.0
 * @category Training
 */
export const trainingPrecisionSchema = z.enum(["bf16", "fp8"], { message: 'must be "bf16" or "fp8"' });

/**
 * Which communication is overlapped with compute.
 *
 * @example
 * ```ts
 * import { overlapSchema } from "@aifactory/workloads";
 * overlapSchema.parse({ tensorParallel: true }).dataParallel; // true
 * ```
 * @since 0.1.0
 * @category Training
 */
export const overlapSchema = z
  .object({
    /** Gradient reduce-scatter/all-reduce and parameter all-gather with backward/forward (default true). */
    dataParallel: z.boolean().default(true),
    /** TP collectives with the neighbouring GEMMs (TE userbuffers; default false). */
    tensorParallel: z.boolean().default(false),
    /** Ring-attention K/V exchange with attention compute (default true). */
    contextParallel: z.boolean().default(true),
    /** MoE all-to-all with compute (DualPipe-like; default false). */
    expertParallel: z.boolean().default(false),
    /** Pipeline send/recv with compute (default true). */
    pipeline: z.boolean().default(true),
  })
  .strict();

/**
 * One training configuration: how many GPUs, how the model is split, the batch and the switches.
 *
 * Parallel sizes: `tp` tensor, `pp` pipeline with `vpp` virtual stages per rank (interleaved 1F1B), `cp`
 * context, `dp` data (derived as gpus / (tp pp cp) when left out). MoE layers use their own split of the same
 * GPUs (Megatron-Core's parallel folding): `etp` expert tensor parallel (default `tp`) x `ep` expert parallel x an
 * expert data-parallel size `tp x cp x dp / (etp x ep)`, so `ep` may exceed `dp x cp`. `zeroStage` 0-3 (1 = Megatron's distributed optimizer, 3 = FSDP). `globalBatch` and
 * `microBatch` are in sequences of `sequenceLength` tokens.
 *
 * @example
 * ```ts
 * import { trainingConfigSchema } from "@aifactory/workloads";
 * trainingConfigSchema.parse({ gpus: 64, tp: 8, pp: 8, globalBatch: 64, sequenceLength: 2048 }).recompute;
 * // "selective"
 * ```
 * @since 0.1.0
 * @category Training
 */
export const trainingConfigSchema = z
  .object({
    gpus: positiveInt,
    tp: positiveInt.default(1),
    pp: positiveInt.default(1),
    vpp: positiveInt.default(1),
    cp: positiveInt.default(1),
    ep: positiveInt.default(1),
    /** Expert tensor parallelism (Megatron-Core `--expert-tensor-parallel-size`); default: `tp`. */
    etp: positiveInt.optional(),
    dp: positiveInt.optional(),
    zeroStage: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).default(1),
    sequenceParallel: z.boolean().default(true),
    microBatch: positiveInt.default(1),
    globalBatch: positiveInt,
    sequenceLength: positiveInt,
    recompute: recomputeSchema.default("selective"),
    precision: trainingPrecisionSchema.default("bf16"),
    /**
     * Keep fp32 master weights and Adam states in host memory and run the optimizer step there (ZeRO-Offload);
     * needs the accelerator's `hostLinkGBps`. Default false.
     */
    offloadOptimizer: z.boolean().default(false),
    /** Fused (flash) attention: no s x s score matrix in memory, causal blocks skipped. Default true. */
    flashAttention: z.boolean().default(true),
    overlap: overlapSchema.default({
      dataParallel: true,
      tensorParallel: false,
      contextParallel: true,
      expertParallel: false,
      pipeline: true,
    }),
  })
  .strict();

/**
 * A training configuration (defaults applied). See {@link trainingConfigSchema}.
 *
 * @example
 * ```ts
 * import { type TrainingConfig, trainingConfigSchema } from "@aifactory/workloads";
 * const config: TrainingConfig = trainingConfigSchema.parse({ gpus: 8, globalBatch: 8, sequenceLength: 4096 });
 * ```
 * @since 0.1.0
 * @category Training
 */
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;

/**
 * A training configuration as written by a user (defaults optional).
 *
 * @example
 * ```ts
 * import { type TrainingConfigInput } from "@aifactory/workloads";
 * const config: TrainingConfigInput = { gpus: 64, tp: 8, pp: 8, vpp: 3, globalBatch: 64, sequenceLength: 2048 };
 * ```
 * @since 0.1.0
 * @category Training
 */
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;

/**
 * Recompute mode.
 *
 * @example
 * ```ts
 * import { type Recompute } from "@aifactory/workloads";
 * const mode: Recompute = "full";
 * ```
 * @since 0.1.0
 * @category Training
 */
export type Recompute = z.infer<typeof recomputeSchema>;

/**
 * Training precision.
 *
 * @example
 * ```ts
 * import { type TrainingPrecision } from "@aifactory/workloads";
 * const precision: TrainingPrecision = "bf16";
 * ```
 * @since 0.1.0
 * @category Training
 */
export type TrainingPrecision = z.infer<typeof trainingPrecisionSchema>;
