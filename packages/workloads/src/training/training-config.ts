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
    /**
     * MoE token dispatch with computation (default false): Megatron-Core's `--overlap-moe-expert-parallel-comm`,
     * the forward of one microbatch runs with the backward of another and each one's all-to-all hides behind the
     * other's computation (the pipeline warm-up and cool-down passes keep theirs exposed). Always on with the
     * `dualpipe` schedule.
     */
    expertParallel: z.boolean().default(false),
    /** Pipeline send/recv with compute (default true). */
    pipeline: z.boolean().default(true),
  })
  .strict();

/**
 * Megatron-Core's selective-recompute modules (`--recompute-modules`): `core_attn` (the attention scores; free
 * with fused attention), `layernorm` (the two norms' outputs), `moe_act` (the SwiGLU output of the experts),
 * `mla_up_proj` (MLA's up-projected Q, K and V), `mlp` (dense-layer MLPs), `shared_experts`, `moe` (the whole MoE
 * layer, token dispatch included).
 *
 * @example
 * ```ts
 * import { recomputeModuleSchema } from "@aifactory/workloads";
 * recomputeModuleSchema.parse("moe_act"); // "moe_act"
 * ```
 * @since 0.5.0
 * @category Training
 */
export const recomputeModuleSchema = z.enum(
  ["core_attn", "layernorm", "moe_act", "mla_up_proj", "mlp", "shared_experts", "moe"],
  { message: 'must be one of "core_attn", "layernorm", "moe_act", "mla_up_proj", "mlp", "shared_experts", "moe"' },
);

/**
 * One selective-recompute module. See {@link recomputeModuleSchema}.
 *
 * @example
 * ```ts
 * import { type RecomputeModule } from "@aifactory/workloads";
 * const modules: RecomputeModule[] = ["layernorm", "moe_act"];
 * ```
 * @since 0.5.0
 * @category Training
 */
export type RecomputeModule = z.infer<typeof recomputeModuleSchema>;

/**
 * Pipeline schedule: `1f1b` (PipeDream-Flush), `interleaved` (1F1B with `vpp` virtual stages per rank) or
 * `dualpipe` (DeepSeek-V3's bidirectional schedule: two stages per rank, forward and backward chunks of
 * different microbatches overlapped so that their communication hides behind each other's computation).
 *
 * @example
 * ```ts
 * import { pipelineScheduleSchema } from "@aifactory/workloads";
 * pipelineScheduleSchema.parse("dualpipe"); // "dualpipe"
 * ```
 * @since 0.5.0
 * @category Training
 */
export const pipelineScheduleSchema = z.enum(["1f1b", "interleaved", "dualpipe"], {
  message: 'must be "1f1b", "interleaved" or "dualpipe"',
});

/**
 * How MoE layers are trained: the token dispatcher, node-limited routing, the routing regime and the capacity.
 *
 * - `dispatcher`: `alltoall` (default; Megatron-Core's NCCL all-to-all of every token-expert copy), `allgather`
 *   (all-gather the EP group's tokens, reduce-scatter the outputs) or `deepep` (Megatron-Core's flex dispatcher
 *   with DeepEP/HybridEP kernels: a token crosses the scale-out network once per destination node and is
 *   forwarded over the scale-up fabric inside it).
 * - `maxNodesPerToken`: node-limited routing (DeepSeek-V3: each token's experts on at most 4 nodes); bounds the
 *   scale-out copies of the `deepep` dispatcher.
 * - `routing`: `forced-balanced` (`--moe-router-force-load-balancing`, uniform synthetic routing as benchmarks
 *   run) or `learned` (default: the busiest EP rank carries the random fluctuation of real routing, and the
 *   efficiency set's `moeRoutingSkewAlpha` power-law skew when it is above 0).
 * - `capacityFactor`: tokens an expert accepts, as a multiple of the even share (dropless when left out); the
 *   excess is dropped. `padToCapacity` pads every expert to its capacity (Megatron's
 *   `--moe-pad-expert-input-to-capacity`).
 *
 * @example
 * ```ts
 * import { moeTrainingSchema } from "@aifactory/workloads";
 * moeTrainingSchema.parse({ dispatcher: "deepep", maxNodesPerToken: 4 }).routing; // "learned"
 * ```
 * @since 0.5.0
 * @category Training
 */
export const moeTrainingSchema = z
  .object({
    dispatcher: z
      .enum(["alltoall", "allgather", "deepep"], { message: 'must be "alltoall", "allgather" or "deepep"' })
      .default("alltoall"),
    maxNodesPerToken: positiveInt.optional(),
    routing: z
      .enum(["forced-balanced", "learned"], { message: 'must be "forced-balanced" or "learned"' })
      .default("learned"),
    capacityFactor: z.number().finite().min(1, { message: "must be at least 1 (1 = the even share)" }).optional(),
    padToCapacity: z.boolean().default(false),
  })
  .strict();

/**
 * MoE training options as written by a user. See {@link moeTrainingSchema}.
 *
 * @example
 * ```ts
 * import { type MoeTrainingInput } from "@aifactory/workloads";
 * const moe: MoeTrainingInput = { dispatcher: "deepep", maxNodesPerToken: 4 };
 * ```
 * @since 0.5.0
 * @category Training
 */
export type MoeTrainingInput = z.input<typeof moeTrainingSchema>;

/**
 * One training configuration: how many GPUs, how the model is split, the batch and the switches.
 *
 * Parallel sizes: `tp` tensor, `pp` pipeline with `vpp` virtual stages per rank (interleaved 1F1B), `cp`
 * context, `dp` data (derived as acceleratorCount / (tp pp cp) when left out). MoE layers use their own split of the same
 * GPUs (Megatron-Core's parallel folding): `etp` expert tensor parallel (default `tp`) x `ep` expert parallel x an
 * expert data-parallel size `tp x cp x dp / (etp x ep)`, so `ep` may exceed `dp x cp`. `zeroStage` 0-3 (1 = Megatron's distributed optimizer, 3 = FSDP). `globalBatch` and
 * `microBatch` are in sequences of `sequenceTokens` tokens.
 *
 * @example
 * ```ts
 * import { trainingConfigSchema } from "@aifactory/workloads";
 * trainingConfigSchema.parse({ acceleratorCount: 64, tp: 8, pp: 8, globalBatch: 64, sequenceTokens: 2048 }).recompute;
 * // "selective"
 * ```
 * @since 0.1.0
 * @category Training
 */
export const trainingConfigSchema = z
  .object({
    acceleratorCount: positiveInt,
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
    sequenceTokens: positiveInt,
    recompute: recomputeSchema.default("selective"),
    /**
     * Which modules selective recomputation recomputes (Megatron-Core `--recompute-modules`); only with
     * `recompute: "selective"`. Default `["core_attn"]`.
     */
    recomputeModules: z.array(recomputeModuleSchema).optional(),
    /** Pipeline schedule; default `interleaved` when vpp > 1, else `1f1b`. */
    pipelineSchedule: pipelineScheduleSchema.optional(),
    /** Multi-token-prediction layers trained on the last stage (Megatron-Core `--mtp-num-layers`; default 0). */
    mtpLayers: z.number().int().nonnegative().default(0),
    /**
     * Adam moment precision: `fp32` (default) or `bf16` (Megatron-Core's precision-aware optimizer
     * `--exp-avg-dtype bf16 --exp-avg-sq-dtype bf16`; DeepSeek-V3 trained this way).
     */
    optimizerMoments: z.enum(["fp32", "bf16"], { message: 'must be "fp32" or "bf16"' }).default("fp32"),
    /**
     * FP8 primary weights (Megatron-Core `--fp8-param-gather`): with `precision: "fp8"` the model weights live
     * in FP8 only (1 B/param instead of a bf16 copy plus an FP8 cache) and the distributed optimizer all-gathers
     * them in FP8; the fp32 master copy stays in the optimizer. Default false.
     */
    fp8PrimaryWeights: z.boolean().default(false),
    /**
     * Which activations an FP8 recipe stores in FP8 for the backward pass: `gemm-inputs` (default; Transformer
     * Engine) or `gemm-and-swiglu-inputs` (also the experts' SwiGLU inputs, as DeepSeek-V3 trained: report
     * s3.3.2).
     */
    fp8ActivationCache: z
      .enum(["gemm-inputs", "gemm-and-swiglu-inputs"], { message: 'must be "gemm-inputs" or "gemm-and-swiglu-inputs"' })
      .default("gemm-inputs"),
    /** MoE layers: dispatcher, node-limited routing, routing regime, capacity. See {@link moeTrainingSchema}. */
    moe: moeTrainingSchema.default({ dispatcher: "alltoall", routing: "learned", padToCapacity: false }),
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
 * const config: TrainingConfig = trainingConfigSchema.parse({ acceleratorCount: 8, globalBatch: 8, sequenceTokens: 4096 });
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
 * const config: TrainingConfigInput = { acceleratorCount: 64, tp: 8, pp: 8, vpp: 3, globalBatch: 64, sequenceTokens: 2048 };
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
