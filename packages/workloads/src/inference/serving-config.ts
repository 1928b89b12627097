import { positiveInt, ratio } from "@aifactory/core";
import { z } from "zod";

/**
 * Weight formats: `bf16`, `fp8` (FP8 GEMMs with per-tensor scales, as ModelOpt FP8 checkpoints), `fp8-block`
 * (FP8 with 1x128 activation and 128x128 weight block scales: DeepSeek-V3/R1 and Qwen3 FP8 checkpoints), `fp4` (NVFP4: 4-bit values plus one FP8 scale per 16, 4.5 bits;
 * FP4 GEMMs where the accelerator has an FP4 peak) and `int4` (weight-only, group-128 scales, BF16 GEMMs).
 *
 * @example
 * ```ts
 * import { weightPrecisionSchema } from "@aifactory/workloads";
 * weightPrecisionSchema.parse("fp8"); // "fp8"
 * ```
 * @since 0.1.0
 * @category Inference
 */
export const weightPrecisionSchema = z.enum(["bf16", "fp8", "fp8-block", "fp4", "int4"], {
  message: 'must be "bf16", "fp8", "fp8-block", "fp4" or "int4"',
});

/**
 * A weight format. See {@link weightPrecisionSchema}.
 *
 * @since 0.1.0
 * @category Inference
 */
export type WeightPrecision = z.infer<typeof weightPrecisionSchema>;

/**
 * KV-cache formats a serving engine stores.
 *
 * @example
 * ```ts
 * import { kvPrecisionSchema } from "@aifactory/workloads";
 * kvPrecisionSchema.parse("fp8"); // "fp8"
 * ```
 * @since 0.1.0
 * @category Inference
 */
export const kvPrecisionSchema = z.enum(["bf16", "fp8"], { message: 'must be "bf16" or "fp8"' });

/**
 * A KV-cache format. See {@link kvPrecisionSchema}.
 *
 * @since 0.1.0
 * @category Inference
 */
export type KvPrecision = z.infer<typeof kvPrecisionSchema>;

/**
 * Bytes per parameter of each weight format (NVFP4 4.5 bits; INT4 AWQ/GPTQ with one BF16 scale per 128).
 *
 * @example
 * ```ts
 * import { WEIGHT_BYTES_PER_PARAM } from "@aifactory/workloads";
 * WEIGHT_BYTES_PER_PARAM.fp8; // 1
 * ```
 * @since 0.1.0
 * @category Inference
 */
export const WEIGHT_BYTES_PER_PARAM: Readonly<Record<WeightPrecision, number>> = Object.freeze({
  bf16: 2,
  fp8: 1,
  // One fp32 scale per 128 x 128 weight block: 4 / 16384 B per parameter.
  "fp8-block": 1 + 4 / 16384,
  fp4: 4.5 / 8,
  int4: 0.5 + 2 / 128,
});

/**
 * One serving instance (a model replica) and its traffic.
 *
 * Parallelism: `tp` GPUs per pipeline stage (the "TP" of TensorRT-LLM's tables), `pp` stages, so an instance
 * has `tp x pp` GPUs. `ep` (dividing `tp`) spreads the routed experts of MoE layers; `attentionDp` runs
 * attention and dense layers data-parallel across the `tp` GPUs (each its own sequences and full attention
 * weights) instead of tensor-parallel, as TensorRT-LLM's `enable_attention_dp` and DeepSeek's deployment do.
 *
 * Traffic: fixed `inputTokens`/`outputTokens`; `concurrency` sequences in flight per instance, or `maxThroughput` for the
 * largest batch that fits. `prefixHitRatio` of each prompt is already cached (no prefill work);
 * `mtpAcceptance` enables speculative decoding (MTP or a draft model) with `mtpDraftTokens` drafts per step.
 * Engine limits default to TensorRT-LLM's `BuildConfig` (`max_batch_size` 2048, `max_num_tokens` 8192).
 *
 * @example
 * ```ts
 * import { servingConfigSchema } from "@aifactory/workloads";
 * servingConfigSchema.parse({ tp: 2, inputTokens: 1000, outputTokens: 1000, maxThroughput: true }).weights; // "fp8"
 * ```
 * @since 0.1.0
 * @category Inference
 */
export const servingConfigSchema = z
  .object({
    tp: positiveInt.default(1),
    pp: positiveInt.default(1),
    ep: positiveInt.default(1),
    attentionDp: z.boolean().default(false),
    weights: weightPrecisionSchema.default("fp8"),
    kv: kvPrecisionSchema.default("fp8"),
    /** Input (prompt) tokens per request. */
    inputTokens: positiveInt,
    /** Output tokens per request. */
    outputTokens: positiveInt,
    /** Sequences in flight per instance (ignored when `maxThroughput`). */
    concurrency: positiveInt.optional(),
    /** Use the largest concurrency the KV cache and the engine limits allow. */
    maxThroughput: z.boolean().default(false),
    /** Share of each prompt already in the prefix cache (0..1). */
    prefixHitRatio: ratio.default(0),
    /** Per-token acceptance rate of speculative / MTP drafts (0 = no speculation). */
    mtpAcceptance: ratio.default(0),
    /** Draft tokens proposed per step when `mtpAcceptance` > 0 (DeepSeek-V3 MTP: 1). */
    mtpDraftTokens: positiveInt.default(1),
    /** Engine limit on sequences per iteration. */
    maxBatchSize: positiveInt.default(2048),
    /** Engine limit on tokens (decode + prefill chunk) per iteration. */
    maxNumTokens: positiveInt.default(8192),
    /** Overlap communication with compute by splitting each iteration into two micro-batches (DeepSeek). */
    microBatchOverlap: z.boolean().default(false),
    /**
     * MoE token exchange under attention-DP + EP: `all-to-all` (DeepEP / SGLang / DeepSeek) or `allgather`
     * (all-gather before the experts, reduce-scatter after: TensorRT-LLM without multi-node NVLink).
     */
    moeDispatch: z.enum(["all-to-all", "allgather"]).default("all-to-all"),
    /**
     * Redundant expert replicas (DeepSeek's EPLB, DeepSeek-V3 report s3.4: 32 redundant experts): the EP group
     * hosts experts + redundantExperts slots, so EP sizes that do not divide the expert count work (256 + 32 =
     * 288 = EP72 x 4 = EP48 x 6); hot experts are replicated and their load splits. Default 0.
     */
    redundantExperts: z.number().int().nonnegative().default(0),
    /**
     * Attention-DP context balancing (default true: TensorRT-LLM's `attention_dp_config.enable_balance`, SGLang's
     * DP-attention scheduling): prefills are batched across the DP ranks so that they run together. False: each
     * rank prefills its own requests as they come, and a rank busy with a prompt chunk stalls the whole EP group
     * at every MoE exchange.
     */
    attentionDpBalance: z.boolean().default(true),
  })
  .strict();

/**
 * A serving configuration (defaults applied). See {@link servingConfigSchema}.
 *
 * @since 0.1.0
 * @category Inference
 */
export type ServingConfig = z.infer<typeof servingConfigSchema>;

/**
 * A serving configuration as a user writes it.
 *
 * @since 0.1.0
 * @category Inference
 */
export type ServingConfigInput = z.input<typeof servingConfigSchema>;
