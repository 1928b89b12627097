import { positiveInt } from "@aifactory/core";
import { z } from "zod";

/**
 * Latencies of a table's grid points, microseconds, in the grid's row-major order: either plain numbers
 * (`null` = not measured; what `aif bench kernels` writes) or the compact `log2-u16-base64` encoding of the
 * built-in tables (see `encodeLatencies`).
 *
 * @example
 * ```ts
 * import { latencyValuesSchema } from "@aifactory/kernels";
 * latencyValuesSchema.parse([12.5, null, 30]).length; // 3
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const latencyValuesSchema = z.union([
  z.array(z.number().finite().positive().nullable()),
  z.object({ encoding: z.literal("log2-u16-base64"), data: z.string() }).strict(),
]);

/** Sorted, strictly increasing positive integers: one axis of a measured grid. */
const axis = z
  .array(positiveInt)
  .min(1)
  .refine((values) => values.every((v, i) => i === 0 || v > (values[i - 1] ?? 0)), {
    message: "must be strictly increasing",
  });

/**
 * GEMM precisions a table can hold: `bf16`, `fp8` (per-tensor scaling), `fp8-block` (1x128 / 128x128 block
 * scaling, DeepSeek-V3 style), `nvfp4` (FP4 with FP8 scales per 16 values), `mxfp4` (OCP microscaling FP4).
 *
 * @example
 * ```ts
 * import { gemmDtypeSchema } from "@aifactory/kernels";
 * gemmDtypeSchema.parse("fp8-block"); // "fp8-block"
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const gemmDtypeSchema = z.enum(["bf16", "fp8", "fp8-block", "nvfp4", "mxfp4"]);

/**
 * A GEMM precision. See {@link gemmDtypeSchema}.
 *
 * @since 0.1.0
 * @category Tables
 */
export type GemmDtype = z.infer<typeof gemmDtypeSchema>;

/**
 * MoE layer precisions: the GEMM ones, plus `w4a16-mxfp4` (MXFP4 weights, BF16 activations: GPT-OSS) and
 * `w4a8-mxfp4-mxfp8` (MXFP4 weights, MXFP8 activations).
 *
 * @example
 * ```ts
 * import { moeDtypeSchema } from "@aifactory/kernels";
 * moeDtypeSchema.parse("w4a16-mxfp4"); // "w4a16-mxfp4"
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const moeDtypeSchema = z.enum(["bf16", "fp8", "fp8-block", "nvfp4", "mxfp4", "w4a16-mxfp4", "w4a8-mxfp4-mxfp8"]);

/**
 * A MoE precision. See {@link moeDtypeSchema}.
 *
 * @since 0.1.0
 * @category Tables
 */
export type MoeDtype = z.infer<typeof moeDtypeSchema>;

/**
 * Attention and KV-cache element formats.
 *
 * @example
 * ```ts
 * import { attentionDtypeSchema } from "@aifactory/kernels";
 * attentionDtypeSchema.parse("fp8"); // "fp8"
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const attentionDtypeSchema = z.enum(["bf16", "fp8"]);

/**
 * Collective operations a table can hold.
 *
 * @example
 * ```ts
 * import { collectiveOperationSchema } from "@aifactory/kernels";
 * collectiveOperationSchema.parse("all-reduce"); // "all-reduce"
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const collectiveOperationSchema = z.enum(["all-reduce", "all-gather", "reduce-scatter", "all-to-all"]);

/**
 * A collective operation. See {@link collectiveOperationSchema}.
 *
 * @since 0.1.0
 * @category Tables
 */
export type CollectiveOperation = z.infer<typeof collectiveOperationSchema>;

/**
 * One GEMM (M x K times K x N) per grid point `(m, n, k)`, latency in microseconds, index
 * `(i_m x |n| + i_n) x |k| + i_k`.
 *
 * @example
 * ```ts
 * import { gemmTableSchema } from "@aifactory/kernels";
 * gemmTableSchema.parse({ dtype: "bf16", m: [1024], n: [1024], k: [1024], latencyUs: [14.3] }).dtype; // "bf16"
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const gemmTableSchema = z
  .object({
    dtype: gemmDtypeSchema,
    m: axis,
    n: axis,
    k: axis,
    latencyUs: latencyValuesSchema,
  })
  .strict();

/**
 * One whole MoE layer on one GPU (routing, permutation, the grouped GEMMs, activation, un-permutation) per
 * `(series, tokens)`: each series is one `(tp, ep, routingAlpha)` split of the layer, `tokens` are the tokens
 * entering the layer on that GPU, `routingAlpha` the power-law exponent of expert loads (0 = balanced).
 * `gated` is true for SwiGLU-style experts (three matrices), false for two-matrix experts.
 *
 * @example
 * ```ts
 * import { moeTableSchema } from "@aifactory/kernels";
 * moeTableSchema.parse({ dtype: "fp8", gated: true, hiddenSize: 4096, expertFfnSize: 1536, topK: 8, experts: 128,
 *   series: [{ tp: 1, ep: 8, routingAlpha: 0 }], tokens: [1, 64], latencyUs: [20, 40] }).experts; // 128
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const moeTableSchema = z
  .object({
    dtype: moeDtypeSchema,
    gated: z.boolean(),
    hiddenSize: positiveInt,
    expertFfnSize: positiveInt,
    topK: positiveInt,
    experts: positiveInt,
    series: z
      .array(z.object({ tp: positiveInt, ep: positiveInt, routingAlpha: z.number().finite().nonnegative() }).strict())
      .min(1),
    tokens: axis,
    latencyUs: latencyValuesSchema,
  })
  .strict();

/**
 * Prefill (context) attention of `batch` sequences of `sequenceTokens` prompt tokens each, for one head
 * layout on one GPU (heads after any tensor-parallel split); `windowTokens` 0 = full attention.
 *
 * @example
 * ```ts
 * import { contextAttentionTableSchema } from "@aifactory/kernels";
 * contextAttentionTableSchema.parse({ heads: 8, kvHeads: 1, headDim: 128, windowTokens: 0, dtype: "bf16",
 *   kvDtype: "bf16", batch: [1], sequenceTokens: [4096], latencyUs: [300] }).heads; // 8
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const contextAttentionTableSchema = z
  .object({
    heads: positiveInt,
    kvHeads: positiveInt,
    headDim: positiveInt,
    windowTokens: z.number().int().nonnegative(),
    dtype: attentionDtypeSchema,
    kvDtype: attentionDtypeSchema,
    batch: axis,
    sequenceTokens: axis,
    latencyUs: latencyValuesSchema,
  })
  .strict();

/**
 * One decode step of attention: `batch` sequences, each one new token against `contextTokens` cached tokens.
 *
 * @example
 * ```ts
 * import { generationAttentionTableSchema } from "@aifactory/kernels";
 * generationAttentionTableSchema.parse({ heads: 8, kvHeads: 1, headDim: 128, windowTokens: 0, kvDtype: "fp8",
 *   batch: [64], contextTokens: [2048], latencyUs: [40] }).kvDtype; // "fp8"
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const generationAttentionTableSchema = z
  .object({
    heads: positiveInt,
    kvHeads: positiveInt,
    headDim: positiveInt,
    windowTokens: z.number().int().nonnegative(),
    kvDtype: attentionDtypeSchema,
    batch: axis,
    contextTokens: axis,
    latencyUs: latencyValuesSchema,
  })
  .strict();

/**
 * Multi-head latent attention (DeepSeek-V2/V3 MLA) on one GPU, `heads` after any tensor-parallel split, for one
 * set of latent dimensions: prefill (`phase: "context"`, `tokens` = prompt tokens) or one decode step
 * (`phase: "generation"`, `tokens` = cached tokens; the absorbed form over the compressed KV latent).
 *
 * @example
 * ```ts
 * import { mlaTableSchema } from "@aifactory/kernels";
 * mlaTableSchema.parse({ phase: "generation", heads: 16, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64,
 *   vHeadDim: 128, kvDtype: "fp8", batch: [64], tokens: [4096], latencyUs: [90] }).phase; // "generation"
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const mlaTableSchema = z
  .object({
    phase: z.enum(["context", "generation"]),
    heads: positiveInt,
    kvLoraRank: positiveInt,
    qkNopeHeadDim: positiveInt,
    qkRopeHeadDim: positiveInt,
    vHeadDim: positiveInt,
    kvDtype: attentionDtypeSchema,
    batch: axis,
    tokens: axis,
    latencyUs: latencyValuesSchema,
  })
  .strict();

/**
 * DeepEP expert-parallel token exchange inside one node of `acceleratorCount` GPUs: `dispatch` (tokens to the GPUs of their
 * top-k experts) or `combine` (results back, weighted), in `normal` mode (throughput kernels, prefill and
 * training) or `low-latency` mode (decode), per `(hiddenSize, tokens)` where `tokens` are one GPU's tokens.
 *
 * @example
 * ```ts
 * import { deepEpTableSchema } from "@aifactory/kernels";
 * deepEpTableSchema.parse({ mode: "normal", operation: "dispatch", acceleratorCount: 8, topK: 8, experts: 256,
 *   hiddenSize: [7168], tokens: [1024], latencyUs: [158] }).mode; // "normal"
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const deepEpTableSchema = z
  .object({
    mode: z.enum(["normal", "low-latency"]),
    operation: z.enum(["dispatch", "combine"]),
    acceleratorCount: positiveInt,
    topK: positiveInt,
    experts: positiveInt,
    hiddenSize: axis,
    tokens: axis,
    latencyUs: latencyValuesSchema,
  })
  .strict();

/**
 * One collective per `(gpus, messageBytes)` inside one scale-up domain: `nccl` (NCCL) or `trtllm-custom`
 * (TensorRT-LLM's one-shot/two-shot all-reduce). `messageBytes` is the per-GPU buffer nccl-tests calls size.
 *
 * @example
 * ```ts
 * import { collectiveTableSchema } from "@aifactory/kernels";
 * collectiveTableSchema.parse({ operation: "all-reduce", implementation: "nccl", dtype: "bf16", acceleratorCount: [8],
 *   messageBytes: [1048576], latencyUs: [30] }).acceleratorCount; // [8]
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const collectiveTableSchema = z
  .object({
    operation: collectiveOperationSchema,
    implementation: z.enum(["nccl", "trtllm-custom"]),
    dtype: z.enum(["bf16", "fp8", "int8", "fp32"]),
    acceleratorCount: axis,
    messageBytes: axis,
    latencyUs: latencyValuesSchema,
  })
  .strict();

/**
 * Where a table set comes from: the attribution that must travel with derived data.
 *
 * @example
 * ```ts
 * import { kernelTablesSourceSchema } from "@aifactory/kernels";
 * kernelTablesSourceSchema.parse({ title: "my H100 sweep", measuredBy: "aif bench kernels" }).title; // "my H100 sweep"
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const kernelTablesSourceSchema = z
  .object({
    title: z.string().min(1),
    repository: z.string().optional(),
    commit: z.string().optional(),
    license: z.string().optional(),
    files: z.array(z.string()).optional(),
    measuredBy: z.string().optional(),
    date: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();

/**
 * A set of measured kernel tables for one accelerator (format version 1): what the built-in tables hold and
 * what `aif bench kernels` writes. Every list may be empty; a lookup with no matching table falls back to the
 * roofline and says so.
 *
 * @example
 * ```ts
 * import { kernelTablesSchema } from "@aifactory/kernels";
 * const tables = kernelTablesSchema.parse({ formatVersion: 1, acceleratorId: "nvidia-h100-sxm",
 *   source: { title: "my sweep" }, gemm: [{ dtype: "bf16", m: [4096], n: [4096], k: [4096], latencyUs: [174] }] });
 * tables.moe.length; // 0
 * ```
 * @since 0.1.0
 * @category Tables
 */
export const kernelTablesSchema = z
  .object({
    formatVersion: z.literal(1),
    acceleratorId: z.string().min(1),
    device: z.string().optional(),
    source: kernelTablesSourceSchema,
    gemm: z.array(gemmTableSchema).default([]),
    moe: z.array(moeTableSchema).default([]),
    contextAttention: z.array(contextAttentionTableSchema).default([]),
    generationAttention: z.array(generationAttentionTableSchema).default([]),
    mla: z.array(mlaTableSchema).default([]),
    deepEp: z.array(deepEpTableSchema).default([]),
    collectives: z.array(collectiveTableSchema).default([]),
  })
  .strict();

/**
 * A validated table set. See {@link kernelTablesSchema}.
 *
 * @since 0.1.0
 * @category Tables
 */
export type KernelTables = z.infer<typeof kernelTablesSchema>;

/**
 * A table set as written in a file (lists optional).
 *
 * @since 0.1.0
 * @category Tables
 */
export type KernelTablesInput = z.input<typeof kernelTablesSchema>;
