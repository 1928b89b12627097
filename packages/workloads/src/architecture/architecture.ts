import { kebabId, nonNegativeInt, positiveInt, ratio, sourcesSchema } from "@aifactory/core";
import { z } from "zod";

/**
 * The feed-forward activation: `gelu` (two matrices, h -> f -> h) or `swiglu` (three matrices: gate, up, down).
 *
 * @example
 * ```ts
 * import { ffnActivationSchema } from "@aifactory/workloads";
 * ffnActivationSchema.parse("swiglu"); // "swiglu"
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export const ffnActivationSchema = z.enum(["gelu", "swiglu"], { message: 'must be "gelu" or "swiglu"' });

/**
 * Mixture-of-experts block: routed experts, how many each token visits, shared experts, the expert FFN width and
 * how many leading layers stay dense (DeepSeek's `first_k_dense_replace`).
 *
 * @example
 * ```ts
 * import { moeSchema } from "@aifactory/workloads";
 * moeSchema.parse({ experts: 8, topK: 2, expertFfnHiddenSize: 14336 });
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export const moeSchema = z
  .object({
    /** Routed experts per MoE layer. */
    experts: positiveInt,
    /** Routed experts each token visits. */
    topK: positiveInt,
    /** Always-on shared experts per MoE layer (default 0). */
    sharedExperts: nonNegativeInt.default(0),
    /** Hidden width of one expert's FFN (and of each shared expert). */
    expertFfnHiddenSize: positiveInt,
    /** Leading layers that use the dense FFN (`ffnHiddenSize`) instead of experts (default 0). */
    denseLayers: nonNegativeInt.default(0),
  })
  .strict();

/**
 * Multi-head latent attention (DeepSeek-V2/V3): K and V are compressed into a `kvLoraRank` latent plus a shared
 * decoupled RoPE key of `qkRopeHeadDim`; that latent is what the KV cache stores.
 *
 * @example
 * ```ts
 * import { mlaSchema } from "@aifactory/workloads";
 * mlaSchema.parse({ kvLoraRank: 512, qLoraRank: 1536, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export const mlaSchema = z
  .object({
    /** Rank of the compressed KV latent (cached). */
    kvLoraRank: positiveInt,
    /** Rank of the compressed query (0 = queries are not compressed). */
    qLoraRank: nonNegativeInt.default(0),
    /** Per-head query/key dimension without RoPE. */
    qkNopeHeadDim: positiveInt,
    /** Per-head (decoupled, shared) RoPE key dimension (cached). */
    qkRopeHeadDim: positiveInt,
    /** Per-head value dimension. */
    vHeadDim: positiveInt,
  })
  .strict();

/**
 * Sliding-window attention on a share of the layers (gpt-oss alternates banded and full layers).
 *
 * @example
 * ```ts
 * import { slidingWindowSchema } from "@aifactory/workloads";
 * slidingWindowSchema.parse({ windowTokens: 128, layerShareRatio: 0.5 });
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export const slidingWindowSchema = z
  .object({
    /** Tokens each query attends to on a sliding-window layer. */
    windowTokens: positiveInt,
    /** Share of layers that use the window (0..1). */
    layerShareRatio: ratio,
  })
  .strict();

/**
 * A decoder-only transformer: dense, GQA/MQA, MoE, MLA, tied or untied embeddings, GELU or SwiGLU FFN.
 *
 * A dense model needs exactly `id, layers, hiddenSize, attentionHeads, kvHeads, ffnHiddenSize, vocabSize,
 * ffnActivation`; everything else has a documented default: `headDim` = hiddenSize / attentionHeads,
 * `tiedEmbeddings` false, `normalization` `"rmsnorm"`, `linearBias` false, `positionEmbedding` `"rope"`,
 * `qkNorm` false, `mtpModules` 0, no MoE, no MLA, no sliding window, `sources` empty.
 *
 * @example
 * ```ts
 * import { architectureSchema } from "@aifactory/workloads";
 * const model = architectureSchema.parse({
 *   id: "my-7b", layers: 32, hiddenSize: 4096, attentionHeads: 32, kvHeads: 8,
 *   ffnHiddenSize: 14336, vocabSize: 128256, ffnActivation: "swiglu",
 * });
 * model.tiedEmbeddings; // false
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export const architectureSchema = z
  .object({
    /** Kebab-case id, e.g. `"llama-3.1-405b"`. */
    id: kebabId,
    /** Display name. */
    name: z.string().min(1).optional(),
    /** Transformer blocks (not counting multi-token-prediction modules). */
    layers: positiveInt,
    /** Residual stream width (d_model). */
    hiddenSize: positiveInt,
    /** Query heads. */
    attentionHeads: positiveInt,
    /** Key/value heads (= attentionHeads for MHA, 1 for MQA; ignored by MLA). */
    kvHeads: positiveInt,
    /** Dense FFN hidden width (used by every layer of a dense model and by MoE `denseLayers`). */
    ffnHiddenSize: positiveInt,
    /** Vocabulary size (embedding rows). */
    vocabSize: positiveInt,
    /** FFN activation. */
    ffnActivation: ffnActivationSchema,
    /** Per-head dimension (default hiddenSize / attentionHeads; Qwen3 and gpt-oss set it explicitly). */
    headDim: positiveInt.optional(),
    /** Whether the output head shares the input embedding matrix (default false). */
    tiedEmbeddings: z.boolean().default(false),
    /** Normalisation: RMSNorm (scale only) or LayerNorm (scale and bias). Default rmsnorm. */
    normalization: z.enum(["rmsnorm", "layernorm"]).default("rmsnorm"),
    /** Whether every linear layer has a bias (GPT-2/3 style). Default false. */
    linearBias: z.boolean().default(false),
    /** Position encoding: rotary (no parameters) or learned absolute (maxSequenceTokens x hiddenSize). */
    positionEmbedding: z.enum(["rope", "learned"]).default("rope"),
    /** Longest sequence the model was built for (needed for learned position embeddings). */
    maxSequenceTokens: positiveInt.optional(),
    /** RMSNorm on queries and keys per head (Qwen3). Default false. */
    qkNorm: z.boolean().default(false),
    /** Mixture of experts, if any. */
    moe: moeSchema.optional(),
    /** Multi-head latent attention, if any. */
    mla: mlaSchema.optional(),
    /** Sliding-window attention on some layers, if any. */
    slidingWindow: slidingWindowSchema.optional(),
    /** Multi-token-prediction modules trained beside the main model (DeepSeek-V3: 1). Default 0. */
    mtpModules: nonNegativeInt.default(0),
    /** Published parameter counts (the vendor's rounded figures, e.g. 70e9), for checking the derived ones. */
    publishedParameters: z
      .object({
        /** All parameters. */
        totalCount: z.number().positive().optional(),
        /** Parameters active per token (MoE). */
        activeCount: z.number().positive().optional(),
      })
      .strict()
      .optional(),
    /** Where the shape comes from. */
    sources: sourcesSchema.optional(),
  })
  .strict();

/**
 * A validated architecture (defaults applied). See {@link architectureSchema}.
 *
 * @example
 * ```ts
 * import { type Architecture, getArchitecture } from "@aifactory/workloads";
 * const arch: Architecture = getArchitecture("qwen3-32b");
 * arch.headDim; // 128
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export type Architecture = z.infer<typeof architectureSchema>;

/**
 * What a user or file may write for an architecture (optional fields may be left out).
 *
 * @example
 * ```ts
 * import { type ArchitectureInput } from "@aifactory/workloads";
 * const mine: ArchitectureInput = { id: "tiny", layers: 2, hiddenSize: 64, attentionHeads: 4, kvHeads: 4,
 *   ffnHiddenSize: 256, vocabSize: 1000, ffnActivation: "gelu" };
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export type ArchitectureInput = z.input<typeof architectureSchema>;

/**
 * The FFN activation.
 *
 * @example
 * ```ts
 * import { type FfnActivation } from "@aifactory/workloads";
 * const activation: FfnActivation = "swiglu";
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export type FfnActivation = z.infer<typeof ffnActivationSchema>;
