import {
  type AttentionQuery,
  createKernelResult,
  type DeepEpQuery,
  type GemmDtype,
  type KernelIndex,
  type KernelResult,
  type KernelRoofline,
  lookupCollective,
  lookupContextAttention,
  lookupDeepEp,
  lookupGemm,
  lookupGenerationAttention,
  lookupMla,
  lookupMoe,
  type MlaQuery,
  type MoeQuery,
} from "@aifactory/kernels";
import { allToAllFabricFactor, busBandwidthFactor } from "../collectives/collective-time";
import { type KernelSources, worseKernelSource } from "../kernels/kernel-option";
import type { InferenceEfficiency } from "./inference-efficiency";
import type { ServingHardware, ServingTerms } from "./serving-terms";

/**
 * The numeric layout of one serving instance, as the hot path reads it.
 *
 * @internal
 * @since 0.1.0
 * @category Inference
 */
export interface ServingLayout {
  tp: number;
  pp: number;
  ep: number;
  attentionDp: boolean;
  microBatchOverlap: boolean;
  /**
   * How MoE tokens reach the experts under attention-DP + EP: `all-to-all` (default; DeepEP, SGLang, DeepSeek:
   * each token goes to the GPUs of its top-k experts) or `allgather` (NCCL all-gather of every rank's tokens
   * before the experts and reduce-scatter after; TensorRT-LLM without multi-node NVLink, e.g. H100/H200/B200).
   */
  moeDispatch?: "all-to-all" | "allgather";
  /**
   * Redundant expert replicas (DeepSeek's EPLB): the EP group hosts experts + redundantExperts slots, the hottest
   * experts replicated so that their load splits; default 0.
   */
  redundantExperts?: number;
  /**
   * Attention-DP context balancing (default true): prefills are batched across the DP ranks. False: a rank busy
   * with a prompt chunk stalls the EP group (see {@link iterationTime}).
   */
  attentionDpBalance?: boolean;
}

/**
 * Memory per GPU of one instance and the KV capacity it leaves.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface ServingMemory {
  /** HBM capacity per GPU, bytes. */
  capacityBytes: number;
  /** Weights per GPU (busiest stage), bytes. */
  weightsBytes: number;
  /** Runtime reserve, bytes. */
  reservedBytes: number;
  /** KV cache per GPU, bytes. */
  kvCacheBytes: number;
  /** KV bytes one token takes on one GPU holding it (its layers, its share of heads). */
  kvBytesPerTokenPerGpu: number;
  /** Tokens the instance's KV cache holds. */
  kvCacheCapacityTokens: number;
  fits: boolean;
}

/**
 * Computes weights per GPU and the KV capacity of an instance.
 *
 * Weights per GPU = (layers / pp) x [attention + dense FFN or router and shared experts, / tp unless
 * attention-DP] + MoE layers x all routed experts / tp, x bytes per parameter, + BF16 embedding and head / tp.
 * KV cache = (capacity - weights - reserve) x `kvCacheMemoryRatio`. A token's KV on one GPU is the per-layer
 * bytes x layers / pp, split over min(tp, kvHeads) with TP attention (not split with attention-DP or MLA).
 * Capacity in tokens = KV bytes / per-token bytes x (tp when attention-DP: every GPU holds its own sequences).
 *
 * @internal
 * @param terms - serving terms
 * @param hw - achievable rates and capacity
 * @param layout - the instance layout
 * @param efficiency - efficiency factors (memory ratio, reserve)
 * @returns the memory
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY, resolveAccelerator, resolveServingArchitecture } from "@aifactory/workloads";
 * import { servingHardware, servingMemory, servingTerms } from "@aifactory/workloads/internal";
 * const terms = servingTerms(resolveServingArchitecture("llama-3.1-8b"), "fp8", "fp8");
 * const hw = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
 * servingMemory(terms, hw, { tp: 1, pp: 1, ep: 1, attentionDp: false, microBatchOverlap: false },
 *   DEFAULT_INFERENCE_EFFICIENCY).fits; // true
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function servingMemory(
  terms: ServingTerms,
  hw: ServingHardware,
  layout: ServingLayout,
  efficiency: InferenceEfficiency,
): ServingMemory {
  const { tp, pp } = layout;
  const denseShard = layout.attentionDp ? 1 : tp;
  const denseLayersPerStage = Math.ceil(terms.denseLayers / pp);
  const moeLayersPerStage = Math.ceil(terms.moeLayers / pp);
  const layersPerStage = Math.ceil(terms.layers / pp);
  const denseParams =
    (layersPerStage * terms.attentionParams +
      denseLayersPerStage * terms.denseFfnParams +
      moeLayersPerStage * terms.moeSharedParams) /
    denseShard;
  const routedParams = (moeLayersPerStage * (terms.experts + (layout.redundantExperts ?? 0)) * terms.expertParams) / tp;
  const weightsBytes =
    (denseParams + routedParams) * terms.weightBytesPerParam + (terms.embeddingAndHeadParams * 2) / denseShard;
  const reservedBytes = efficiency.reservedMemoryGiB * 2 ** 30;
  const free = hw.memoryBytes - weightsBytes - reservedBytes;
  const kvCacheBytes = Math.max(0, free) * efficiency.kvCacheMemoryRatio;
  const kvShard = layout.attentionDp ? 1 : Math.min(tp, terms.kvShardLimit);
  const kvBytesPerTokenPerGpu = (terms.kvBytesPerTokenLayer * layersPerStage) / kvShard;
  const replicas = layout.attentionDp ? tp : 1;
  const kvCacheCapacityTokens = Math.floor(kvCacheBytes / kvBytesPerTokenPerGpu) * replicas;
  return {
    capacityBytes: hw.memoryBytes,
    weightsBytes,
    reservedBytes,
    kvCacheBytes,
    kvBytesPerTokenPerGpu,
    kvCacheCapacityTokens,
    fits: free > 0,
  };
}

/**
 * Where one engine iteration's time goes, seconds per iteration (for pipeline parallelism: one stage's time
 * times the number of micro-batches it processes per iteration).
 *
 * @since 0.1.0
 * @category Inference
 */
export interface IterationBreakdown {
  /** Attention projections, dense FFN, router and shared experts (roofline of weight reads vs FLOPs). */
  denseMatmulSeconds: number;
  /** Routed experts (roofline of touched-expert reads vs FLOPs). */
  expertMatmulSeconds: number;
  /** Output head. */
  headSeconds: number;
  /** Decode attention (roofline of KV reads vs FLOPs). */
  decodeAttentionSeconds: number;
  /** Prefill attention (FLOPs of the causal chunk against its context). */
  prefillAttentionSeconds: number;
  /** Norms, residuals, activations (HBM traffic). */
  elementwiseSeconds: number;
  /** TP all-reduces, EP dispatch/combine, PP sends not hidden behind compute. */
  communicationSeconds: number;
  /** Fixed per-iteration cost. */
  overheadSeconds: number;
  /** The sum: one iteration. */
  iterationSeconds: number;
  /** Where each kernel class's time came from (measured tables or the analytic roofline). */
  kernelSources: KernelSources;
}

/**
 * Creates a zeroed {@link IterationBreakdown} to reuse across evaluations (no allocation in loops).
 *
 * @internal
 * @returns a zeroed breakdown
 * @example
 * ```ts
 * import { createIterationBreakdown } from "@aifactory/workloads/internal";
 * createIterationBreakdown().iterationSeconds; // 0
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function createIterationBreakdown(): IterationBreakdown {
  return {
    denseMatmulSeconds: 0,
    expertMatmulSeconds: 0,
    headSeconds: 0,
    decodeAttentionSeconds: 0,
    prefillAttentionSeconds: 0,
    elementwiseSeconds: 0,
    communicationSeconds: 0,
    overheadSeconds: 0,
    iterationSeconds: 0,
    kernelSources: { gemm: "analytic", moe: "analytic", attention: "analytic", collective: "analytic" },
  };
}

/** GEMM table precision of a weight format (INT4 weight-only has no GEMM table: analytic). */
const GEMM_DTYPE: Record<string, GemmDtype | undefined> = {
  bf16: "bf16",
  fp8: "fp8",
  "fp8-block": "fp8-block",
  fp4: "nvfp4",
  int4: undefined,
};

const K1 = createKernelResult();
const K2 = createKernelResult();
const MEASURED_SOURCES = new Set(["measured", "interpolated", "scaled", "extrapolated"]);

/** Time of a linear layer pair list from the GEMM table; NaN when any lookup had no table (analytic path). */
/**
 * GEMM lookups by shape, per kernel index and roofline: a fleet simulation asks for the same shapes at every
 * context of a decode batch, and each lookup interpolates in the measured grid again. Cleared at 4096 shapes.
 */
const GEMM_SHAPES = new WeakMap<KernelIndex, WeakMap<KernelRoofline, Map<string, GemmLookup>>>();

interface GemmLookup {
  seconds: number;
  source: KernelResult["source"];
}

function gemmShapes(kernels: KernelIndex, roofline: KernelRoofline): Map<string, GemmLookup> {
  let byRoofline = GEMM_SHAPES.get(kernels);
  if (byRoofline === undefined) {
    byRoofline = new WeakMap();
    GEMM_SHAPES.set(kernels, byRoofline);
  }
  let shapes = byRoofline.get(roofline);
  if (shapes === undefined) {
    shapes = new Map();
    byRoofline.set(roofline, shapes);
  }
  return shapes;
}

function tableGemm(
  kernels: KernelIndex,
  dtype: GemmDtype,
  m: number,
  n: number,
  k: number,
  hw: ServingHardware,
  out: IterationBreakdown,
): number {
  const roofline = dtype === "bf16" ? hw.bf16Roofline : hw.matmulRoofline;
  const shapes = gemmShapes(kernels, roofline);
  const key = `${dtype} ${m} ${n} ${k}`;
  let r = shapes.get(key);
  if (r === undefined) {
    const found = lookupGemm(kernels, dtype, m, n, k, roofline, K1);
    r = { seconds: found.seconds, source: found.source };
    if (shapes.size >= 4096) shapes.clear();
    shapes.set(key, r);
  }
  if (!MEASURED_SOURCES.has(r.source)) return Number.NaN;
  out.kernelSources.gemm = worseKernelSource(out.kernelSources.gemm, r.source);
  return r.seconds;
}

/** Up (gate + up for SwiGLU) and down projection of an FFN of `width` columns per GPU, from the GEMM table. */
function ffnPair(
  kernels: KernelIndex,
  dtype: GemmDtype,
  tokens: number,
  width: number,
  terms: ServingTerms,
  hw: ServingHardware,
  out: IterationBreakdown,
): number {
  if (width <= 0) return 0;
  const h = terms.hiddenSize;
  const up = tableGemm(kernels, dtype, tokens, (terms.gatedFfn ? 2 : 1) * width, h, hw, out);
  const down = tableGemm(kernels, dtype, tokens, h, width, hw, out);
  return up + down;
}

const ATTENTION_QUERY: AttentionQuery = {
  heads: 1,
  kvHeads: 1,
  headDim: 128,
  windowTokens: 0,
  dtype: "bf16",
  kvDtype: "bf16",
  batch: 0,
  tokens: 0,
};
const MLA_QUERY: MlaQuery = {
  phase: "generation",
  heads: 1,
  kvLoraRank: 512,
  qkNopeHeadDim: 128,
  qkRopeHeadDim: 64,
  vHeadDim: 128,
  kvDtype: "bf16",
  batch: 0,
  tokens: 0,
};
const DEEPEP_QUERY: DeepEpQuery = {
  mode: "normal",
  acceleratorCount: 8,
  hiddenSize: 1,
  topK: 1,
  experts: 1,
  tokens: 0,
};
const MOE_QUERY: MoeQuery = {
  dtype: "bf16",
  hiddenSize: 1,
  expertFfnSize: 1,
  topK: 1,
  experts: 1,
  gated: true,
  tp: 1,
  ep: 1,
  routingAlpha: 0,
  tokens: 0,
};

/**
 * Measured-table times of one stage's op classes (seconds per micro-batch), or NaN per class where the tables do
 * not apply (then the analytic roofline of {@link iterationTime} is used for that class).
 */
function tableTimes(
  terms: ServingTerms,
  hw: ServingHardware,
  layout: ServingLayout,
  efficiency: InferenceEfficiency,
  kernels: KernelIndex,
  gpuTokens: number,
  groupTokens: number,
  headTokens: number,
  gpuSeqs: number,
  tokensPerSequence: number,
  decodeContext: number,
  gpuPrefill: number,
  prefillContext: number,
  out: IterationBreakdown,
  times: Float64Array,
): void {
  const { tp, ep } = layout;
  const denseShard = layout.attentionDp ? 1 : tp;
  const dtype = GEMM_DTYPE[terms.weights];
  const h = terms.hiddenSize;
  const layers = terms.layers / layout.pp;
  const denseLayers = terms.denseLayers / layout.pp;
  const moeLayers = terms.moeLayers / layout.pp;
  times.fill(Number.NaN);
  // Dense GEMMs: attention projections (QKV and output; MLA's projections as one GEMM of the same parameters),
  // dense FFN, shared experts and router.
  if (dtype !== undefined && gpuTokens > 0) {
    let attention: number;
    if (terms.isMla) {
      attention = tableGemm(kernels, dtype, gpuTokens, terms.attentionParams / denseShard / h, h, hw, out);
    } else {
      const kvWidth = 2 * terms.kvHeads * terms.headDim;
      const qkv = tableGemm(kernels, dtype, gpuTokens, (terms.queryWidth + kvWidth) / denseShard, h, hw, out);
      const o = tableGemm(kernels, dtype, gpuTokens, h, terms.queryWidth / denseShard, hw, out);
      attention = qkv + o;
    }
    const dense =
      denseLayers > 0 ? ffnPair(kernels, dtype, gpuTokens, terms.ffnHiddenSize / denseShard, terms, hw, out) : 0;
    let moeShared = 0;
    if (moeLayers > 0) {
      const shared = ffnPair(
        kernels,
        dtype,
        gpuTokens,
        (terms.sharedExperts * terms.expertFfnSize) / denseShard,
        terms,
        hw,
        out,
      );
      const router = tableGemm(kernels, "bf16", gpuTokens, terms.experts, h, hw, out);
      moeShared = shared + router;
    }
    times[0] = layers * attention + denseLayers * dense + moeLayers * moeShared;
    // Output head (BF16).
    times[2] = headTokens > 0 ? tableGemm(kernels, "bf16", headTokens, terms.vocabSize / denseShard, h, hw, out) : 0;
  }
  // Routed experts: one whole MoE layer per GPU from the MoE table (routing skew and tile padding included in
  // the measurement), tokens = the EP group's tokens, as AIConfigurator keys it.
  if (moeLayers > 0 && terms.experts > 0 && dtype !== undefined) {
    const q = MOE_QUERY;
    q.dtype = dtype;
    q.hiddenSize = h;
    q.expertFfnSize = terms.expertFfnSize;
    q.topK = terms.topK;
    q.experts = terms.experts;
    q.gated = terms.gatedFfn;
    q.tp = tp / ep;
    q.ep = ep;
    q.routingAlpha = efficiency.moeRoutingSkewAlpha;
    q.tokens = groupTokens;
    const r = lookupMoe(kernels, q, hw.matmulRoofline, K2);
    if (MEASURED_SOURCES.has(r.source)) {
      // Redundant experts (EPLB) split the hot experts' load: the measured layer scaled by the busiest GPU's
      // load with and without the replicas.
      const redundant = layout.redundantExperts ?? 0;
      const eplb =
        redundant > 0 && ep > 1 && efficiency.moeRoutingSkewAlpha > 0
          ? powerLawBusiestShare(
              groupTokens,
              terms.topK,
              terms.experts,
              ep,
              efficiency.moeRoutingSkewAlpha,
              redundant,
            ) / powerLawBusiestShare(groupTokens, terms.topK, terms.experts, ep, efficiency.moeRoutingSkewAlpha)
          : 1;
      times[1] = moeLayers * r.seconds * eplb;
      out.kernelSources.moe = worseKernelSource(out.kernelSources.moe, r.source);
    }
  } else if (moeLayers === 0) {
    times[1] = 0;
  }
  // MLA attention (DeepSeek-V2/V3): its own tables, prefill and absorbed decode.
  if (terms.mla !== undefined) {
    const q = MLA_QUERY;
    q.heads = Math.max(1, Math.round(terms.attentionHeads / (layout.attentionDp ? 1 : tp)));
    q.kvLoraRank = terms.mla.kvLoraRank;
    q.qkNopeHeadDim = terms.mla.qkNopeHeadDim;
    q.qkRopeHeadDim = terms.mla.qkRopeHeadDim;
    q.vHeadDim = terms.mla.vHeadDim;
    q.kvDtype = terms.kv;
    let ok = true;
    let decode = 0;
    if (gpuSeqs > 0 && decodeContext > 0) {
      if (tokensPerSequence !== 1) ok = false;
      else {
        q.phase = "generation";
        q.batch = gpuSeqs;
        q.tokens = decodeContext;
        const r = lookupMla(kernels, q, hw.attentionRoofline, K1);
        ok = MEASURED_SOURCES.has(r.source);
        decode = r.seconds;
        out.kernelSources.attention = worseKernelSource(out.kernelSources.attention, r.source);
      }
    }
    let prefill = 0;
    if (ok && gpuPrefill > 0 && prefillContext > 0) {
      q.phase = "context";
      q.tokens = Math.max(1, 2 * prefillContext);
      q.batch = gpuPrefill / q.tokens;
      const r = lookupMla(kernels, q, hw.attentionRoofline, K1);
      ok = MEASURED_SOURCES.has(r.source);
      prefill = r.seconds;
      out.kernelSources.attention = worseKernelSource(out.kernelSources.attention, r.source);
    }
    if (ok) {
      times[3] = layers * decode;
      times[4] = layers * prefill;
    }
  }
  // Attention kernels (GQA/MHA).
  if (!terms.isMla) {
    const headShard = layout.attentionDp ? 1 : tp;
    const full = terms.fullAttentionShare;
    const window = Number.isFinite(terms.windowTokens) ? terms.windowTokens : 0;
    const q = ATTENTION_QUERY;
    q.heads = Math.max(1, Math.round(terms.attentionHeads / headShard));
    q.kvHeads = Math.max(
      1,
      Math.round(Math.max(1, terms.kvHeads / (layout.attentionDp ? 1 : Math.min(tp, terms.kvHeads)))),
    );
    q.headDim = terms.headDim;
    q.windowTokens = 0;
    q.dtype = terms.weights === "bf16" || terms.kv === "bf16" ? "bf16" : "fp8";
    q.kvDtype = terms.kv;
    let decode = 0;
    let ok = true;
    if (gpuSeqs > 0 && decodeContext > 0) {
      if (tokensPerSequence !== 1) ok = false;
      else {
        q.batch = gpuSeqs;
        q.tokens = decodeContext;
        const atFull = lookupGenerationAttention(kernels, q, hw.attentionRoofline, K1);
        ok = MEASURED_SOURCES.has(atFull.source);
        decode = full * atFull.seconds;
        out.kernelSources.attention = worseKernelSource(out.kernelSources.attention, atFull.source);
        if (full < 1 && ok) {
          q.tokens = Math.min(decodeContext, window || decodeContext);
          const atWindow = lookupGenerationAttention(kernels, q, hw.attentionRoofline, K1);
          ok = MEASURED_SOURCES.has(atWindow.source);
          out.kernelSources.attention = worseKernelSource(out.kernelSources.attention, atWindow.source);
          decode += (1 - full) * atWindow.seconds;
        }
      }
    }
    let prefill = 0;
    if (ok && gpuPrefill > 0 && prefillContext > 0) {
      // A chunk of P tokens attending to a mean context C does the work of P / 2C causal prompts of 2C tokens.
      q.tokens = Math.max(1, 2 * prefillContext);
      q.batch = gpuPrefill / q.tokens;
      const atFull = lookupContextAttention(kernels, q, hw.attentionRoofline, K1);
      ok = MEASURED_SOURCES.has(atFull.source);
      prefill = full * atFull.seconds;
      out.kernelSources.attention = worseKernelSource(out.kernelSources.attention, atFull.source);
      if (full < 1 && ok) {
        // Past the window each token attends to w keys: mean context min(C, w), as in the analytic path.
        q.tokens = Math.max(1, 2 * Math.min(prefillContext, window || prefillContext));
        q.batch = gpuPrefill / q.tokens;
        const atWindow = lookupContextAttention(kernels, q, hw.attentionRoofline, K1);
        ok = MEASURED_SOURCES.has(atWindow.source);
        out.kernelSources.attention = worseKernelSource(out.kernelSources.attention, atWindow.source);
        prefill += (1 - full) * atWindow.seconds;
      }
    }
    if (ok) {
      times[3] = layers * decode;
      times[4] = layers * prefill;
    }
  }
  // EP token exchange under attention-DP with all-to-all dispatch (DeepEP, as SGLang and DeepSeek run it) inside
  // one node of the measured size: normal kernels when the iteration prefills, low-latency kernels for decode.
  if (
    moeLayers > 0 &&
    ep > 1 &&
    layout.attentionDp &&
    layout.moeDispatch !== "allgather" &&
    ep <= hw.scaleUpDomainSize &&
    gpuTokens > 0
  ) {
    const q = DEEPEP_QUERY;
    q.mode = gpuPrefill > 0 ? "normal" : "low-latency";
    q.acceleratorCount = ep;
    q.hiddenSize = h;
    q.topK = terms.topK;
    q.experts = terms.experts;
    q.tokens = gpuTokens;
    const r = lookupDeepEp(kernels, q, hw.busRoofline, K1);
    if (MEASURED_SOURCES.has(r.source)) {
      times[6] = moeLayers * r.seconds;
      out.kernelSources.collective = worseKernelSource(out.kernelSources.collective, r.source);
    }
  }
  // TP all-reduce inside the scale-up domain (TensorRT-LLM's custom all-reduce where measured, else NCCL).
  if (!layout.attentionDp && tp > 1 && tp <= hw.scaleUpDomainSize && gpuTokens > 0) {
    const r = lookupCollective(kernels, "all-reduce", tp, gpuTokens * h * 2, hw.busRoofline, "auto", K1);
    if (MEASURED_SOURCES.has(r.source)) {
      times[5] = 2 * layers * r.seconds;
      out.kernelSources.collective = worseKernelSource(out.kernelSources.collective, r.source);
    }
  }
}
const TABLE_TIMES = new Float64Array(7);

/**
 * Expected GEMM rows of one MoE layer's routed experts after padding each expert's token group to the kernel
 * tile: `tokens x topK` routed rows over the experts they reach (uniform routing), each expert's count rounded
 * up to a multiple of the tile. The tile follows vLLM's fused-MoE default (`BLOCK_SIZE_M` 16 when tokens <=
 * experts, else `tileRows`, 64): with few tokens per expert most of a tile is wasted work.
 */
function paddedExpertRows(tokens: number, topK: number, experts: number, tileRows: number): number {
  if (tokens <= 0) return 0;
  const tile = tokens <= experts ? Math.min(16, tileRows) : tileRows;
  const touchedExperts = experts * (1 - (1 - topK / experts) ** tokens);
  if (!(touchedExperts > 0)) return tokens * topK; // a vanishing fraction of a token: nothing to pad
  const perExpert = (tokens * topK) / touchedExperts;
  return touchedExperts * tile * Math.ceil(perExpert / tile);
}

/**
 * Load of the busiest of `groups` GPUs relative to the mean when `pairs` token-expert pairs are routed
 * uniformly at random: the expected maximum of `groups` binomial counts, approximated by the Gaussian bound
 * mean + sigma x sqrt(2 ln groups). Real routers are less even (DeepSeek replicates hot experts for this), so
 * this is a floor on the imbalance, not a fit.
 */
export function busiestShare(pairs: number, groups: number): number {
  if (groups <= 1 || pairs <= 0) return 1;
  const mean = pairs / groups;
  const sigma = Math.sqrt(mean * (1 - 1 / groups));
  return 1 + (sigma * Math.sqrt(2 * Math.log(groups))) / mean;
}

/**
 * Load of the busiest of `groups` EP GPUs relative to the mean when expert loads follow a power law (AIConfigurator's
 * MoE model, `power_law_logits_v3`): E per-expert weights x ~ p(x) ∝ x^-alpha on [1, 0.8 x tokens] (on [0.01, 2]
 * when tokens x topK <= E), scaled to tokens x topK pairs and capped at `tokens` (a token picks an expert once).
 * Deterministic: the E weights are the distribution's quantiles at (i - 0.5) / E. The busiest GPU is the larger
 * of the GPU holding the hottest expert (with an average share of the others) and a Gaussian bound on the sum of
 * E / groups loads drawn without replacement. alpha = 0 returns 1 (perfectly even routing).
 *
 * @param tokens - tokens routed in the layer (the whole EP group's)
 * @param topK - experts per token
 * @param experts - routed experts
 * @param groups - EP GPUs
 * @param alpha - power-law exponent (0 = even)
 * @param redundant - redundant replicas (EPLB): the hottest experts are replicated greedily, one replica at a
 *   time to the expert with the highest load per replica, and the E + redundant slots spread over the GPUs
 * @returns busiest GPU's load / mean load (>= 1)
 * @example
 * ```ts
 * import { powerLawBusiestShare } from "@aifactory/workloads";
 * powerLawBusiestShare(2000, 8, 128, 8, 0); // 1
 * powerLawBusiestShare(2000, 8, 128, 8, 1.2) > 1.3; // true
 * ```
 * @since 0.3.0
 * @category Inference
 */
export function powerLawBusiestShare(
  tokens: number,
  topK: number,
  experts: number,
  groups: number,
  alpha: number,
  redundant = 0,
): number {
  if (groups <= 1 || tokens <= 0 || alpha <= 0 || experts <= 1) return 1;
  // A pure function of its inputs, evaluated by searches for the same few shapes again and again: memoised
  // (bounded: the memo is dropped when it grows past 4,096 entries).
  const key = `${tokens}|${topK}|${experts}|${groups}|${alpha}|${redundant}`;
  const cached = BUSIEST_SHARE_MEMO.get(key);
  if (cached !== undefined) return cached;
  const share = powerLawBusiestShareUncached(tokens, topK, experts, groups, alpha, redundant);
  if (BUSIEST_SHARE_MEMO.size >= 4096) BUSIEST_SHARE_MEMO.clear();
  BUSIEST_SHARE_MEMO.set(key, share);
  return share;
}

const BUSIEST_SHARE_MEMO = new Map<string, number>();

function powerLawBusiestShareUncached(
  tokens: number,
  topK: number,
  experts: number,
  groups: number,
  alpha: number,
  redundant: number,
): number {
  const pairs = tokens * topK;
  const lo = pairs > experts ? 1 : 0.01;
  const hi = pairs > experts ? Math.max(lo * 1.000001, 0.8 * tokens) : 2;
  const e1 = 1 - alpha;
  const a = Math.abs(e1) < 1e-9 ? 0 : hi ** e1 - lo ** e1;
  const b = Math.abs(e1) < 1e-9 ? 0 : lo ** e1;
  const weights = new Float64Array(experts);
  let sum = 0;
  for (let i = 0; i < experts; i++) {
    const u = (i + 0.5) / experts;
    // alpha = 1 is the log-uniform limit of the inverse CDF.
    const x = Math.abs(e1) < 1e-9 ? lo * (hi / lo) ** u : (a * u + b) ** (1 / e1);
    weights[i] = x;
    sum += x;
  }
  const scale = pairs / sum;
  // Loads per slot: a token picks an expert once (cap at tokens); EPLB gives each extra replica to the expert
  // with the highest load per replica, and the replicas share that expert's load.
  // (the spread below uses the uncapped loads, as the distribution's own variance).
  const replicas = new Float64Array(experts).fill(1);
  for (let i = 0; i < experts; i++) weights[i] = (weights[i] ?? 0) * scale;
  for (let r = 0; r < redundant; r++) {
    let hot = 0;
    for (let i = 1; i < experts; i++) {
      const load = Math.min(weights[i] ?? 0, tokens) / (replicas[i] ?? 1);
      if (load > Math.min(weights[hot] ?? 0, tokens) / (replicas[hot] ?? 1)) hot = i;
    }
    replicas[hot] = (replicas[hot] ?? 1) + 1;
  }
  const slots = experts + redundant;
  let hottest = 0;
  let sumSq = 0;
  for (let i = 0; i < experts; i++) {
    const perSlot = (weights[i] ?? 0) / (replicas[i] ?? 1);
    hottest = Math.max(hottest, Math.min(weights[i] ?? 0, tokens) / (replicas[i] ?? 1));
    sumSq += (replicas[i] ?? 1) * perSlot * perSlot;
  }
  const mean = pairs / slots;
  const variance = Math.max(0, sumSq / slots - mean * mean);
  const perGroup = slots / groups;
  const groupMean = pairs / groups;
  const others = ((pairs - hottest) / (slots - 1)) * (perGroup - 1);
  const hotGroup = hottest + others;
  const sigma = Math.sqrt((perGroup * variance * (slots - perGroup)) / (slots - 1));
  const gaussian = groupMean + sigma * Math.sqrt(2 * Math.log(groups));
  return Math.max(1, Math.max(hotGroup, gaussian) / groupMean);
}

/**
 * Smooth roofline: the p-norm of the memory and compute times (p = 2 by default; p -> infinity is the sharp
 * max). Far from the ridge point it equals the larger time; at the ridge a kernel pays sqrt(2) x, because
 * it cannot stream its operands and keep the tensor cores busy at full rate at once.
 */
function roof(memorySeconds: number, computeSeconds: number, p: number): number {
  if (!Number.isFinite(p)) return Math.max(memorySeconds, computeSeconds);
  const big = Math.max(memorySeconds, computeSeconds);
  if (big <= 0) return 0;
  const a = memorySeconds / big;
  const b = computeSeconds / big;
  return big * (a ** p + b ** p) ** (1 / p);
}

/**
 * One engine iteration of an instance: `decodeSequences` sequences each produce `tokensPerSequence` query
 * tokens (1, or 1 + drafts with speculative decoding) against `decodeContext` cached tokens, and
 * `prefillTokens` prompt tokens are prefilled (chunked) against an average context of `prefillContext`.
 *
 * Per GPU and per op class, time = ||(bytes / achievable bandwidth, FLOPs / achievable FLOP/s)||_p (a smooth
 * roofline; p = `rooflineExponent`, infinity = the sharp max of LLM-Viewer and GenZ), summed over op classes
 * (kernels run one after another). Routed-expert reads count only the experts that receive a token:
 * E x (1 - (1 - k/E)^tokens); routed-expert FLOPs count each expert's rows padded to the grouped-GEMM tile
 * plus the busiest EP GPU's excess over the mean. Communication: two all-reduces of tokens x h BF16 per layer
 * under TP (ring: 2 (n-1)/n of the bytes over the bus); EP dispatch (FP8) and combine (BF16) per MoE layer
 * over the scale-up domain, or scale-out when the group spans domains: k copies of each token with
 * all-to-all, every token of the EP group with all-gather + reduce-scatter; hidden behind compute when
 * `microBatchOverlap`. Pipeline stages run `pp`
 * micro-batches per iteration.
 *
 * Attention data parallelism: decode sequences spread evenly over the DP ranks, but a prompt's prefill runs on
 * the one rank that owns the request, and every rank waits for the busiest at each MoE layer's exchange. The
 * busiest rank's prefill is `prefillBusiestRankTokens` when the caller knows it (whole prompts admitted), else
 * max(prefill / ranks, min(prefill, one chunk)) with `prefillChunkTokens` as the chunk (a chunk smaller than
 * the prefill of an iteration on average stalls the whole EP group while one rank runs it).
 *
 * @internal
 * @param terms - serving terms
 * @param hw - achievable rates
 * @param layout - the instance layout
 * @param efficiency - efficiency factors
 * @param decodeSequences - sequences decoding in this iteration
 * @param tokensPerSequence - query tokens per decoding sequence
 * @param decodeContext - mean cached tokens each decoding sequence attends to
 * @param prefillTokens - prompt tokens prefilled in this iteration
 * @param prefillContext - mean context a prefilled token attends to
 * @param out - the breakdown to fill (reused)
 * @returns `out`
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY, resolveAccelerator, resolveServingArchitecture } from "@aifactory/workloads";
 * import { createIterationBreakdown, iterationTime, servingHardware, servingTerms
 *   } from "@aifactory/workloads/internal";
 * const terms = servingTerms(resolveServingArchitecture("llama-3.1-8b"), "fp8", "fp8");
 * const hw = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
 * const layout = { tp: 1, pp: 1, ep: 1, attentionDp: false, microBatchOverlap: false };
 * iterationTime(terms, hw, layout, DEFAULT_INFERENCE_EFFICIENCY, 64, 1, 1000, 0, 0,
 *   createIterationBreakdown()).iterationSeconds > 0; // true
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function iterationTime(
  terms: ServingTerms,
  hw: ServingHardware,
  layout: ServingLayout,
  efficiency: InferenceEfficiency,
  decodeSequences: number,
  tokensPerSequence: number,
  decodeContext: number,
  prefillTokens: number,
  prefillContext: number,
  out: IterationBreakdown,
  paddedDecodeSequences: number = decodeSequences,
  prefillChunkTokens = 0,
  prefillBusiestRankTokens?: number,
): IterationBreakdown {
  const { tp, pp, ep } = layout;
  const micro = pp;
  const seqs = decodeSequences / micro;
  const prefill = prefillTokens / micro;
  // Linear layers, routing and communication run on the padded batch (CUDA-graph padding); attention on the real one.
  const decodeTokens = (Math.max(paddedDecodeSequences, decodeSequences) / micro) * tokensPerSequence;
  const groupTokens = decodeTokens + prefill;
  const dpWays = layout.attentionDp ? tp : 1;
  const denseShard = layout.attentionDp ? 1 : tp;
  // The busiest attention-DP rank's prefill (see above); the whole instance's without attention DP.
  const prefillRank =
    dpWays > 1
      ? Math.min(
          prefill,
          prefillBusiestRankTokens !== undefined
            ? Math.max(prefill / dpWays, prefillBusiestRankTokens / micro)
            : Math.max(prefill / dpWays, Math.min(prefill, prefillChunkTokens / micro)),
        )
      : prefill;
  const gpuTokens = decodeTokens / dpWays + prefillRank;
  const bytesPerParam = terms.weightBytesPerParam;
  const layersPerStage = terms.layers / pp;
  const denseLayersPerStage = terms.denseLayers / pp;
  const moeLayersPerStage = terms.moeLayers / pp;
  const mem = hw.memoryBytesPerSecond;
  const p = efficiency.rooflineExponent;
  const sources = out.kernelSources;
  sources.gemm = "measured";
  sources.moe = "measured";
  sources.attention = "measured";
  sources.collective = "measured";
  const table = TABLE_TIMES;
  const headTokensForTable = (Math.max(paddedDecodeSequences, decodeSequences) / micro / dpWays) * tokensPerSequence;
  if (hw.kernels !== undefined) {
    tableTimes(
      terms,
      hw,
      layout,
      efficiency,
      hw.kernels,
      gpuTokens,
      groupTokens,
      headTokensForTable,
      seqs / dpWays,
      tokensPerSequence,
      decodeContext,
      prefillRank,
      prefillContext,
      out,
      table,
    );
  } else {
    table.fill(Number.NaN);
  }
  if (Number.isNaN(table[0] ?? Number.NaN) || Number.isNaN(table[2] ?? Number.NaN)) sources.gemm = "analytic";
  if (Number.isNaN(table[1] ?? Number.NaN)) sources.moe = "analytic";
  if (Number.isNaN(table[3] ?? Number.NaN)) sources.attention = "analytic";
  if (Number.isNaN(table[5] ?? Number.NaN) && Number.isNaN(table[6] ?? Number.NaN)) sources.collective = "analytic";

  // Dense part: attention projections on every layer, dense FFN, router + shared experts.
  const denseParams =
    (layersPerStage * terms.attentionParams +
      denseLayersPerStage * terms.denseFfnParams +
      moeLayersPerStage * terms.moeSharedParams) /
    denseShard;
  const denseMatmul = Number.isNaN(table[0] ?? Number.NaN)
    ? roof((denseParams * bytesPerParam) / mem, (2 * gpuTokens * denseParams) / hw.matmulFlops, p)
    : (table[0] ?? 0);

  // Routed experts: only touched experts are read; each touched expert's GEMM rows are padded to the kernel
  // tile; the GPU holding the most routed tokens bounds the layer.
  let expertMatmul = 0;
  if (!Number.isNaN(table[1] ?? Number.NaN)) {
    expertMatmul = table[1] ?? 0;
  } else if (moeLayersPerStage > 0 && terms.experts > 0) {
    const touched = 1 - (1 - terms.topK / terms.experts) ** groupTokens;
    const redundant = layout.redundantExperts ?? 0;
    const routedParamsPerGpu = (moeLayersPerStage * (terms.experts + redundant) * terms.expertParams) / tp;
    const pairs = groupTokens * terms.topK;
    // Padded rows, plus the busiest GPU's excess over the mean (non-decreasing in tokens).
    const rows = paddedExpertRows(groupTokens, terms.topK, terms.experts, efficiency.expertTileRows);
    const skew = powerLawBusiestShare(
      groupTokens,
      terms.topK,
      terms.experts,
      ep,
      efficiency.moeRoutingSkewAlpha,
      redundant,
    );
    const excess = (Math.max(busiestShare(pairs, ep), skew) - 1) * pairs;
    const flops = (2 * (rows + excess) * terms.expertParams * moeLayersPerStage) / tp;
    expertMatmul = roof((touched * routedParamsPerGpu * bytesPerParam) / mem, flops / hw.matmulFlops, p);
  }

  // Output head (last stage; vocabulary split over tp): logits for decode tokens only.
  // Under attention-DP the embedding and the head are replicated (TensorRT-LLM: `enable_lm_head_tp_in_adp` off by
  // default): every GPU reads the whole head for its own tokens.
  const headTokens = (Math.max(paddedDecodeSequences, decodeSequences) / micro / dpWays) * tokensPerSequence;
  const headParams = terms.headParams / denseShard;
  const head = Number.isNaN(table[2] ?? Number.NaN)
    ? roof((headParams * 2) / mem, (2 * headTokens * headParams) / hw.bf16MatmulFlops, p)
    : (table[2] ?? 0);

  // Decode attention: read every cached token's KV once per iteration.
  const headShard = layout.attentionDp ? 1 : tp;
  const kvShard = layout.attentionDp ? 1 : Math.min(tp, terms.kvShardLimit);
  const full = terms.fullAttentionShare;
  const effectiveDecodeContext = full * decodeContext + (1 - full) * Math.min(decodeContext, terms.windowTokens);
  const gpuSeqs = seqs / dpWays;
  const kvBytes = (gpuSeqs * effectiveDecodeContext * terms.kvBytesPerTokenLayer * layersPerStage) / kvShard;
  const decodeFlops =
    (gpuSeqs * tokensPerSequence * effectiveDecodeContext * terms.decodeAttentionFlopsPerContext * layersPerStage) /
    headShard;
  const decodeAttention = Number.isNaN(table[3] ?? Number.NaN)
    ? roof(kvBytes / mem, decodeFlops / hw.attentionFlops, p)
    : (table[3] ?? 0);

  // Prefill attention: each chunk token against its mean context.
  const effectivePrefillContext = full * prefillContext + (1 - full) * Math.min(prefillContext, terms.windowTokens);
  const prefillFlops =
    (prefillRank * effectivePrefillContext * terms.prefillAttentionFlopsPerContext * layersPerStage) / headShard;
  const prefillAttention = Number.isNaN(table[4] ?? Number.NaN) ? prefillFlops / hw.attentionFlops : (table[4] ?? 0);

  const elementwise =
    (gpuTokens * layersPerStage * (terms.elementwiseReplicatedBytes + terms.elementwiseShardedBytes / denseShard)) /
    mem;

  // Communication.
  let communication = 0;
  const activationBytes = gpuTokens * terms.hiddenSize * 2;
  if (!Number.isNaN(table[5] ?? Number.NaN)) {
    communication += table[5] ?? 0;
  } else if (!layout.attentionDp && tp > 1) {
    const rate = tp <= hw.scaleUpDomainSize ? hw.scaleUpBytesPerSecond : hw.scaleOutBytesPerSecond;
    const perAllReduce =
      efficiency.collectiveLatencySeconds + (activationBytes * busBandwidthFactor("all-reduce", tp)) / rate;
    communication += 2 * layersPerStage * perAllReduce;
  }
  if (!Number.isNaN(table[6] ?? Number.NaN)) {
    communication += table[6] ?? 0;
  } else if (moeLayersPerStage > 0 && ep > 1) {
    const rate = ep <= hw.scaleUpDomainSize ? hw.scaleUpBytesPerSecond : hw.scaleOutBytesPerSecond;
    // Dispatch in FP8 (h bytes) and combine in BF16 (2h bytes); (ep-1)/ep of it crosses GPUs. All-to-all moves
    // the topK copies of this GPU's tokens; all-gather + reduce-scatter (attention-DP only) moves every token
    // of the EP group through every GPU.
    const allgather = layout.attentionDp && layout.moeDispatch === "allgather";
    const moved = allgather ? (groupTokens / dpWays) * Math.min(dpWays, ep) : gpuTokens * terms.topK;
    const bytes = (moved * terms.hiddenSize * 3 * (ep - 1)) / ep;
    const fabric =
      ep <= hw.scaleUpDomainSize ? 1 : allToAllFabricFactor(Math.ceil(ep / hw.scaleUpDomainSize), hw.scaleOutFabric);
    communication += moeLayersPerStage * (2 * efficiency.collectiveLatencySeconds + (bytes / rate) * fabric);
  }
  if (pp > 1) {
    const rate = tp * pp <= hw.scaleUpDomainSize ? hw.scaleUpBytesPerSecond : hw.scaleOutBytesPerSecond;
    communication += efficiency.collectiveLatencySeconds + activationBytes / rate;
  }
  const compute = denseMatmul + expertMatmul + head + decodeAttention + prefillAttention + elementwise;
  const exposedCommunication = layout.microBatchOverlap ? Math.max(0, communication - compute) : communication;
  const stage = compute + exposedCommunication;

  out.denseMatmulSeconds = denseMatmul * micro;
  out.expertMatmulSeconds = expertMatmul * micro;
  out.headSeconds = head * micro;
  out.decodeAttentionSeconds = decodeAttention * micro;
  out.prefillAttentionSeconds = prefillAttention * micro;
  out.elementwiseSeconds = elementwise * micro;
  out.communicationSeconds = exposedCommunication * micro;
  out.overheadSeconds = efficiency.stepOverheadSeconds;
  out.iterationSeconds = stage * micro + efficiency.stepOverheadSeconds;
  return out;
}
