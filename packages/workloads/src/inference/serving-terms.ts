import type { KernelIndex, KernelRoofline } from "@aifactory/kernels";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import { type ArchitectureId, resolveArchitecture } from "../architecture/catalog";
import { parameterCounts } from "../architecture/derived";
import type { LeafGroupFabric } from "../collectives/collective-time";
import { SERVING_ARCHITECTURES } from "../data/serving-architectures";
import { type KernelTablesOption, resolveKernelIndex } from "../kernels/kernel-option";
import { type AcceleratorSpec, leafGroupFabric } from "../training/accelerator-spec";
import { GENERIC_MEMORY_BANDWIDTH_RATIO, type InferenceEfficiency } from "./inference-efficiency";
import { measuredHbmBandwidth } from "./measured-bandwidth";
import { type KvPrecision, WEIGHT_BYTES_PER_PARAM, type WeightPrecision } from "./serving-config";

/**
 * Resolves an architecture for the serving, RL and agentic models. The same as {@link resolveArchitecture}: there
 * is one catalog (the shapes first added for serving, {@link SERVING_ARCHITECTURES}, are part of it).
 *
 * @param value - an id or architecture data
 * @returns the validated architecture
 * @throws NotFoundError for an unknown id (with the nearest ids); InvalidInputError for bad data
 * @example
 * ```ts
 * import { resolveServingArchitecture } from "@aifactory/workloads";
 * resolveServingArchitecture("llama-4-scout").moe?.experts; // 16
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function resolveServingArchitecture(value: ArchitectureId | ArchitectureInput | Architecture): Architecture {
  return resolveArchitecture(value);
}

/**
 * Per-architecture quantities of the serving model, computed once so that searches evaluate many
 * configurations without recounting parameters. Per-layer figures are before any parallel split.
 *
 * @internal
 * @since 0.1.0
 * @category Inference
 */
export interface ServingTerms {
  architectureId: string;
  layers: number;
  denseLayers: number;
  moeLayers: number;
  hiddenSize: number;
  attentionHeads: number;
  /** KV heads that TP can split (1 for MLA: the latent is not split by heads). */
  kvShardLimit: number;
  isMla: boolean;
  experts: number;
  topK: number;
  /** Attention projection parameters per layer. */
  attentionParams: number;
  /** Dense FFN parameters per dense layer. */
  denseFfnParams: number;
  /** Router + shared-expert parameters per MoE layer. */
  moeSharedParams: number;
  /** One routed expert's parameters. */
  expertParams: number;
  /** Output head parameters (vocab x hidden). */
  headParams: number;
  /** Embedding + head parameters held in memory (BF16). */
  embeddingAndHeadParams: number;
  totalParams: number;
  /** KV bytes per token per layer at the chosen KV precision. */
  kvBytesPerTokenLayer: number;
  /** Attention score + context FLOPs per token per context token per layer, decode (MLA absorbed). */
  decodeAttentionFlopsPerContext: number;
  /** The same for prefill (MLA not absorbed). */
  prefillAttentionFlopsPerContext: number;
  fullAttentionShare: number;
  windowTokens: number;
  /** Elementwise HBM traffic per token per layer, bytes: part replicated across TP, part split by TP. */
  elementwiseReplicatedBytes: number;
  elementwiseShardedBytes: number;
  weightBytesPerParam: number;
  /** Bytes per element of the KV cache. */
  kvBytesPerElement: number;
  /** Whether the weights are INT4 weight-only (BF16 GEMMs). */
  weightOnly: boolean;
  weights: WeightPrecision;
  kv: KvPrecision;
  /** KV heads (GQA); for MLA the attention heads (the latent is shared). */
  kvHeads: number;
  headDim: number;
  /** Query projection width, heads x headDim. */
  queryWidth: number;
  /** Dense FFN hidden size. */
  ffnHiddenSize: number;
  /** SwiGLU-style FFN (three matrices). */
  gatedFfn: boolean;
  /** One routed expert's FFN hidden size (0 for dense models). */
  expertFfnSize: number;
  /** Shared experts per MoE layer. */
  sharedExperts: number;
  vocabSize: number;
  /** MLA latent dimensions (undefined for GQA/MHA). */
  mla: { kvLoraRank: number; qkNopeHeadDim: number; qkRopeHeadDim: number; vHeadDim: number } | undefined;
}

/**
 * Computes the {@link ServingTerms} of an architecture for a weight and KV format.
 *
 * Conventions: linear layers run in the weight format (INT4 as weight-only BF16 GEMMs); embeddings and the
 * output head stay BF16 (as ModelOpt FP8/FP4 checkpoints keep `lm_head`); KV bytes per token per layer are
 * 2 x kvHeads x headDim (GQA) or kvLoraRank + qkRopeHeadDim (MLA, DeepSeek-V2 s2.1.2) elements. Decode
 * attention for MLA uses the absorbed form, 2 x heads x (2 kvLoraRank + rope) FLOPs per context token
 * (DeepSeek-V2 appendix C); prefill uses heads x 2 x (d_qk + d_v). Elementwise traffic per token per layer
 * (norms, residuals, RoPE, activation, quantisation) is estimated as 12 h BF16 elements replicated plus
 * 3 x the active FFN width split by TP.
 *
 * @internal
 * @param arch - a validated architecture
 * @param weights - weight format
 * @param kv - KV-cache format
 * @returns the terms
 * @example
 * ```ts
 * import { resolveServingArchitecture } from "@aifactory/workloads";
 * import { servingTerms } from "@aifactory/workloads/internal";
 * servingTerms(resolveServingArchitecture("llama-3.1-8b"), "fp8", "fp8").kvBytesPerTokenLayer; // 2048
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function servingTerms(arch: Architecture, weights: WeightPrecision, kv: KvPrecision): ServingTerms {
  const counts = parameterCounts(arch);
  const h = arch.hiddenSize;
  const a = arch.attentionHeads;
  const headDim = arch.headDim ?? h / a;
  const kvBytesPerElement = kv === "fp8" ? 1 : 2;
  const moe = arch.moe;
  const moeLayers = moe ? Math.max(0, arch.layers - moe.denseLayers) : 0;
  const ffnMatrices = arch.ffnActivation === "swiglu" ? 3 : 2;
  const expertParams = moe ? ffnMatrices * h * moe.expertFfnHiddenSize : 0;
  const moeSharedParams = moe ? h * moe.experts + moe.sharedExperts * expertParams : 0;
  let kvElements: number;
  let decodeFlops: number;
  let prefillFlops: number;
  if (arch.mla) {
    const m = arch.mla;
    kvElements = m.kvLoraRank + m.qkRopeHeadDim;
    decodeFlops = 2 * a * (2 * m.kvLoraRank + m.qkRopeHeadDim);
    prefillFlops = 2 * a * (m.qkNopeHeadDim + m.qkRopeHeadDim + m.vHeadDim);
  } else {
    kvElements = 2 * arch.kvHeads * headDim;
    decodeFlops = 2 * a * 2 * headDim;
    prefillFlops = decodeFlops;
  }
  const activeFfnWidth = moe ? (moe.topK + moe.sharedExperts) * moe.expertFfnHiddenSize : arch.ffnHiddenSize;
  const window = arch.slidingWindow;
  return {
    architectureId: arch.id,
    layers: arch.layers,
    denseLayers: arch.layers - moeLayers,
    moeLayers,
    hiddenSize: h,
    attentionHeads: a,
    kvShardLimit: arch.mla ? 1 : arch.kvHeads,
    isMla: arch.mla !== undefined,
    experts: moe?.experts ?? 0,
    topK: moe?.topK ?? 0,
    attentionParams: counts.attentionParamsPerLayer,
    denseFfnParams: counts.denseFfnParamsPerLayer,
    moeSharedParams,
    expertParams,
    headParams: arch.vocabSize * h,
    embeddingAndHeadParams: counts.embeddingParams + counts.outputHeadParams,
    totalParams: counts.totalParams,
    kvBytesPerTokenLayer: kvElements * kvBytesPerElement,
    decodeAttentionFlopsPerContext: decodeFlops,
    prefillAttentionFlopsPerContext: prefillFlops,
    fullAttentionShare: window ? 1 - window.layerShareRatio : 1,
    windowTokens: window ? window.windowTokens : Number.POSITIVE_INFINITY,
    elementwiseReplicatedBytes: 12 * h * 2,
    elementwiseShardedBytes: 3 * activeFfnWidth * 2,
    weightBytesPerParam: WEIGHT_BYTES_PER_PARAM[weights],
    kvBytesPerElement,
    weightOnly: weights === "int4",
    weights,
    kv,
    kvHeads: arch.mla ? a : arch.kvHeads,
    headDim,
    queryWidth: a * headDim,
    ffnHiddenSize: arch.ffnHiddenSize,
    gatedFfn: arch.ffnActivation === "swiglu",
    expertFfnSize: moe?.expertFfnHiddenSize ?? 0,
    sharedExperts: moe?.sharedExperts ?? 0,
    vocabSize: arch.vocabSize,
    mla: arch.mla
      ? {
          kvLoraRank: arch.mla.kvLoraRank,
          qkNopeHeadDim: arch.mla.qkNopeHeadDim,
          qkRopeHeadDim: arch.mla.qkRopeHeadDim,
          vHeadDim: arch.mla.vHeadDim,
        }
      : undefined,
  };
}

/**
 * Achievable rates of one accelerator for the serving model.
 *
 * @internal
 * @since 0.1.0
 * @category Inference
 */
export interface ServingHardware {
  acceleratorId: string;
  /** Achievable GEMM FLOP/s at the weights' compute precision. */
  matmulFlops: number;
  /** Achievable BF16 GEMM FLOP/s (output head). */
  bf16MatmulFlops: number;
  /** Achievable attention FLOP/s (BF16). */
  attentionFlops: number;
  /** Achievable HBM bytes/s. */
  memoryBytesPerSecond: number;
  /** The HBM bandwidth share used (the efficiency input, the accelerator's measurement, or the generic 0.8). */
  memoryBandwidthRatio: number;
  /** Achievable scale-up bus bytes/s per GPU, one direction. */
  scaleUpBytesPerSecond: number;
  /** Achievable scale-out bytes/s per GPU, one direction. */
  scaleOutBytesPerSecond: number;
  /** Leaf groups and oversubscription of the scale-out fabric (undefined: non-blocking). */
  scaleOutFabric: LeafGroupFabric | undefined;
  scaleUpDomainSize: number;
  /** HBM capacity, bytes (vendor GB read as GiB, as the training model does). */
  memoryBytes: number;
  /** Which peak the GEMMs were priced at. */
  matmulPeakKey: string;
  /** Measured kernel tables of this accelerator, when any apply (else the analytic path). */
  kernels: KernelIndex | undefined;
  /** Achievable rates in the form the kernel lookups take (analytic fallback and anchoring). */
  matmulRoofline: KernelRoofline;
  bf16Roofline: KernelRoofline;
  attentionRoofline: KernelRoofline;
  busRoofline: KernelRoofline;
}

/**
 * Turns accelerator peaks and efficiency factors into achievable rates for a weight format. HBM bandwidth is
 * scaled by `memoryBandwidthRatio` when given, else by the accelerator's measured STREAM share
 * ({@link MEASURED_HBM_BANDWIDTH}), else by 0.8. FP8 weights use the
 * FP8 peak, FP4 the FP4 peak where the accelerator lists one (else FP8, else BF16), BF16 and INT4 (weight-only)
 * the BF16 peak.
 *
 * @internal
 * @param accelerator - the accelerator figures
 * @param efficiency - efficiency factors
 * @param weights - weight format
 * @returns achievable rates
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY, resolveAccelerator } from "@aifactory/workloads";
 * import { servingHardware } from "@aifactory/workloads/internal";
 * servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8").matmulPeakKey; // "fp8"
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function servingHardware(
  accelerator: AcceleratorSpec,
  efficiency: InferenceEfficiency,
  weights: WeightPrecision,
  kernels: KernelTablesOption = "builtin",
): ServingHardware {
  const peaks = accelerator.denseTflops as Record<string, number | undefined>;
  const bf16 = peaks.bf16 ?? peaks.fp16 ?? 0;
  let key = "bf16";
  if ((weights === "fp8" || weights === "fp8-block") && peaks.fp8 !== undefined) key = "fp8";
  if (weights === "fp4") key = peaks.fp4 !== undefined ? "fp4" : peaks.fp8 !== undefined ? "fp8" : "bf16";
  const peak = key === "bf16" ? bf16 : (peaks[key] ?? bf16);
  const scaleOutGBps = (accelerator.scaleOutGbitpsPerAccelerator ?? 0) / 8;
  const scaleUpGBps = accelerator.scaleUp.bandwidthGBpsPerDirection;
  const memoryRatio =
    efficiency.memoryBandwidthRatio ?? measuredHbmBandwidth(accelerator.id)?.ratio ?? GENERIC_MEMORY_BANDWIDTH_RATIO;
  const memoryBytesPerSecond = accelerator.memoryBandwidthGBps * 1e9 * memoryRatio;
  const scaleUpBytesPerSecond =
    (scaleUpGBps > 0 ? scaleUpGBps : scaleOutGBps) * 1e9 * efficiency.scaleUpBusBandwidthRatio;
  return {
    acceleratorId: accelerator.id,
    kernels: resolveKernelIndex(kernels, accelerator.id),
    matmulRoofline: { flopsPerSecond: peak * 1e12 * efficiency.matmulRatio, memoryBytesPerSecond },
    bf16Roofline: { flopsPerSecond: bf16 * 1e12 * efficiency.matmulRatio, memoryBytesPerSecond },
    attentionRoofline: { flopsPerSecond: bf16 * 1e12 * efficiency.attentionRatio, memoryBytesPerSecond },
    busRoofline: {
      flopsPerSecond: 1,
      memoryBytesPerSecond,
      busBytesPerSecond: scaleUpBytesPerSecond,
      latencySeconds: efficiency.collectiveLatencySeconds,
    },
    matmulFlops: peak * 1e12 * efficiency.matmulRatio,
    bf16MatmulFlops: bf16 * 1e12 * efficiency.matmulRatio,
    attentionFlops: bf16 * 1e12 * efficiency.attentionRatio,
    memoryBytesPerSecond: accelerator.memoryBandwidthGBps * 1e9 * memoryRatio,
    memoryBandwidthRatio: memoryRatio,
    scaleUpBytesPerSecond: (scaleUpGBps > 0 ? scaleUpGBps : scaleOutGBps) * 1e9 * efficiency.scaleUpBusBandwidthRatio,
    scaleOutBytesPerSecond:
      (scaleOutGBps > 0 ? scaleOutGBps : scaleUpGBps) * 1e9 * efficiency.scaleOutBusBandwidthRatio,
    scaleOutFabric: leafGroupFabric(accelerator),
    scaleUpDomainSize: accelerator.scaleUp.scaleUpDomainSize,
    memoryBytes: (accelerator.memoryUsableGB ?? accelerator.memoryGB) * 2 ** 30,
    matmulPeakKey: key,
  };
}
