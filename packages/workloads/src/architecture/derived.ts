import type { Architecture } from "./architecture";

/**
 * Parameter counts of an architecture, split the way the training model needs them.
 *
 * @example
 * ```ts
 * import { type ParameterCounts, getArchitecture, parameterCounts } from "@aifactory/workloads";
 * const counts: ParameterCounts = parameterCounts(getArchitecture("mixtral-8x7b"));
 * counts.activeParams < counts.totalParams; // true
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export interface ParameterCounts {
  /** Every parameter of the main model (embeddings, all experts, norms; not MTP modules). */
  totalParams: number;
  /** Parameters one token touches: dense parts, the router, top-k routed and the shared experts, embeddings. */
  activeParams: number;
  /** Input embedding (plus learned positions). */
  embeddingParams: number;
  /** Output head (0 when tied to the input embedding). */
  outputHeadParams: number;
  /** All transformer blocks. */
  layerParams: number;
  /** Attention parameters of one block. */
  attentionParamsPerLayer: number;
  /** FFN parameters of one dense block. */
  denseFfnParamsPerLayer: number;
  /** FFN parameters of one MoE block (router, all routed experts, shared experts); 0 without MoE. */
  moeFfnParamsPerLayer: number;
  /** Routed-expert parameters of the whole model (what expert parallelism shards); 0 without MoE. */
  routedExpertParams: number;
  /** Parameters of the multi-token-prediction modules (not in totalParams). */
  mtpParams: number;
  /** Parameters that multiply activations (everything but embedding lookups and norms), active per token. */
  activeMatmulParams: number;
}

/** Per-head query/key and value dimensions, and the attention projection widths. */
interface AttentionDims {
  qkHeadDim: number;
  vHeadDim: number;
}

function attentionDims(arch: Architecture): AttentionDims {
  if (arch.mla) return { qkHeadDim: arch.mla.qkNopeHeadDim + arch.mla.qkRopeHeadDim, vHeadDim: arch.mla.vHeadDim };
  const headDim = arch.headDim ?? arch.hiddenSize / arch.attentionHeads;
  return { qkHeadDim: headDim, vHeadDim: headDim };
}

function normParams(arch: Architecture): number {
  return arch.normalization === "layernorm" ? 2 * arch.hiddenSize : arch.hiddenSize;
}

function attentionMatmulParams(arch: Architecture): number {
  const h = arch.hiddenSize;
  const a = arch.attentionHeads;
  if (arch.mla) {
    const m = arch.mla;
    const qDim = a * (m.qkNopeHeadDim + m.qkRopeHeadDim);
    const q = m.qLoraRank > 0 ? h * m.qLoraRank + m.qLoraRank * qDim : h * qDim;
    const kv = h * (m.kvLoraRank + m.qkRopeHeadDim) + m.kvLoraRank * a * (m.qkNopeHeadDim + m.vHeadDim);
    return q + kv + a * m.vHeadDim * h;
  }
  const d = arch.headDim ?? h / a;
  return h * a * d + 2 * h * arch.kvHeads * d + a * d * h;
}

function attentionOtherParams(arch: Architecture): number {
  const h = arch.hiddenSize;
  let extra = 0;
  if (arch.mla) {
    // RMSNorms on the compressed query and KV latents (DeepSeek-V2 section 2.1).
    extra += arch.mla.qLoraRank + arch.mla.kvLoraRank;
  } else {
    const d = arch.headDim ?? h / arch.attentionHeads;
    if (arch.linearBias) extra += arch.attentionHeads * d + 2 * arch.kvHeads * d + h;
    if (arch.qkNorm) extra += 2 * d;
  }
  return extra;
}

function ffnMatmulParams(arch: Architecture, ffnHiddenSize: number): number {
  return (arch.ffnActivation === "swiglu" ? 3 : 2) * arch.hiddenSize * ffnHiddenSize;
}

function ffnBiasParams(arch: Architecture, ffnHiddenSize: number): number {
  if (!arch.linearBias) return 0;
  return (arch.ffnActivation === "swiglu" ? 2 : 1) * ffnHiddenSize + arch.hiddenSize;
}

/**
 * Counts the parameters of an architecture: total, active per token, and the parts the training model shards.
 *
 * Conventions: attention = Q, K, V and output projections (MLA: the low-rank down/up projections and their
 * norms); FFN = 2 matrices for GELU, 3 for SwiGLU; MoE layers add a router (hidden x experts); norms are h
 * (RMSNorm) or 2h (LayerNorm) each, two per block plus a final one; the output head counts only when untied.
 * MTP modules (DeepSeek-V3) are counted separately in `mtpParams` and left out of `totalParams`, as DeepSeek's
 * "671B" does. Active params count the embedding and the output head.
 *
 * @param arch - a validated architecture
 * @returns the counts
 * @example
 * ```ts
 * import { getArchitecture, parameterCounts } from "@aifactory/workloads";
 * const counts = parameterCounts(getArchitecture("llama-3.1-405b"));
 * Math.round(counts.totalParams / 1e8) / 10; // 405.9
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export function parameterCounts(arch: Architecture): ParameterCounts {
  const h = arch.hiddenSize;
  const attentionMatmul = attentionMatmulParams(arch);
  const attention = attentionMatmul + attentionOtherParams(arch);
  const norms = 2 * normParams(arch);
  const denseFfnMatmul = ffnMatmulParams(arch, arch.ffnHiddenSize);
  const denseFfn = denseFfnMatmul + ffnBiasParams(arch, arch.ffnHiddenSize);
  let moeFfn = 0;
  let moeActiveMatmul = 0;
  let moeLayers = 0;
  let routedPerLayer = 0;
  if (arch.moe) {
    const m = arch.moe;
    const expert = ffnMatmulParams(arch, m.expertFfnHiddenSize) + ffnBiasParams(arch, m.expertFfnHiddenSize);
    const router = h * m.experts;
    routedPerLayer = m.experts * expert;
    moeFfn = router + routedPerLayer + m.sharedExperts * expert;
    moeActiveMatmul = router + (m.topK + m.sharedExperts) * ffnMatmulParams(arch, m.expertFfnHiddenSize);
    moeLayers = Math.max(0, arch.layers - m.denseLayers);
  }
  const denseLayers = arch.layers - moeLayers;
  const layerParams = denseLayers * (attention + denseFfn + norms) + moeLayers * (attention + moeFfn + norms);
  const positions = arch.positionEmbedding === "learned" ? (arch.maxSequenceTokens ?? 0) * h : 0;
  const embeddingParams = arch.vocabSize * h + positions;
  const outputHeadParams = arch.tiedEmbeddings ? 0 : arch.vocabSize * h;
  const finalNorm = normParams(arch);
  const totalParams = layerParams + embeddingParams + outputHeadParams + finalNorm;
  let activeLayerParams = layerParams;
  if (arch.moe) {
    const m = arch.moe;
    const expert = ffnMatmulParams(arch, m.expertFfnHiddenSize) + ffnBiasParams(arch, m.expertFfnHiddenSize);
    activeLayerParams -= moeLayers * (m.experts - m.topK) * expert;
  }
  const activeParams = activeLayerParams + embeddingParams + outputHeadParams + finalNorm;
  const activeMatmulParams =
    denseLayers * (attentionMatmul + denseFfnMatmul) +
    moeLayers * (attentionMatmul + moeActiveMatmul) +
    arch.vocabSize * h;
  // One MTP module = projection (2h -> h), two RMSNorms, one transformer block of the MoE kind (DeepSeek-V3 s2.2).
  const mtpBlock = arch.moe ? attention + moeFfn + norms : attention + denseFfn + norms;
  const mtpParams = arch.mtpModules * (2 * h * h + 2 * normParams(arch) + mtpBlock + finalNorm);
  return {
    totalParams,
    activeParams,
    embeddingParams,
    outputHeadParams,
    layerParams,
    attentionParamsPerLayer: attention,
    denseFfnParamsPerLayer: denseFfn,
    moeFfnParamsPerLayer: moeFfn,
    routedExpertParams: moeLayers * routedPerLayer,
    mtpParams,
    activeMatmulParams,
  };
}

/**
 * FLOPs per token, in every convention people quote.
 *
 * `forward*` = one forward pass; `training*` = forward + backward = 3x forward (no activation recomputation:
 * model FLOPs, as MFU counts them). "Attention" is the score and context products (QK^T and AV), which grow
 * with the context; the rest is 2 FLOPs per multiply-accumulate of every active matmul parameter, including
 * the output head (also when tied). `*Causal` halves the attention term for a causal mask (what current
 * Megatron-LM counts); the plain fields do not halve it (PaLM appendix B, Narayanan 2021, Korthikanti 2022).
 *
 * @example
 * ```ts
 * import { type FlopsPerToken, flopsPerToken, getArchitecture } from "@aifactory/workloads";
 * const flops: FlopsPerToken = flopsPerToken(getArchitecture("llama-3.1-70b"), 8192);
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export interface FlopsPerToken {
  /** Sequence length the attention term was computed for. */
  sequenceTokens: number;
  /** 2 x active matmul params. */
  forwardMatmulFlops: number;
  /** QK^T + AV without causal halving. */
  forwardAttentionFlops: number;
  /** Forward, matmuls + attention, no causal halving. */
  forwardFlops: number;
  /** Forward with causal halving of attention. */
  forwardFlopsCausal: number;
  /** 3 x forwardFlops (PaLM MFU convention). */
  trainingFlops: number;
  /** 3 x forwardFlopsCausal. */
  trainingFlopsCausal: number;
  /** 3 x forwardMatmulFlops (the "6N" convention, no attention term). */
  trainingFlopsWithoutAttention: number;
}

/**
 * Attention-product FLOPs of one token in one forward pass, summed over layers, for a context of `contextTokens`
 * (no causal halving). Sliding-window layers attend to at most `windowTokens`.
 *
 * @param arch - a validated architecture
 * @param contextTokens - tokens each query attends to on a full-attention layer
 * @returns FLOPs
 * @example
 * ```ts
 * import { attentionFlopsPerToken, getArchitecture } from "@aifactory/workloads";
 * attentionFlopsPerToken(getArchitecture("gpt-3-175b"), 2048); // 4 x 2048 x 12288 x 96
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export function attentionFlopsPerToken(arch: Architecture, contextTokens: number): number {
  const { qkHeadDim, vHeadDim } = attentionDims(arch);
  const perContextToken = 2 * arch.attentionHeads * (qkHeadDim + vHeadDim);
  const window = arch.slidingWindow;
  if (!window) return arch.layers * perContextToken * contextTokens;
  const slidingLayers = arch.layers * window.layerShareRatio;
  const fullLayers = arch.layers - slidingLayers;
  return perContextToken * (fullLayers * contextTokens + slidingLayers * Math.min(window.windowTokens, contextTokens));
}

/**
 * FLOPs per token for a sequence length, in the conventions of {@link FlopsPerToken}.
 *
 * Formula: forward = 2 x activeMatmulParams + sum over layers of 2 x heads x (d_qk + d_v) x context (PaLM
 * appendix B's 6N + 12 L H Q T for training when d_qk = d_v = Q).
 *
 * @param arch - a validated architecture
 * @param sequenceTokens - training sequence length in tokens
 * @returns FLOPs per token
 * @example
 * ```ts
 * import { flopsPerToken, getArchitecture } from "@aifactory/workloads";
 * const flops = flopsPerToken(getArchitecture("llama-3.1-405b"), 8192);
 * flops.trainingFlops > flops.trainingFlopsCausal; // true
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export function flopsPerToken(arch: Architecture, sequenceTokens: number): FlopsPerToken {
  const counts = parameterCounts(arch);
  const forwardMatmulFlops = 2 * counts.activeMatmulParams;
  const forwardAttentionFlops = attentionFlopsPerToken(arch, sequenceTokens);
  const causalAttention = attentionFlopsPerToken(arch, sequenceTokens) / 2;
  const forwardFlops = forwardMatmulFlops + forwardAttentionFlops;
  const forwardFlopsCausal = forwardMatmulFlops + causalAttention;
  return {
    sequenceTokens,
    forwardMatmulFlops,
    forwardAttentionFlops,
    forwardFlops,
    forwardFlopsCausal,
    trainingFlops: 3 * forwardFlops,
    trainingFlopsCausal: 3 * forwardFlopsCausal,
    trainingFlopsWithoutAttention: 3 * forwardMatmulFlops,
  };
}

/**
 * Bytes per element of a KV-cache precision.
 *
 * @example
 * ```ts
 * import { KV_CACHE_BYTES_PER_ELEMENT } from "@aifactory/workloads";
 * KV_CACHE_BYTES_PER_ELEMENT.fp8; // 1
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export const KV_CACHE_BYTES_PER_ELEMENT = Object.freeze({ fp32: 4, bf16: 2, fp16: 2, fp8: 1, fp4: 0.5 } as const);

/**
 * A KV-cache precision.
 *
 * @example
 * ```ts
 * import { type KvCachePrecision } from "@aifactory/workloads";
 * const precision: KvCachePrecision = "fp8";
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export type KvCachePrecision = keyof typeof KV_CACHE_BYTES_PER_ELEMENT;

/**
 * KV-cache bytes one token occupies across all layers.
 *
 * GQA/MHA/MQA: 2 (K and V) x kvHeads x headDim x layers x bytes. MLA: (kvLoraRank + qkRopeHeadDim) x layers x
 * bytes (DeepSeek-V2 section 2.1.2: only the latent and the shared RoPE key are cached). Sliding-window layers
 * are counted in full (the per-token figure for contexts up to the window); MTP modules are not counted.
 *
 * @param arch - a validated architecture
 * @param precision - cache element format (default `"bf16"`)
 * @returns bytes per token
 * @example
 * ```ts
 * import { getArchitecture, kvCacheBytesPerToken } from "@aifactory/workloads";
 * kvCacheBytesPerToken(getArchitecture("deepseek-v3"), "bf16"); // (512 + 64) x 61 x 2 = 70272
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export function kvCacheBytesPerToken(arch: Architecture, precision: KvCachePrecision = "bf16"): number {
  const bytes = KV_CACHE_BYTES_PER_ELEMENT[precision];
  if (arch.mla) return (arch.mla.kvLoraRank + arch.mla.qkRopeHeadDim) * arch.layers * bytes;
  const headDim = arch.headDim ?? arch.hiddenSize / arch.attentionHeads;
  return 2 * arch.kvHeads * headDim * arch.layers * bytes;
}

/**
 * The summary `aif model show` prints: counts, FLOPs per token and KV bytes per token.
 *
 * @example
 * ```ts
 * import { type ArchitectureSummary, describeArchitecture, getArchitecture } from "@aifactory/workloads";
 * const summary: ArchitectureSummary = describeArchitecture(getArchitecture("gpt-oss-120b"));
 * summary.kind; // "moe"
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export interface ArchitectureSummary {
  id: string;
  name: string;
  kind: "dense" | "moe";
  attention: "mha" | "gqa" | "mqa" | "mla";
  totalParams: number;
  activeParams: number;
  mtpParams: number;
  /** KV-cache bytes per token at bf16. */
  kvBytesPerToken: number;
  /** KV-cache bytes per token per precision. */
  kvBytesPerTokenByPrecision: Record<KvCachePrecision, number>;
  /** FLOPs per token at `sequenceTokens`. */
  flopsPerToken: FlopsPerToken;
}

/**
 * Summarises an architecture: kind, attention type, parameter counts, FLOPs and KV bytes per token.
 *
 * @param arch - a validated architecture
 * @param sequenceTokens - sequence length for the attention FLOPs term (default 4096)
 * @returns the summary
 * @example
 * ```ts
 * import { describeArchitecture, getArchitecture } from "@aifactory/workloads";
 * describeArchitecture(getArchitecture("mixtral-8x7b")).kind; // "moe"
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export function describeArchitecture(arch: Architecture, sequenceTokens = 4096): ArchitectureSummary {
  const counts = parameterCounts(arch);
  const attention = arch.mla
    ? "mla"
    : arch.kvHeads === arch.attentionHeads
      ? "mha"
      : arch.kvHeads === 1
        ? "mqa"
        : "gqa";
  const byPrecision = {} as Record<KvCachePrecision, number>;
  for (const key of Object.keys(KV_CACHE_BYTES_PER_ELEMENT) as KvCachePrecision[]) {
    byPrecision[key] = kvCacheBytesPerToken(arch, key);
  }
  return {
    id: arch.id,
    name: arch.name ?? arch.id,
    kind: arch.moe ? "moe" : "dense",
    attention,
    totalParams: counts.totalParams,
    activeParams: counts.activeParams,
    mtpParams: counts.mtpParams,
    kvBytesPerToken: byPrecision.bf16,
    kvBytesPerTokenByPrecision: byPrecision,
    flopsPerToken: flopsPerToken(arch, sequenceTokens),
  };
}
