import type { Architecture } from "../architecture/architecture";
import { parameterCounts } from "../architecture/derived";

/**
 * Per-architecture quantities the step model needs, computed once per architecture so that a search can
 * evaluate millions of configurations without recounting parameters.
 *
 * All per-token figures are for one token in one forward pass of one layer, before any parallel split.
 *
 * @internal
 * @example
 * ```ts
 * import { getArchitecture } from "@aifactory/workloads";
 * import { type ArchitectureTerms, architectureTerms } from "@aifactory/workloads/internal";
 * const terms: ArchitectureTerms = architectureTerms(getArchitecture("mixtral-8x7b"));
 * terms.moeLayers; // 32
 * ```
 * @since 0.1.0
 * @category Training
 */
export interface ArchitectureTerms {
  layers: number;
  denseLayers: number;
  moeLayers: number;
  hiddenSize: number;
  vocabSize: number;
  attentionHeads: number;
  kvHeads: number;
  experts: number;
  topK: number;
  /** QKV + output projection FLOPs per token per layer. */
  attentionMatmulFlops: number;
  /** Dense FFN FLOPs per token per layer. */
  denseFfnFlops: number;
  /** MoE FFN FLOPs per token per layer (router, top-k and shared experts). */
  moeFfnFlops: number;
  /** Score + context FLOPs per token per layer per context token. */
  attentionCoreFlopsPerContext: number;
  /** Share of layers with full (not sliding-window) attention, and the window. */
  fullAttentionShare: number;
  windowTokens: number;
  /** Output head FLOPs per token. */
  logitsFlops: number;
  /** Elementwise HBM traffic per token per layer, forward, bytes: sharded by TP / replicated without SP. */
  elementwiseShardedBytes: number;
  elementwiseReplicatedBytes: number;
  /**
   * FP8 cast (and transpose) traffic per token per layer over a forward and backward pass, bytes, TP-sharded:
   * every GEMM input is read in bf16 and written in fp8 (3 B per element) forward, and the output gradients
   * and the transposed inputs the same way backward (Transformer Engine's cast/transpose kernels).
   */
  fp8CastBytes: number;
  /** Unfused softmax + dropout traffic per token per context token per head, forward, bytes. */
  softmaxBytesPerContextPerHead: number;
  /** Stored activations per token per layer (Korthikanti 2022 generalised), bytes: TP-sharded part. */
  activationShardedBytesDense: number;
  activationShardedBytesMoe: number;
  /**
   * Bytes saved per token per layer when GEMM inputs are stored in FP8 (1 B instead of 2) for the backward
   * pass: the part sharded by TP (projection and FC2 inputs) and the part replicated without SP (QKV and FC1
   * inputs).
   */
  fp8SavedShardedBytesDense: number;
  fp8SavedShardedBytesMoe: number;
  fp8SavedReplicatedBytes: number;
  /** Activations replicated across TP ranks without sequence parallelism (norm inputs, masks), bytes. */
  activationReplicatedBytes: number;
  /** Unfused attention s x s activations per token per context token per head (softmax, mask, dropout): 5 B. */
  activationScoreBytesPerContextPerHead: number;
  /** K and V elements per token per layer exchanged by ring attention. */
  kvExchangeElements: number;
  /** Parameters of one dense layer, one MoE layer excluding routed experts, routed experts of one MoE layer. */
  denseLayerParams: number;
  moeLayerSharedParams: number;
  moeLayerRoutedParams: number;
  embeddingParams: number;
  outputHeadParams: number;
  /** Training FLOPs per token (PaLM convention, no causal halving) for the MFU numerator, minus attention. */
  modelMatmulFlopsPerToken: number;
  /** GEMM shapes (before any parallel split): query and key+value projection widths, dense FFN width. */
  queryWidth: number;
  keyValueWidth: number;
  ffnHiddenSize: number;
  /** SwiGLU-style FFN (the up projection is 2 x the hidden width). */
  gatedFfn: boolean;
  /** One routed expert's FFN width, and the shared experts' total width per MoE layer. */
  expertFfnSize: number;
  sharedExpertWidth: number;
  /** MLA attention (its projections are priced as one GEMM of their parameters). */
  isMla: boolean;
  /** Attention projection parameters per layer (without biases). */
  attentionMatmulParams: number;
  /** Stored bytes per token per layer that selective-recompute modules drop (Megatron-Core `--recompute-modules`). */
  recomputeSaved: {
    /** The two norms' outputs (QKV and MLP inputs), replicated across TP ranks without SP. */
    layernormBytes: number;
    /** The experts' activation-function outputs, all top-k copies and shared experts (TP-sharded). */
    moeActBytes: number;
    /** MLA's up-projected Q, K, V less the latents kept instead (TP-sharded); 0 without MLA. */
    mlaUpProjBytes: number;
    /** Everything a dense MLP stores inside (TP-sharded). */
    denseMlpBytes: number;
    /** Everything the shared experts store inside (TP-sharded). */
    sharedExpertBytes: number;
    /** Everything a MoE layer stores inside: experts, their inputs and the router (TP-sharded). */
    moeBytes: number;
  };
  /** MLA up-projection FLOPs per token per layer (forward), recomputed by `mla_up_proj`. */
  mlaUpProjFlops: number;
  /** Routed-expert FLOPs per token per MoE layer (forward, top-k copies), the part routing skew scales. */
  routedExpertFlops: number;
  /** Shared-expert FLOPs per token per MoE layer (forward). */
  sharedExpertFlops: number;
  /** Activation-function elementwise traffic per token of one MoE layer (all copies), forward, bytes. */
  moeActTrafficBytes: number;
  /** Parameters of one MTP module less the shared embedding and head (DeepSeek-V3): projection + one layer. */
  mtpLayerDenseParams: number;
  mtpLayerRoutedParams: number;
}

/**
 * Precomputes the {@link ArchitectureTerms} of an architecture.
 *
 * @internal
 * @param arch - a validated architecture
 * @returns the terms
 * @example
 * ```ts
 * import { getArchitecture } from "@aifactory/workloads";
 * import { architectureTerms } from "@aifactory/workloads/internal";
 * architectureTerms(getArchitecture("gpt-3-175b")).layers; // 96
 * ```
 * @since 0.1.0
 * @category Training
 */
export function architectureTerms(arch: Architecture): ArchitectureTerms {
  const h = arch.hiddenSize;
  const a = arch.attentionHeads;
  const counts = parameterCounts(arch);
  const headDim = arch.headDim ?? h / a;
  const qkDim = arch.mla ? arch.mla.qkNopeHeadDim + arch.mla.qkRopeHeadDim : headDim;
  const vDim = arch.mla ? arch.mla.vHeadDim : headDim;
  const kvHeads = arch.mla ? a : arch.kvHeads;
  const moe = arch.moe;
  const moeLayers = moe ? Math.max(0, arch.layers - moe.denseLayers) : 0;
  const denseLayers = arch.layers - moeLayers;
  const ffnMats = arch.ffnActivation === "swiglu" ? 3 : 2;
  const attentionMatmulParams =
    counts.attentionParamsPerLayer - (arch.linearBias && !arch.mla ? a * headDim + 2 * kvHeads * headDim + h : 0);
  const denseFfnFlops = 2 * ffnMats * h * arch.ffnHiddenSize;
  const expertMatmul = moe ? ffnMats * h * moe.expertFfnHiddenSize : 0;
  const moeFfnFlops = moe ? 2 * (h * moe.experts + (moe.topK + moe.sharedExperts) * expertMatmul) : 0;
  // Elementwise forward traffic per token (elements x 2 bytes): two norms (read + write h each), two residual
  // adds (2 reads + 1 write), two dropouts (read, write, 1-byte mask), the activation function (gelu: read f,
  // write f; swiglu: read 2f, write f), rotary on q and k.
  const f = moe ? (moe.topK + moe.sharedExperts) * moe.expertFfnHiddenSize : arch.ffnHiddenSize;
  const activationElements = arch.ffnActivation === "swiglu" ? 3 * f : 2 * f;
  const replicatedElements = 4 * h + 6 * h + 4 * h + h; // norms, residuals, dropouts, mask bytes (as elements/2)
  const shardedElements = activationElements + 2 * (a * qkDim + kvHeads * qkDim);
  // Korthikanti et al. 2022 section 4.1 generalised: attention stores the QKV input (2h), Q and K (2(a dqk +
  // g dqk)), V (2 g dv), the projection input (2 a dv) and a dropout mask (h); the MLP stores its input (2h),
  // the activation input(s) and output (gelu 4f, swiglu 6f) and a mask (h); two norms store 4h. The 10h that
  // are replicated across TP ranks without sequence parallelism: norm inputs 4h, QKV and MLP inputs 4h, masks 2h.
  const attentionSharded = 2 * (a * qkDim + kvHeads * qkDim + kvHeads * vDim + a * vDim);
  const mlpPerExpertSharded = (e: number) => (arch.ffnActivation === "swiglu" ? 6 * e : 4 * e);
  const denseMlpSharded = mlpPerExpertSharded(arch.ffnHiddenSize);
  const moeMlpSharded = moe
    ? (moe.topK + moe.sharedExperts) * mlpPerExpertSharded(moe.expertFfnHiddenSize) + 2 * h * moe.topK + 4 * moe.experts
    : 0;
  const norms = 2 * (arch.normalization === "layernorm" ? 2 * h : h);
  const denseLayerParams = counts.attentionParamsPerLayer + counts.denseFfnParamsPerLayer + norms;
  const routedPerLayer = moeLayers > 0 ? counts.routedExpertParams / moeLayers : 0;
  const moeLayerSharedParams = counts.attentionParamsPerLayer + counts.moeFfnParamsPerLayer - routedPerLayer + norms;
  const window = arch.slidingWindow;
  return {
    layers: arch.layers,
    denseLayers,
    moeLayers,
    hiddenSize: h,
    vocabSize: arch.vocabSize,
    attentionHeads: a,
    kvHeads: arch.mla ? a : arch.kvHeads,
    experts: moe?.experts ?? 0,
    topK: moe?.topK ?? 0,
    attentionMatmulFlops: 2 * attentionMatmulParams,
    denseFfnFlops,
    moeFfnFlops,
    attentionCoreFlopsPerContext: 2 * a * (qkDim + vDim),
    fullAttentionShare: window ? 1 - window.layerShareRatio : 1,
    windowTokens: window ? window.windowTokens : 0,
    logitsFlops: 2 * arch.vocabSize * h,
    elementwiseShardedBytes: 2 * shardedElements,
    fp8CastBytes: 3 * 3 * (2 * h + a * vDim + f + (moe ? moe.topK * h : 0)),
    elementwiseReplicatedBytes: 2 * replicatedElements,
    // Unfused attention per score element, forward: the QK^T product writes it (2 B), softmax reads and writes
    // it (4 B), dropout reads it and writes it and a 1-byte mask (5 B), the context product reads it (2 B).
    softmaxBytesPerContextPerHead: 2 + 4 + 5 + 2,
    activationShardedBytesDense: attentionSharded + denseMlpSharded,
    activationShardedBytesMoe: attentionSharded + moeMlpSharded,
    activationReplicatedBytes: 10 * h,
    fp8SavedShardedBytesDense: a * vDim + arch.ffnHiddenSize,
    fp8SavedShardedBytesMoe: a * vDim + (moe ? (moe.topK + moe.sharedExperts) * (moe.expertFfnHiddenSize + h) : 0),
    fp8SavedReplicatedBytes: 2 * h,
    activationScoreBytesPerContextPerHead: 5,
    kvExchangeElements: kvHeads * (qkDim + vDim),
    denseLayerParams,
    moeLayerSharedParams,
    moeLayerRoutedParams: routedPerLayer,
    embeddingParams: counts.embeddingParams,
    outputHeadParams: arch.tiedEmbeddings ? 0 : counts.outputHeadParams,
    modelMatmulFlopsPerToken: 6 * counts.activeMatmulParams,
    queryWidth: a * headDim,
    keyValueWidth: 2 * (arch.mla ? 0 : arch.kvHeads) * headDim,
    ffnHiddenSize: arch.ffnHiddenSize,
    gatedFfn: arch.ffnActivation === "swiglu",
    expertFfnSize: moe?.expertFfnHiddenSize ?? 0,
    sharedExpertWidth: moe ? moe.sharedExperts * moe.expertFfnHiddenSize : 0,
    isMla: arch.mla !== undefined,
    attentionMatmulParams,
    recomputeSaved: {
      layernormBytes: 4 * h,
      moeActBytes: moe ? 2 * (moe.topK + moe.sharedExperts) * moe.expertFfnHiddenSize : 0,
      mlaUpProjBytes: arch.mla
        ? Math.max(
            0,
            2 * (2 * a * qkDim + a * vDim) - 2 * (arch.mla.qLoraRank + arch.mla.kvLoraRank + arch.mla.qkRopeHeadDim),
          )
        : 0,
      denseMlpBytes: denseMlpSharded,
      sharedExpertBytes: moe ? moe.sharedExperts * mlpPerExpertSharded(moe.expertFfnHiddenSize) : 0,
      moeBytes: moeMlpSharded,
    },
    mlaUpProjFlops: arch.mla
      ? 2 *
        ((arch.mla.qLoraRank > 0 ? arch.mla.qLoraRank : h) * a * qkDim +
          arch.mla.kvLoraRank * a * (arch.mla.qkNopeHeadDim + arch.mla.vHeadDim))
      : 0,
    routedExpertFlops: moe ? 2 * moe.topK * expertMatmul : 0,
    sharedExpertFlops: moe ? 2 * moe.sharedExperts * expertMatmul : 0,
    moeActTrafficBytes: moe
      ? 2 * (moe.topK + moe.sharedExperts) * (activationElements / f) * moe.expertFfnHiddenSize
      : 0,
    mtpLayerDenseParams: 2 * h * h + (moe ? moeLayerSharedParams : denseLayerParams),
    mtpLayerRoutedParams: moe ? routedPerLayer : 0,
  };
}
