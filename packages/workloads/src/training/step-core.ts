import {
  createKernelResult,
  type GemmDtype,
  type KernelIndex,
  type KernelRoofline,
  type KernelSource,
  lookupCollective,
  lookupDeepEp,
  lookupGemm,
} from "@aifactory/kernels";
import {
  allToAllFabricFactor,
  type GroupPlacement,
  hierarchicalCollectiveTimeSeconds,
  type LinkLevel,
  placeGroup,
} from "../collectives/collective-time";
import { busiestShare, powerLawBusiestShare } from "../inference/serving-iteration";
import { type KernelSources, type KernelTablesOption, resolveKernelIndex } from "../kernels/kernel-option";
import { type AcceleratorSpec, acceleratorMemoryBytes, leafGroupFabric } from "./accelerator-spec";
import { matmulEfficiencyRatio, type TrainingEfficiency } from "./efficiency";
import type { ArchitectureTerms } from "./model-terms";

/**
 * Accelerator-derived constants of the step model (per precision and efficiency set).
 *
 * @internal
 * @example
 * ```ts
 * import { DEFAULT_TRAINING_EFFICIENCY } from "@aifactory/workloads";
 * import { type HardwareTerms, hardwareTerms } from "@aifactory/workloads/internal";
 * const a100 = { id: "a100", denseTflops: { bf16: 312 }, memoryGB: 80, memoryBandwidthGBps: 2039,
 *   scaleUp: { bandwidthGBpsPerDirection: 300, scaleUpDomainSize: 8 } };
 * const hw: HardwareTerms = hardwareTerms(a100, DEFAULT_TRAINING_EFFICIENCY, false);
 * ```
 * @since 0.1.0
 * @category Training
 */
export interface HardwareTerms {
  /** Peak FLOP/s of the GEMM precision. */
  matmulPeakFlops: number;
  /** Peak FLOP/s of 16-bit (attention products run in bf16 also in FP8 recipes). */
  bf16PeakFlops: number;
  matmulFlopsPerSecond: number;
  /** Achievable 16-bit GEMM FLOP/s (unfused attention products run as batched bf16 GEMMs). */
  bf16MatmulFlopsPerSecond: number;
  attentionFlopsPerSecond: number;
  memoryBytesPerSecond: number;
  /** Fixed cost of one kernel (launch and tail), seconds. */
  kernelOverheadSeconds: number;
  /** Compute slowdown per second of communication hidden behind it. */
  overlapSlowdownRatio: number;
  /** Achievable host-link bandwidth per direction (0 when the accelerator gives none), B/s. */
  hostLinkBytesPerSecond: number;
  peakMemoryBytesPerSecond: number;
  scaleUp: LinkLevel;
  scaleOut: LinkLevel;
  scaleUpDomainSize: number;
  capacityBytes: number;
  /** Measured kernel tables of the accelerator (undefined: the analytic path). */
  kernels: KernelIndex | undefined;
  /** GEMM table precision (`fp8` per-tensor scaling for FP8 recipes, else `bf16`). */
  gemmDtype: GemmDtype;
  /** Achievable rates for the kernel lookups' analytic fallback and anchoring. */
  matmulRoofline: KernelRoofline;
  bf16Roofline: KernelRoofline;
  scaleUpRoofline: KernelRoofline;
  /** Power-law skew of learned MoE routing (see the efficiency set's `moeRoutingSkewAlpha`). */
  moeRoutingSkewAlpha: number;
  /** Memo of per-layer GEMM times by (architecture, tokens, tp, ep): searches revisit few distinct shapes. */
  gemmCache: WeakMap<ArchitectureTerms, Map<number, Float64Array>>;
}

/**
 * Precomputes {@link HardwareTerms}.
 *
 * @internal
 * @param accelerator - accelerator figures
 * @param efficiency - efficiency factors
 * @param fp8 - whether GEMMs run in FP8
 * @returns the terms
 * @example
 * ```ts
 * import { DEFAULT_TRAINING_EFFICIENCY } from "@aifactory/workloads";
 * import { hardwareTerms } from "@aifactory/workloads/internal";
 * const a100 = { id: "a100", denseTflops: { bf16: 312 }, memoryGB: 80, memoryBandwidthGBps: 2039,
 *   scaleUp: { bandwidthGBpsPerDirection: 300, scaleUpDomainSize: 8 }, scaleOutGbitpsPerAccelerator: 200 };
 * hardwareTerms(a100, DEFAULT_TRAINING_EFFICIENCY, false).matmulPeakFlops; // 3.12e14
 * ```
 * @since 0.1.0
 * @category Training
 */
export function hardwareTerms(
  accelerator: AcceleratorSpec,
  efficiency: TrainingEfficiency,
  fp8: boolean,
  kernels: KernelTablesOption = "builtin",
): HardwareTerms {
  const bf16 = (accelerator.denseTflops.bf16 ?? accelerator.denseTflops.fp16 ?? 0) * 1e12;
  const fp8Peak = (accelerator.denseTflops.fp8 ?? 0) * 1e12;
  const matmulPeak = fp8 ? fp8Peak : bf16;
  const matmulRatio = matmulEfficiencyRatio(accelerator.id, fp8, efficiency);
  const bf16MatmulRatio = matmulEfficiencyRatio(accelerator.id, false, efficiency);
  const upGBps = accelerator.scaleUp.scaleUpDomainSize > 1 ? accelerator.scaleUp.bandwidthGBpsPerDirection : 0;
  const outGBps = (accelerator.scaleOutGbitpsPerAccelerator ?? 0) / 8;
  // A missing level falls back to the other one so that a time is still finite (warned about by the caller).
  const upBus = (upGBps > 0 ? upGBps : outGBps > 0 ? outGBps : 1) * efficiency.scaleUpBusBandwidthRatio;
  const outBus = (outGBps > 0 ? outGBps : upGBps > 0 ? upGBps : 1) * efficiency.scaleOutBusBandwidthRatio;
  const memoryBytesPerSecond = accelerator.memoryBandwidthGBps * 1e9 * efficiency.memoryBandwidthRatio;
  return {
    kernels: resolveKernelIndex(kernels, accelerator.id),
    gemmDtype: fp8 ? "fp8" : "bf16",
    matmulRoofline: { flopsPerSecond: matmulPeak * matmulRatio, memoryBytesPerSecond },
    bf16Roofline: { flopsPerSecond: bf16 * bf16MatmulRatio, memoryBytesPerSecond },
    scaleUpRoofline: {
      flopsPerSecond: 1,
      memoryBytesPerSecond,
      busBytesPerSecond: upBus * 1e9,
      latencySeconds: efficiency.scaleUpStepLatencySeconds,
    },
    gemmCache: new WeakMap(),
    moeRoutingSkewAlpha: efficiency.moeRoutingSkewAlpha,
    matmulPeakFlops: matmulPeak,
    bf16PeakFlops: bf16,
    matmulFlopsPerSecond: matmulPeak * matmulRatio,
    bf16MatmulFlopsPerSecond: bf16 * bf16MatmulRatio,
    attentionFlopsPerSecond: bf16 * efficiency.attentionRatio,
    memoryBytesPerSecond: accelerator.memoryBandwidthGBps * 1e9 * efficiency.memoryBandwidthRatio,
    kernelOverheadSeconds: efficiency.kernelOverheadSeconds,
    overlapSlowdownRatio: efficiency.overlapSlowdownRatio,
    hostLinkBytesPerSecond: (accelerator.hostLinkGBps ?? 0) * 1e9 * efficiency.memoryBandwidthRatio,
    peakMemoryBytesPerSecond: accelerator.memoryBandwidthGBps * 1e9,
    scaleUp: { busBandwidthGBps: upBus, stepLatencySeconds: efficiency.scaleUpStepLatencySeconds },
    scaleOut: {
      busBandwidthGBps: outBus,
      stepLatencySeconds: efficiency.scaleOutStepLatencySeconds,
      fabric: leafGroupFabric(accelerator),
    },
    scaleUpDomainSize: accelerator.scaleUp.scaleUpDomainSize,
    capacityBytes: acceleratorMemoryBytes(accelerator),
  };
}

/**
 * A configuration in numbers (what the search loop fills in place).
 *
 * @internal
 * @example
 * ```ts
 * import { trainingConfigSchema } from "@aifactory/workloads";
 * import { type NumericConfig, toNumericConfig } from "@aifactory/workloads/internal";
 * const c: NumericConfig = toNumericConfig(trainingConfigSchema.parse({ acceleratorCount: 8, globalBatch: 8, sequenceTokens: 4096 }));
 * ```
 * @since 0.1.0
 * @category Training
 */
export interface NumericConfig {
  tp: number;
  pp: number;
  vpp: number;
  cp: number;
  ep: number;
  /** Expert tensor parallelism (parallel folding: etp x ep x expert-dp = tp x cp x dp). */
  etp: number;
  dp: number;
  zeroStage: number;
  sequenceParallel: boolean;
  microBatch: number;
  globalBatch: number;
  sequenceTokens: number;
  /** 0 none, 1 selective, 2 full. */
  recompute: number;
  fp8: boolean;
  flashAttention: boolean;
  offloadOptimizer: boolean;
  overlapDataParallel: boolean;
  overlapTensorParallel: boolean;
  overlapContextParallel: boolean;
  overlapExpertParallel: boolean;
  overlapPipeline: boolean;
  /** MoE token dispatcher: 0 all-to-all (default), 1 all-gather, 2 DeepEP (flex). See {@link MOE_DISPATCHER_CODES}. */
  moeDispatcher?: number;
  /** Node-limited routing: a token's experts on at most this many nodes (0 or absent: unlimited). */
  moeMaxNodesPerToken?: number;
  /** Forced uniform routing (`--moe-router-force-load-balancing`); absent or false: learned routing. */
  moeForcedBalance?: boolean;
  /** Expert capacity as a multiple of the even share (0 or absent: dropless). */
  moeCapacityFactor?: number;
  /** Pad every expert's input to its capacity. */
  moePadToCapacity?: boolean;
  /** DeepSeek's DualPipe schedule instead of (interleaved) 1F1B. */
  dualPipe?: boolean;
  /** Multi-token-prediction layers on the last stage. */
  mtpLayers?: number;
  /** Selective-recompute modules as a bit set of {@link RECOMPUTE_MODULE_BITS}; absent: `core_attn` only. */
  recomputeModules?: number;
  /** Adam moments in bf16 (precision-aware optimizer) instead of fp32. */
  bf16OptimizerMoments?: boolean;
  /** FP8 primary weights (FP8 only, no bf16 copy; gathered in FP8). */
  fp8PrimaryWeights?: boolean;
  /** FP8 recipes also store the experts' SwiGLU inputs in FP8 (DeepSeek-V3). */
  fp8SwigluInputs?: boolean;
}

/**
 * Codes of the MoE token dispatchers in {@link NumericConfig}.
 *
 * @internal
 * @example
 * ```ts
 * import { MOE_DISPATCHER_CODES } from "@aifactory/workloads/internal";
 * MOE_DISPATCHER_CODES.deepep; // 2
 * ```
 * @since 0.5.0
 * @category Training
 */
export const MOE_DISPATCHER_CODES = Object.freeze({ alltoall: 0, allgather: 1, deepep: 2 } as const);

/**
 * Bits of the selective-recompute modules in {@link NumericConfig}.
 *
 * @internal
 * @example
 * ```ts
 * import { RECOMPUTE_MODULE_BITS } from "@aifactory/workloads/internal";
 * RECOMPUTE_MODULE_BITS.core_attn | RECOMPUTE_MODULE_BITS.moe_act; // 5
 * ```
 * @since 0.5.0
 * @category Training
 */
export const RECOMPUTE_MODULE_BITS = Object.freeze({
  core_attn: 1,
  layernorm: 2,
  moe_act: 4,
  mla_up_proj: 8,
  mlp: 16,
  shared_experts: 32,
  moe: 64,
} as const);

/**
 * Every number the step model produces, written in place (one object reused across a search).
 *
 * @internal
 * @example
 * ```ts
 * import { type StepNumbers, createStepNumbers } from "@aifactory/workloads/internal";
 * const scratch: StepNumbers = createStepNumbers();
 * ```
 * @since 0.1.0
 * @category Training
 */
export interface StepNumbers {
  stepTimeSeconds: number;
  microbatches: number;
  microbatchSeconds: number;
  matmulSeconds: number;
  attentionSeconds: number;
  elementwiseSeconds: number;
  recomputeSeconds: number;
  logitsSeconds: number;
  tensorParallelSeconds: number;
  contextParallelSeconds: number;
  expertParallelSeconds: number;
  /** Multi-token-prediction layers and their output head (last stage), one microbatch. */
  mtpSeconds: number;
  /** Busiest EP rank's routed-expert load over the even share (1 = balanced). */
  moeLoadRatio: number;
  /** Share of token-expert copies dropped by the capacity factor (estimate). */
  moeDroppedShare: number;
  pipelineCommSeconds: number;
  pipelineBubbleSeconds: number;
  dataParallelSeconds: number;
  dataParallelTotalSeconds: number;
  optimizerSeconds: number;
  overlapInterferenceSeconds: number;
  modelFlopsPerStep: number;
  hardwareFlopsPerStep: number;
  weightsBytes: number;
  gradientsBytes: number;
  optimizerBytes: number;
  activationsBytes: number;
  buffersBytes: number;
  /** MoE dispatch buffers (sent and received token copies, or the gathered tokens) inside `buffersBytes`. */
  moeBuffersBytes: number;
  totalBytes: number;
}

/**
 * A fresh, zeroed {@link StepNumbers}.
 *
 * @internal
 * @returns zeroed numbers
 * @example
 * ```ts
 * import { createStepNumbers } from "@aifactory/workloads/internal";
 * createStepNumbers().stepTimeSeconds; // 0
 * ```
 * @since 0.1.0
 * @category Training
 */
export function createStepNumbers(): StepNumbers {
  return {
    stepTimeSeconds: 0,
    microbatches: 0,
    microbatchSeconds: 0,
    matmulSeconds: 0,
    attentionSeconds: 0,
    elementwiseSeconds: 0,
    recomputeSeconds: 0,
    logitsSeconds: 0,
    tensorParallelSeconds: 0,
    contextParallelSeconds: 0,
    expertParallelSeconds: 0,
    mtpSeconds: 0,
    moeLoadRatio: 1,
    moeDroppedShare: 0,
    pipelineCommSeconds: 0,
    pipelineBubbleSeconds: 0,
    dataParallelSeconds: 0,
    dataParallelTotalSeconds: 0,
    optimizerSeconds: 0,
    overlapInterferenceSeconds: 0,
    modelFlopsPerStep: 0,
    hardwareFlopsPerStep: 0,
    weightsBytes: 0,
    gradientsBytes: 0,
    optimizerBytes: 0,
    activationsBytes: 0,
    buffersBytes: 0,
    moeBuffersBytes: 0,
    totalBytes: 0,
  };
}

/** Bytes of 16-bit activations and gradients on the wire. */
const ACTIVATION_BYTES = 2;
/** Bytes per parameter: bf16 weights, fp32 main gradients, fp32 master weights + Adam m and v. */
const WEIGHT_BYTES = 2;
const GRADIENT_BYTES = 4;
const OPTIMIZER_BYTES = 12;
/** fp32 master weights + bf16 Adam m and v (precision-aware optimizer). */
const OPTIMIZER_BYTES_BF16_MOMENTS = 8;
/** Gradient reduction on the wire in bf16 (Megatron --grad-reduce-in-bf16, FSDP reduce_dtype = param dtype). */
const GRADIENT_WIRE_BYTES = 2;
/** Adam step HBM traffic per parameter: read master, grad, m, v (16 B), write master, m, v (12 B), bf16 copy (2 B). */
const OPTIMIZER_TRAFFIC_BYTES = 30;
/** The same with bf16 m and v: read 4 + 4 + 2 + 2, write 4 + 2 + 2, bf16 copy 2. */
const OPTIMIZER_TRAFFIC_BYTES_BF16_MOMENTS = 22;
/** CUDA context, NCCL buffers, cuBLAS workspace and allocator slack (estimate). */
const RUNTIME_RESERVE_BYTES = 3 * 2 ** 30;

const KERNEL_RESULT = createKernelResult();
/** Index of each slot of a cached per-layer GEMM entry. */
const ATTENTION_FWD = 0;
const ATTENTION_ALL = 1;
const DENSE_FWD = 2;
const DENSE_ALL = 3;
const MOE_FWD = 4;
const MOE_ALL = 5;
const LOGITS_FWD = 6;
const LOGITS_ALL = 7;
/** 1 when every lookup came from a measured table (measured, interpolated or anchored), 0 otherwise. */
const FROM_TABLES = 8;
/** One TP all-reduce of the microbatch's activations from the NCCL table (NaN when it does not apply). */
const TP_ALL_REDUCE = 9;
/** Rank of the most approximate GEMM source seen (0 measured .. 5 analytic), and of the TP all-reduce's. */
const GEMM_SOURCE_RANK = 10;
const TP_SOURCE_RANK = 11;
/** Routed experts alone (forward, all passes) and shared experts alone (forward), inside the MoE slots. */
const ROUTED_FWD = 12;
const ROUTED_ALL = 13;
const SHARED_FWD = 14;
const SHARED_ALL = 15;
const SOURCE_BY_RANK: readonly KernelSource[] = [
  "measured",
  "interpolated",
  "scaled",
  "extrapolated",
  "composed",
  "analytic",
];
const RANK_OF_SOURCE: Record<KernelSource, number> = {
  measured: 0,
  interpolated: 1,
  scaled: 2,
  extrapolated: 3,
  composed: 4,
  analytic: 5,
};
/** The most approximate source of the last {@link gemmPasses} call, as a rank. */
let passesSourceRank = 0;

/**
 * Forward and forward + backward time of one GEMM (M x K by K x N): the forward GEMM, the data gradient
 * (M x N by N x K) and the weight gradient (K x M by M x N). NaN when the table does not apply.
 */
function gemmPasses(hw: HardwareTerms, dtype: GemmDtype, m: number, n: number, k: number, out: Float64Array): void {
  const roofline = dtype === "bf16" ? hw.bf16Roofline : hw.matmulRoofline;
  const fwd = lookupGemm(hw.kernels, dtype, m, n, k, roofline, KERNEL_RESULT);
  let ok = fwd.source !== "analytic";
  let rank = RANK_OF_SOURCE[fwd.source];
  const forward = fwd.seconds;
  const dgrad = lookupGemm(hw.kernels, dtype, m, k, n, roofline, KERNEL_RESULT);
  ok = ok && dgrad.source !== "analytic";
  rank = Math.max(rank, RANK_OF_SOURCE[dgrad.source]);
  const dgradSeconds = dgrad.seconds;
  const wgrad = lookupGemm(hw.kernels, dtype, k, n, m, roofline, KERNEL_RESULT);
  ok = ok && wgrad.source !== "analytic";
  passesSourceRank = Math.max(rank, RANK_OF_SOURCE[wgrad.source]);
  out[0] = ok ? forward : Number.NaN;
  out[1] = ok ? forward + dgradSeconds + wgrad.seconds : Number.NaN;
}
const PASSES = new Float64Array(2);

/**
 * Per-layer GEMM times of one microbatch on one GPU from the measured tables (forward, and forward + both
 * gradients): attention projections, dense FFN, MoE layer (shared experts, router, routed experts with
 * balanced routing: each of the E/ep local experts receives tokens x topK x ep / E rows), and the output head.
 * Memoised per (architecture, tokens, tp, ep); slot FROM_TABLES is 0 when a table did not apply.
 */
function tableGemmTimes(
  t: ArchitectureTerms,
  hw: HardwareTerms,
  tokens: number,
  tp: number,
  ep: number,
  etp: number,
): Float64Array {
  let perArch = hw.gemmCache.get(t);
  if (perArch === undefined) {
    perArch = new Map();
    hw.gemmCache.set(t, perArch);
  }
  const key = ((tokens * 1024 + tp) * 1024 + ep) * 64 + etp;
  const cached = perArch.get(key);
  if (cached !== undefined) return cached;
  const out = new Float64Array(16);
  const dtype = hw.gemmDtype;
  const h = t.hiddenSize;
  let ok = true;
  const add = (fwdSlot: number, allSlot: number, m: number, n: number, k: number, times: number, gemm = dtype) => {
    if (!(m > 0 && n > 0 && k > 0 && times > 0)) return;
    gemmPasses(hw, gemm, m, n, k, PASSES);
    if (Number.isNaN(PASSES[0] ?? Number.NaN)) ok = false;
    out[GEMM_SOURCE_RANK] = Math.max(out[GEMM_SOURCE_RANK] ?? 0, passesSourceRank);
    out[fwdSlot] = (out[fwdSlot] ?? 0) + times * (PASSES[0] ?? 0);
    out[allSlot] = (out[allSlot] ?? 0) + times * (PASSES[1] ?? 0);
  };
  if (t.isMla) {
    add(ATTENTION_FWD, ATTENTION_ALL, tokens, t.attentionMatmulParams / tp / h, h, 1);
  } else {
    add(ATTENTION_FWD, ATTENTION_ALL, tokens, (t.queryWidth + t.keyValueWidth) / tp, h, 1);
    add(ATTENTION_FWD, ATTENTION_ALL, tokens, h, t.queryWidth / tp, 1);
  }
  const up = t.gatedFfn ? 2 : 1;
  if (t.denseLayers > 0) {
    add(DENSE_FWD, DENSE_ALL, tokens, (up * t.ffnHiddenSize) / tp, h, 1);
    add(DENSE_FWD, DENSE_ALL, tokens, h, t.ffnHiddenSize / tp, 1);
  }
  if (t.moeLayers > 0) {
    add(SHARED_FWD, SHARED_ALL, tokens, (up * t.sharedExpertWidth) / tp, h, 1);
    add(SHARED_FWD, SHARED_ALL, tokens, h, t.sharedExpertWidth / tp, 1);
    add(MOE_FWD, MOE_ALL, tokens, t.experts, h, 1, "bf16");
    // The EP group's ep x etp GPUs hold ep x etp x tokens / tp distinct tokens (sequence-parallel shards, gathered
    // over the expert-TP group); their top-k copies spread evenly over the E experts.
    const localExperts = t.experts / ep;
    const rows = (tokens * t.topK * ep * etp) / (tp * t.experts);
    add(ROUTED_FWD, ROUTED_ALL, rows, (up * t.expertFfnSize) / etp, h, localExperts);
    add(ROUTED_FWD, ROUTED_ALL, rows, h, t.expertFfnSize / etp, localExperts);
    out[MOE_FWD] = (out[MOE_FWD] ?? 0) + (out[SHARED_FWD] ?? 0) + (out[ROUTED_FWD] ?? 0);
    out[MOE_ALL] = (out[MOE_ALL] ?? 0) + (out[SHARED_ALL] ?? 0) + (out[ROUTED_ALL] ?? 0);
  }
  add(LOGITS_FWD, LOGITS_ALL, tokens, t.vocabSize / tp, h, 1);
  out[FROM_TABLES] = ok ? 1 : 0;
  out[TP_ALL_REDUCE] = Number.NaN;
  out[TP_SOURCE_RANK] = RANK_OF_SOURCE.analytic;
  if (tp > 1 && tp <= hw.scaleUpDomainSize) {
    const r = lookupCollective(
      hw.kernels,
      "all-reduce",
      tp,
      tokens * h * ACTIVATION_BYTES,
      hw.scaleUpRoofline,
      "nccl",
      KERNEL_RESULT,
    );
    if (r.source !== "analytic") out[TP_ALL_REDUCE] = r.seconds;
    out[TP_SOURCE_RANK] = RANK_OF_SOURCE[r.source];
  }
  perArch.set(key, out);
  return out;
}

/**
 * Which kernel sources a training step of this configuration uses: GEMMs from the measured tables when the
 * accelerator has a table of the GEMM precision; attention, elementwise and the optimizer analytic; TP
 * collectives inside one scale-up domain from the measured NCCL tables.
 *
 * @internal
 * @param t - architecture terms
 * @param hw - hardware terms
 * @param c - the configuration
 * @returns the source per kernel class
 * @example
 * ```ts
 * import { DEFAULT_TRAINING_EFFICIENCY, getArchitecture, resolveAccelerator } from "@aifactory/workloads";
 * import { architectureTerms, hardwareTerms, trainingKernelSources } from "@aifactory/workloads/internal";
 * const hw = hardwareTerms(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_TRAINING_EFFICIENCY, false);
 * trainingKernelSources(architectureTerms(getArchitecture("llama-3.1-8b")), hw, { tp: 2, cp: 1, ep: 1,
 *   microBatch: 1, sequenceTokens: 8192 }).gemm !== "analytic"; // true
 * ```
 * @since 0.4.0
 * @category Training
 */
export function trainingKernelSources(
  t: ArchitectureTerms,
  hw: HardwareTerms,
  c: Pick<NumericConfig, "tp" | "cp" | "ep" | "microBatch" | "sequenceTokens"> & { etp?: number },
): KernelSources {
  if (hw.kernels === undefined) {
    return { gemm: "analytic", moe: "analytic", attention: "analytic", collective: "analytic" };
  }
  const tokens = (c.microBatch * c.sequenceTokens) / c.cp;
  const entry = tableGemmTimes(t, hw, tokens, c.tp, c.ep, c.etp ?? c.tp);
  const fromTables = (entry[FROM_TABLES] ?? 0) === 1;
  const gemm = fromTables ? (SOURCE_BY_RANK[entry[GEMM_SOURCE_RANK] ?? 5] ?? "analytic") : "analytic";
  // Routed experts are built from the GEMM table (grouped GEMMs at the balanced rows per expert): composed.
  const moe: KernelSource = t.moeLayers > 0 && fromTables ? "composed" : "analytic";
  // The TP all-reduce from the NCCL table; the EP all-to-all and cross-domain collectives stay analytic.
  const collective: KernelSource =
    c.tp > 1 && c.ep === 1 ? (SOURCE_BY_RANK[entry[TP_SOURCE_RANK] ?? 5] ?? "analytic") : "analytic";
  return { gemm, moe, attention: "analytic", collective };
}

function groupTime(
  collective: "all-reduce" | "reduce-scatter" | "all-gather" | "all-to-all" | "send-recv",
  bytes: number,
  placement: GroupPlacement,
  hw: HardwareTerms,
): number {
  return hierarchicalCollectiveTimeSeconds(collective, bytes, placement, hw.scaleUp, hw.scaleOut);
}

/**
 * The step model's arithmetic: step time, its breakdown, FLOPs and memory, for a configuration that has
 * already been validated. Pure and allocation-free apart from `out`, so searches can call it in a tight loop.
 *
 * Sources of each term are in the methodology page: compute per op class (GEMM at `matmulRatio` of peak,
 * attention products at `attentionRatio`, elementwise traffic at `memoryBandwidthRatio` of HBM), TP/CP/EP/PP/DP
 * communication (α-β with nccl-tests bus-bandwidth factors, hierarchical placement in Megatron-LM's
 * tp-cp-ep-dp-pp order), the pipeline bubble (p-1)/v microbatch times (Narayanan et al. 2021), the Adam step
 * as HBM traffic, and memory per Korthikanti et al. 2022 and Megatron-LM's distributed-optimizer table.
 *
 * @internal
 * @param t - architecture terms
 * @param hw - hardware terms
 * @param c - the configuration
 * @param out - where the numbers go
 * @returns `out`
 * @example
 * ```ts
 * import { DEFAULT_TRAINING_EFFICIENCY, getArchitecture } from "@aifactory/workloads";
 * import { architectureTerms, createStepNumbers, evaluateStep, hardwareTerms } from "@aifactory/workloads/internal";
 * const a100 = { id: "a100", denseTflops: { bf16: 312 }, memoryGB: 80, memoryBandwidthGBps: 2039,
 *   scaleUp: { bandwidthGBpsPerDirection: 300, scaleUpDomainSize: 8 }, scaleOutGbitpsPerAccelerator: 200 };
 * const n = evaluateStep(architectureTerms(getArchitecture("gpt-3-175b")),
 *   hardwareTerms(a100, DEFAULT_TRAINING_EFFICIENCY, false),
 *   { tp: 8, pp: 8, vpp: 3, cp: 1, ep: 1, etp: 1, dp: 1, zeroStage: 0, sequenceParallel: true, microBatch: 1,
 *     globalBatch: 64, sequenceTokens: 2048, recompute: 1, fp8: false, flashAttention: false, offloadOptimizer: false,
 *     overlapDataParallel: false, overlapTensorParallel: false, overlapContextParallel: true,
 *     overlapExpertParallel: false, overlapPipeline: false }, createStepNumbers());
 * n.stepTimeSeconds > 0; // true
 * ```
 * @since 0.1.0
 * @category Training
 */
export function evaluateStep(t: ArchitectureTerms, hw: HardwareTerms, c: NumericConfig, out: StepNumbers): StepNumbers {
  const { tp, pp, vpp, cp, ep, dp } = c;
  const etp = c.etp ?? tp;
  const seq = c.sequenceTokens;
  const h = t.hiddenSize;
  const tokens = (c.microBatch * seq) / cp; // tokens of one microbatch on one GPU
  const sp = c.sequenceParallel && tp > 1;
  const dualPipe = c.dualPipe === true && pp > 1;
  const mtp = c.mtpLayers ?? 0;
  // Busiest stage: with an uneven split (layers not divisible by pp) some ranks hold one more layer.
  const layersPerStage = Math.ceil(t.layers / pp);
  const densePerStage = (layersPerStage * t.denseLayers) / t.layers;
  const moePerStage = (layersPerStage * t.moeLayers) / t.layers;
  const microbatches = c.globalBatch / (c.microBatch * dp);
  // Selective recompute modules (Megatron-Core --recompute-modules); core_attn alone by default.
  const mods = c.recompute === 1 ? (c.recomputeModules ?? RECOMPUTE_MODULE_BITS.core_attn) : 0;
  const recomputeMoe = (mods & RECOMPUTE_MODULE_BITS.moe) !== 0;

  // --- MoE routing: the busiest EP rank's load ---------------------------------------------------------------
  let moeLoadRatio = 1;
  let moeDroppedShare = 0;
  if (t.moeLayers > 0 && ep > 1) {
    // The EP group's ep x etp GPUs route ep x etp x tokens / tp distinct tokens per layer.
    const groupTokens = (tokens * ep * etp) / tp;
    const pairs = groupTokens * t.topK;
    const mean = pairs / ep;
    const sigma = Math.sqrt(mean * (1 - 1 / ep));
    let load = 1;
    if (c.moeForcedBalance !== true) {
      load = Math.max(
        busiestShare(pairs, ep),
        hw.moeRoutingSkewAlpha > 0
          ? powerLawBusiestShare(groupTokens, t.topK, t.experts, ep, hw.moeRoutingSkewAlpha)
          : 1,
      );
    }
    const capacity = c.moeCapacityFactor ?? 0;
    if (capacity > 0) {
      if (c.moePadToCapacity === true) load = capacity;
      else load = Math.min(load, capacity);
      if (c.moeForcedBalance !== true && sigma > 0) {
        // Expected excess over the capacity of a rank whose load fluctuates as N(mean, sigma): sigma phi(z) -
        // (capacity - 1) mean (1 - Phi(z)), z = (capacity - 1) mean / sigma (the power-law part left out).
        const z = ((capacity - 1) * mean) / sigma;
        const excess = sigma * normalPdf(z) - (capacity - 1) * mean * (1 - normalCdf(z));
        moeDroppedShare = Math.max(0, excess / mean);
      }
    }
    moeLoadRatio = load;
  }

  // --- compute, one microbatch, all layers of one stage -------------------------------------------------
  const causal = c.flashAttention ? 0.5 : 1; // flash kernels skip fully masked blocks; unfused kernels do not
  const context =
    (t.fullAttentionShare * seq + (1 - t.fullAttentionShare) * Math.min(t.windowTokens || seq, seq)) * causal;
  const routedExtra = (moeLoadRatio - 1) * t.routedExpertFlops; // the busiest rank's extra routed work
  const gemmFlopsFwd =
    (tokens *
      (layersPerStage * t.attentionMatmulFlops +
        densePerStage * t.denseFfnFlops +
        moePerStage * (t.moeFfnFlops + routedExtra))) /
    tp;
  const attnFlopsFwd = (tokens * layersPerStage * t.attentionCoreFlopsPerContext * context) / tp;
  const elemBytesFwd =
    tokens * layersPerStage * (t.elementwiseShardedBytes / tp + t.elementwiseReplicatedBytes / (sp ? tp : 1));
  // FP8 casts/transposes (forward + backward traffic, counted once here, not tripled below).
  const fp8CastSeconds = c.fp8 ? (tokens * layersPerStage * t.fp8CastBytes) / tp / hw.memoryBytesPerSecond : 0;
  const softmaxBytesFwd = c.flashAttention
    ? 0
    : tokens * layersPerStage * t.softmaxBytesPerContextPerHead * (t.attentionHeads / tp) * seq;
  const table = hw.kernels === undefined ? undefined : tableGemmTimes(t, hw, tokens, tp, ep, etp);
  const fromTables = table !== undefined && table[FROM_TABLES] === 1;
  const gemmFwd = fromTables
    ? layersPerStage * (table[ATTENTION_FWD] ?? 0) +
      densePerStage * (table[DENSE_FWD] ?? 0) +
      moePerStage * ((table[MOE_FWD] ?? 0) + (moeLoadRatio - 1) * (table[ROUTED_FWD] ?? 0))
    : gemmFlopsFwd / hw.matmulFlopsPerSecond;
  // Unfused score/context products are batched GEMMs (matmul efficiency); fused attention runs at its own.
  const attnFwd = attnFlopsFwd / (c.flashAttention ? hw.attentionFlopsPerSecond : hw.bf16MatmulFlopsPerSecond);
  const elemFwd = (elemBytesFwd + softmaxBytesFwd) / hw.memoryBytesPerSecond;
  const softmaxFwd = softmaxBytesFwd / hw.memoryBytesPerSecond;
  // Backward: 2x forward for GEMMs and elementwise; flash backward recomputes the scores (2.5x forward).
  const attnBwdFactor = c.flashAttention ? 2.5 : 2;
  const matmulSeconds = fromTables
    ? layersPerStage * (table[ATTENTION_ALL] ?? 0) +
      densePerStage * (table[DENSE_ALL] ?? 0) +
      moePerStage * ((table[MOE_ALL] ?? 0) + (moeLoadRatio - 1) * (table[ROUTED_ALL] ?? 0))
    : 3 * gemmFwd;
  const attentionSeconds = (1 + attnBwdFactor) * attnFwd;
  // MoE token permutation (Megatron-Core permute / unpermute around the dispatcher): every top-k copy on this
  // rank is read and written twice forward (2 x 2 x topK x h x 2 B per token) and once more backward.
  const permuteSeconds =
    moePerStage > 0 && ep > 1
      ? (2 * (tokens / (sp ? tp : 1)) * moePerStage * 8 * t.topK * h * moeLoadRatio) / hw.memoryBytesPerSecond
      : 0;
  const elementwiseSeconds = 3 * elemFwd + fp8CastSeconds + permuteSeconds;
  let recomputeSeconds = 0;
  let recomputeFlops = 0;
  if (c.recompute === 2) {
    recomputeSeconds = gemmFwd + attnFwd + elemFwd;
    recomputeFlops = gemmFlopsFwd + attnFlopsFwd / causal; // counted without causal halving, like model FLOPs
  } else if (mods !== 0) {
    if ((mods & RECOMPUTE_MODULE_BITS.core_attn) !== 0 && !c.flashAttention) {
      recomputeSeconds += attnFwd + softmaxFwd;
      recomputeFlops += attnFlopsFwd;
    }
    if ((mods & RECOMPUTE_MODULE_BITS.layernorm) !== 0) {
      // Two norms: read and write h elements each.
      recomputeSeconds += (tokens * layersPerStage * 8 * h) / (sp ? tp : 1) / hw.memoryBytesPerSecond;
    }
    if ((mods & RECOMPUTE_MODULE_BITS.mla_up_proj) !== 0 && t.mlaUpProjFlops > 0) {
      const flops = (tokens * layersPerStage * t.mlaUpProjFlops) / tp;
      recomputeSeconds += flops / hw.matmulFlopsPerSecond;
      recomputeFlops += flops;
    }
    if ((mods & RECOMPUTE_MODULE_BITS.mlp) !== 0 && densePerStage > 0) {
      const flops = (tokens * densePerStage * t.denseFfnFlops) / tp;
      recomputeSeconds += fromTables ? densePerStage * (table[DENSE_FWD] ?? 0) : flops / hw.matmulFlopsPerSecond;
      recomputeFlops += flops;
    }
    if (recomputeMoe && moePerStage > 0) {
      const flops = (tokens * moePerStage * (t.moeFfnFlops + routedExtra)) / tp;
      recomputeSeconds +=
        (fromTables
          ? moePerStage * ((table[MOE_FWD] ?? 0) + (moeLoadRatio - 1) * (table[ROUTED_FWD] ?? 0))
          : flops / hw.matmulFlopsPerSecond) +
        (tokens * moePerStage * t.moeActTrafficBytes) / tp / hw.memoryBytesPerSecond;
      recomputeFlops += flops;
    } else if (moePerStage > 0) {
      if ((mods & RECOMPUTE_MODULE_BITS.shared_experts) !== 0 && t.sharedExpertFlops > 0) {
        const flops = (tokens * moePerStage * t.sharedExpertFlops) / tp;
        recomputeSeconds += fromTables ? moePerStage * (table[SHARED_FWD] ?? 0) : flops / hw.matmulFlopsPerSecond;
        recomputeFlops += flops;
      }
      if ((mods & RECOMPUTE_MODULE_BITS.moe_act) !== 0) {
        recomputeSeconds += (tokens * moePerStage * t.moeActTrafficBytes * moeLoadRatio) / tp / hw.memoryBytesPerSecond;
      }
    }
  }
  // Output head and cross-entropy on the last stage (fp32 logits read/written about 4 times).
  const logitsFlopsFwd = (tokens * t.logitsFlops) / tp;
  const logitsSeconds =
    (fromTables ? (table[LOGITS_ALL] ?? 0) : (3 * logitsFlopsFwd) / hw.matmulFlopsPerSecond) +
    (tokens * (t.vocabSize / tp) * 16) / hw.memoryBytesPerSecond;
  const computeSeconds = matmulSeconds + attentionSeconds + elementwiseSeconds + recomputeSeconds;

  // --- communication inside a microbatch ------------------------------------------------------------------
  const tpPlace = placeGroup(tp, 1, hw.scaleUpDomainSize);
  const cpPlace = placeGroup(cp, tp, hw.scaleUpDomainSize);
  // Megatron-Core's expert rank order (parallel folding): etp innermost, then ep, then expert dp.
  const epPlace = placeGroup(ep, etp, hw.scaleUpDomainSize);
  const dpPlace = placeGroup(dp * cp, tp, hw.scaleUpDomainSize);
  const expertDp = (tp * cp * dp) / (etp * ep);
  const expertDpPlace = placeGroup(expertDp, etp * ep, hw.scaleUpDomainSize);
  const ppPlace = placeGroup(pp, tp * cp * dp, hw.scaleUpDomainSize);

  // Communication hidden behind compute still occupies SMs and HBM bandwidth (NCCL runs one thread block per
  // channel): it slows the compute it overlaps by overlapSlowdownRatio of its own duration.
  let hiddenPerMicrobatch = 0;
  let hiddenPerStep = 0;
  let tensorParallelSeconds = 0;
  if (tp > 1) {
    const bytes = tokens * h * ACTIVATION_BYTES;
    // Inside one scale-up domain, NCCL's measured all-reduce where the tables have it (= all-gather +
    // reduce-scatter with SP); else the hierarchical α-β model.
    const measured = table === undefined ? Number.NaN : (table[TP_ALL_REDUCE] ?? Number.NaN);
    const perCollective = Number.isNaN(measured) ? groupTime("all-reduce", bytes, tpPlace, hw) : measured;
    // 2 per layer forward, 2 backward, 2 more when the forward is recomputed; sequence parallelism all-gathers
    // the layer-norm outputs again in backward for the weight gradients (Korthikanti et al. 2022 s4.2.2): +1.
    const count = 4 + (c.recompute === 2 ? 2 : 0) + (sp ? 1 : 0);
    const total = layersPerStage * count * perCollective;
    tensorParallelSeconds = c.overlapTensorParallel ? Math.max(0, total - matmulSeconds) : total;
    hiddenPerMicrobatch += total - tensorParallelSeconds;
  }
  let contextParallelSeconds = 0;
  if (cp > 1) {
    const chunk = (tokens * t.kvExchangeElements * ACTIVATION_BYTES) / Math.min(tp, t.kvHeads);
    const step = groupTime(
      "send-recv",
      chunk,
      { ranks: 2, inner: cpPlace.outer > 1 ? 1 : 2, outer: cpPlace.outer > 1 ? 2 : 1 },
      hw,
    );
    const fwd = (cp - 1) * step * layersPerStage;
    const total = fwd * (3 + (c.recompute === 2 ? 1 : 0)); // backward sends K,V and dK,dV
    contextParallelSeconds = c.overlapContextParallel ? Math.max(0, total - attentionSeconds) : total;
    hiddenPerMicrobatch += total - contextParallelSeconds;
  }
  let expertParallelSeconds = 0;
  let moeBuffersBytes = 0;
  if (ep > 1 && moePerStage > 0) {
    // Tokens entering the dispatcher on this GPU (sequence-parallel shard), and their top-k copies.
    const tokensRank = tokens / (sp ? tp : 1);
    const copyBytes = tokensRank * t.topK * h * ACTIVATION_BYTES;
    const dispatcher = c.moeDispatcher ?? MOE_DISPATCHER_CODES.alltoall;
    let exchange: number; // one dispatch (a combine moves the same bytes back)
    if (dispatcher === MOE_DISPATCHER_CODES.allgather) {
      // Every rank gathers the EP group's tokens and reduce-scatters the outputs: load-independent.
      const gathered = tokensRank * h * ACTIVATION_BYTES * ep;
      exchange = groupTime("all-gather", gathered, epPlace, hw);
      moeBuffersBytes = 2 * gathered;
    } else if (dispatcher === MOE_DISPATCHER_CODES.deepep) {
      exchange = deepEpExchangeSeconds(t, hw, tokensRank, ep, epPlace, c.moeMaxNodesPerToken ?? 0) * moeLoadRatio;
      moeBuffersBytes = 2 * copyBytes * moeLoadRatio;
    } else {
      // NCCL all-to-all of every token-expert copy; the busiest rank receives moeLoadRatio x its share.
      exchange = groupTime("all-to-all", copyBytes * moeLoadRatio, epPlace, hw);
      moeBuffersBytes = 2 * copyBytes * moeLoadRatio;
    }
    // Dispatch + combine forward, their transposes backward, once more when the MoE forward is recomputed.
    const count = 4 + (c.recompute === 2 || recomputeMoe ? 2 : 0);
    const total = moePerStage * count * exchange;
    if (c.overlapExpertParallel || dualPipe) {
      // The forward of one microbatch runs with the backward of another (Megatron-Core's combined 1F1B,
      // DualPipe): per MoE layer, each of the four exchanges (dispatch and combine, forward and backward) runs
      // beside one compute block of the other microbatch (attention forward, MoE backward, MoE forward,
      // attention backward; DeepSeek-V3 report figure 4) and stays exposed where it outlasts it. The warm-up
      // forwards and cool-down backwards have no partner (rank 0's count of interleaved 1F1B).
      const layerCompute = computeSeconds / Math.max(1, layersPerStage);
      const moeCompute = fromTables
        ? (table[MOE_ALL] ?? 0) + (moeLoadRatio - 1) * (table[ROUTED_ALL] ?? 0)
        : (3 * tokens * (t.moeFfnFlops + routedExtra)) / tp / hw.matmulFlopsPerSecond;
      const attnCompute = Math.max(0, layerCompute - moeCompute);
      const perLayerExposed =
        Math.max(0, exchange - attnCompute / 3) +
        Math.max(0, exchange - (2 * attnCompute) / 3) +
        Math.max(0, exchange - moeCompute / 3) +
        Math.max(0, exchange - (2 * moeCompute) / 3);
      const overlapped = Math.min(total, moePerStage * (perLayerExposed + (count - 4) * exchange));
      const warmup = pp > 1 ? (vpp > 1 ? 2 * (pp - 1) + (vpp - 1) * pp : pp - 1) : 1;
      const unpaired = Math.min(1, warmup / (microbatches * vpp));
      expertParallelSeconds = unpaired * total + (1 - unpaired) * overlapped;
    } else {
      expertParallelSeconds = total;
    }
    hiddenPerMicrobatch += total - expertParallelSeconds;
  }

  // Fixed per-kernel cost (launch + tail): about 15 kernels per layer forward (norms, GEMMs, attention pieces,
  // fused bias-dropout-add, TP collectives), twice that backward, once more with full recomputation.
  const kernels = layersPerStage * (45 + (c.recompute === 2 ? 15 : 0));
  const kernelSeconds = kernels * hw.kernelOverheadSeconds;
  const layersSeconds =
    kernelSeconds + computeSeconds + tensorParallelSeconds + contextParallelSeconds + expertParallelSeconds;
  // Multi-token prediction (DeepSeek-V3): per MTP layer one more transformer layer (priced as this stage's
  // average layer), the 2h -> h projection and the output head again, on the last stage.
  let mtpSeconds = 0;
  if (mtp > 0) {
    const projection = (3 * 2 * tokens * 2 * h * h) / tp / hw.matmulFlopsPerSecond;
    mtpSeconds = mtp * (layersSeconds / layersPerStage + projection + logitsSeconds);
  }
  const microbatchSeconds = layersSeconds + logitsSeconds + mtpSeconds;

  // --- pipeline --------------------------------------------------------------------------------------------
  let pipelineBubbleSeconds = 0;
  let pipelineCommSeconds = 0;
  if (pp > 1) {
    if (dualPipe) {
      // DualPipe (DeepSeek-V3 report, table 2): (pp/2 - 1) x (F&B + B - 3W), with F&B a forward and a
      // backward chunk run together (F + B, their communication hidden), B the backward and W its weight part.
      const forward = microbatchSeconds / 3;
      const backward = (2 * microbatchSeconds) / 3;
      const weightGrad = matmulSeconds / 3;
      pipelineBubbleSeconds = (pp / 2 - 1) * Math.max(0, forward + 2 * backward - 3 * weightGrad);
    } else {
      pipelineBubbleSeconds = ((pp - 1) / vpp) * microbatchSeconds;
    }
    const bytes = (tokens * h * ACTIVATION_BYTES) / tp; // scatter-gather: each TP rank sends its 1/tp
    const p2p = groupTime(
      "send-recv",
      bytes,
      { ranks: 2, inner: ppPlace.outer > 1 ? 1 : 2, outer: ppPlace.outer > 1 ? 2 : 1 },
      hw,
    );
    const total = 2 * vpp * microbatches * p2p;
    // Overlapped: only the warm-up and cool-down transfers stay on the critical path.
    pipelineCommSeconds = c.overlapPipeline || dualPipe ? Math.min(total, 2 * (pp - 1) * p2p) : total;
    hiddenPerStep += total - pipelineCommSeconds;
  }

  // --- parameters and data parallelism -------------------------------------------------------------------
  // DualPipe keeps two stages' parameters on every rank (the two directions' copies).
  const copies = dualPipe ? 2 : 1;
  const mtpDense = mtp > 0 ? (mtp * t.mtpLayerDenseParams) / tp : 0;
  const mtpExpert = mtp > 0 ? (mtp * t.mtpLayerRoutedParams) / (etp * ep) : 0;
  const denseParamsStage =
    copies * ((densePerStage * t.denseLayerParams + moePerStage * t.moeLayerSharedParams) / tp) +
    (pp === 1 ? mtpDense : 0);
  const expertParamsStage = copies * ((moePerStage * t.moeLayerRoutedParams) / (etp * ep)) + (pp === 1 ? mtpExpert : 0);
  const embeddingStage = t.embeddingParams / tp + (pp === 1 ? t.outputHeadParams / tp : 0);
  const lastStageHead = pp > 1 ? t.outputHeadParams / tp + mtpDense + mtpExpert : 0;
  const stageParams =
    denseParamsStage +
    expertParamsStage +
    (dualPipe ? embeddingStage + lastStageHead : Math.max(embeddingStage, lastStageHead));
  const denseStageParams = stageParams - expertParamsStage;

  const dpRanks = dp * cp;
  let dataParallelTotalSeconds = 0;
  let dataParallelSeconds = 0;
  const backwardWindow = (2 / 3) * computeSeconds;
  const forwardWindow = (1 / 3) * computeSeconds;
  if (dpRanks > 1 || expertDp > 1) {
    const denseGrad = denseStageParams * GRADIENT_WIRE_BYTES;
    const expertGrad = expertParamsStage * GRADIENT_WIRE_BYTES;
    const gatherBytesPerParam = c.fp8 && c.fp8PrimaryWeights === true ? 1 : WEIGHT_BYTES;
    const denseParamBytes = denseStageParams * gatherBytesPerParam;
    const expertParamBytes = expertParamsStage * gatherBytesPerParam;
    if (c.zeroStage === 0) {
      const reduce =
        groupTime("all-reduce", denseGrad, dpPlace, hw) + expertGroupTime("all-reduce", expertGrad, expertDpPlace, hw);
      dataParallelTotalSeconds = reduce;
      dataParallelSeconds = c.overlapDataParallel ? Math.max(0, reduce - backwardWindow) : reduce;
    } else {
      const reduce =
        groupTime("reduce-scatter", denseGrad, dpPlace, hw) +
        expertGroupTime("reduce-scatter", expertGrad, expertDpPlace, hw);
      const gather =
        groupTime("all-gather", denseParamBytes, dpPlace, hw) +
        expertGroupTime("all-gather", expertParamBytes, expertDpPlace, hw);
      if (c.zeroStage === 3) {
        // FSDP: parameters gathered for forward and again for backward of every microbatch.
        const perMicrobatch = 2 * gather;
        dataParallelTotalSeconds = reduce + microbatches * perMicrobatch;
        dataParallelSeconds = c.overlapDataParallel
          ? Math.max(0, reduce - backwardWindow) +
            microbatches * Math.max(0, perMicrobatch - (forwardWindow + backwardWindow))
          : dataParallelTotalSeconds;
      } else {
        dataParallelTotalSeconds = reduce + gather;
        dataParallelSeconds = c.overlapDataParallel
          ? Math.max(0, reduce - backwardWindow) + Math.max(0, gather - forwardWindow)
          : dataParallelTotalSeconds;
      }
    }
  }

  hiddenPerStep += dataParallelTotalSeconds - dataParallelSeconds;
  const overlapInterferenceSeconds =
    hw.overlapSlowdownRatio * ((microbatches + (pp > 1 ? (pp - 1) / vpp : 0)) * hiddenPerMicrobatch + hiddenPerStep);

  const denseShard = c.zeroStage >= 1 ? dpRanks : 1;
  const expertShard = c.zeroStage >= 1 ? expertDp : 1;
  const updatedParams = denseStageParams / denseShard + expertParamsStage / expertShard;
  const bf16Moments = c.bf16OptimizerMoments === true;
  // Offloaded: gradients go down and bf16 parameters come back over the host link (not overlapped); the CPU
  // Adam step itself is left out (it overlaps the transfers in ZeRO-Offload, Ren et al. 2021).
  const optimizerSeconds = c.offloadOptimizer
    ? (updatedParams * (GRADIENT_BYTES + WEIGHT_BYTES)) / hw.hostLinkBytesPerSecond
    : (updatedParams * (bf16Moments ? OPTIMIZER_TRAFFIC_BYTES_BF16_MOMENTS : OPTIMIZER_TRAFFIC_BYTES)) /
      hw.memoryBytesPerSecond;

  const stepTimeSeconds =
    overlapInterferenceSeconds +
    microbatches * microbatchSeconds +
    pipelineBubbleSeconds +
    pipelineCommSeconds +
    dataParallelSeconds +
    optimizerSeconds;

  // --- FLOPs (PaLM convention: no causal halving; hardware adds recomputation) -----------------------------
  const tokensPerStep = c.globalBatch * seq;
  const fullContext = t.fullAttentionShare * seq + (1 - t.fullAttentionShare) * Math.min(t.windowTokens || seq, seq);
  const attnModelPerToken = t.attentionCoreFlopsPerContext * t.layers * fullContext;
  // MTP layers: one more layer (attention + FFN), the projection and the head, each x 3 (forward + backward).
  const mtpPerToken =
    mtp > 0
      ? mtp *
        3 *
        (t.attentionMatmulFlops +
          (t.moeLayers > 0 ? t.moeFfnFlops : t.denseFfnFlops) +
          2 * 2 * h * h +
          t.logitsFlops +
          t.attentionCoreFlopsPerContext * fullContext)
      : 0;
  const modelFlopsPerStep = tokensPerStep * (t.modelMatmulFlopsPerToken + 3 * attnModelPerToken + mtpPerToken);
  const gpus = tp * pp * cp * dp;
  const hardwareFlopsPerStep = modelFlopsPerStep + recomputeFlops * microbatches * gpus;

  // --- memory of the busiest stage (stage 0) ----------------------------------------------------------------
  const weightShard = c.zeroStage >= 3 ? 1 : 0;
  // FP8 recipes: a bf16 weight plus its FP8 cache (1 B/param), or FP8 primary weights alone.
  const weightBytesPerParam = c.fp8 ? (c.fp8PrimaryWeights === true ? 1 : WEIGHT_BYTES + 1) : WEIGHT_BYTES;
  const weightsBytes =
    (denseStageParams / (weightShard ? dpRanks : 1) + expertParamsStage / (weightShard ? expertDp : 1)) *
    weightBytesPerParam;
  const gradShard = c.zeroStage >= 2;
  const gradientsBytes =
    (denseStageParams / (gradShard ? dpRanks : 1) + expertParamsStage / (gradShard ? expertDp : 1)) * GRADIENT_BYTES;
  const optimizerBytes = c.offloadOptimizer
    ? 0
    : (denseStageParams / denseShard + expertParamsStage / expertShard) *
      (bf16Moments ? OPTIMIZER_BYTES_BF16_MOMENTS : OPTIMIZER_BYTES);

  const scorePerToken =
    c.flashAttention || (mods & RECOMPUTE_MODULE_BITS.core_attn) !== 0 || c.recompute === 2
      ? 0
      : t.activationScoreBytesPerContextPerHead * (t.attentionHeads / tp) * seq;
  // FP8 recipes keep the GEMM inputs saved for backward in FP8 (1 B instead of 2).
  const fp8Replicated = c.fp8 ? t.fp8SavedReplicatedBytes / (sp ? tp : 1) : 0;
  const saved = t.recomputeSaved;
  // Recomputed modules drop what they stored (less what FP8 storage had already saved of it).
  const layernormSaved =
    (mods & RECOMPUTE_MODULE_BITS.layernorm) !== 0
      ? (saved.layernormBytes - (c.fp8 ? t.fp8SavedReplicatedBytes : 0)) / (sp ? tp : 1)
      : 0;
  const mlaSaved = (mods & RECOMPUTE_MODULE_BITS.mla_up_proj) !== 0 ? saved.mlaUpProjBytes / tp : 0;
  const denseSaved =
    (mods & RECOMPUTE_MODULE_BITS.mlp) !== 0 ? (saved.denseMlpBytes - (c.fp8 ? t.ffnHiddenSize : 0)) / tp : 0;
  const fp8MoeSaved = c.fp8 ? t.fp8SavedShardedBytesMoe - (t.fp8SavedShardedBytesDense - t.ffnHiddenSize) : 0;
  const routedShare = saved.moeBytes > 0 ? (saved.moeBytes - saved.sharedExpertBytes) / saved.moeBytes : 0;
  let moeSaved = 0;
  // DeepSeek-V3 also caches the experts' SwiGLU inputs (gate and up outputs, 2f per copy) in FP8.
  if (c.fp8 && c.fp8SwigluInputs === true && !recomputeMoe) moeSaved += saved.moeActBytes / tp;
  if (recomputeMoe) {
    moeSaved = (saved.moeBytes - fp8MoeSaved) / tp;
  } else {
    if ((mods & RECOMPUTE_MODULE_BITS.moe_act) !== 0) {
      moeSaved += (saved.moeActBytes * (c.fp8 ? 0.5 : 1)) / tp;
    }
    if ((mods & RECOMPUTE_MODULE_BITS.shared_experts) !== 0) moeSaved += saved.sharedExpertBytes / tp;
  }
  const replicated = t.activationReplicatedBytes / (sp ? tp : 1) - fp8Replicated - layernormSaved;
  const perTokenDense =
    replicated +
    (t.activationShardedBytesDense - (c.fp8 ? t.fp8SavedShardedBytesDense : 0)) / tp -
    mlaSaved -
    denseSaved +
    scorePerToken;
  // The busiest EP rank stores moeLoadRatio x the routed experts' share of the MoE activations.
  const moeSharded = (t.activationShardedBytesMoe - (c.fp8 ? t.fp8SavedShardedBytesMoe : 0)) / tp - moeSaved;
  const moeRoutedPart = Math.max(0, (saved.moeBytes - fp8MoeSaved) / tp - moeSaved) * routedShare;
  const perTokenMoe = replicated + moeSharded + (moeLoadRatio - 1) * moeRoutedPart - mlaSaved + scorePerToken;
  const fullLayer = tokens * Math.max(t.denseLayers > 0 ? perTokenDense : 0, t.moeLayers > 0 ? perTokenMoe : 0);
  let perMicrobatchStage: number;
  if (c.recompute === 2) {
    perMicrobatchStage = tokens * layersPerStage * ((h * ACTIVATION_BYTES) / (sp ? tp : 1));
  } else {
    perMicrobatchStage = tokens * (densePerStage * perTokenDense + moePerStage * perTokenMoe);
  }
  // Microbatches in flight on stage 0: pp (1F1B), x (1 + (pp-1)/(pp vpp)) interleaved, pp + 1 with DualPipe.
  const inFlight = dualPipe
    ? Math.min(microbatches, pp + 1)
    : pp > 1
      ? Math.min(microbatches, pp) * (vpp > 1 ? 1 + (pp - 1) / (pp * vpp) : 1)
      : 1;
  const logitsBytes = pp === 1 ? (tokens * t.vocabSize * 4) / tp : 0;
  const activationsBytes =
    perMicrobatchStage * inFlight +
    (c.recompute === 2 ? fullLayer : 0) +
    (pp === 1 && mtp > 0 ? mtp * (fullLayer + logitsBytes) : 0) +
    logitsBytes +
    (tokens * h * ACTIVATION_BYTES) / (sp ? tp : 1);
  const fsdpGatherBytes =
    c.zeroStage >= 3 ? (2 * (denseStageParams + expertParamsStage) * WEIGHT_BYTES) / Math.max(1, layersPerStage) : 0;
  const buffersBytes = RUNTIME_RESERVE_BYTES + fsdpGatherBytes + moeBuffersBytes;
  const totalBytes = weightsBytes + gradientsBytes + optimizerBytes + activationsBytes + buffersBytes;

  out.stepTimeSeconds = stepTimeSeconds;
  out.microbatches = microbatches;
  out.microbatchSeconds = microbatchSeconds;
  out.matmulSeconds = matmulSeconds;
  out.attentionSeconds = attentionSeconds;
  out.elementwiseSeconds = elementwiseSeconds;
  out.recomputeSeconds = recomputeSeconds;
  out.logitsSeconds = logitsSeconds;
  out.tensorParallelSeconds = tensorParallelSeconds;
  out.contextParallelSeconds = contextParallelSeconds;
  out.expertParallelSeconds = expertParallelSeconds;
  out.mtpSeconds = mtpSeconds;
  out.moeLoadRatio = moeLoadRatio;
  out.moeDroppedShare = moeDroppedShare;
  out.pipelineCommSeconds = pipelineCommSeconds;
  out.pipelineBubbleSeconds = pipelineBubbleSeconds;
  out.dataParallelSeconds = dataParallelSeconds;
  out.dataParallelTotalSeconds = dataParallelTotalSeconds;
  out.optimizerSeconds = optimizerSeconds;
  out.overlapInterferenceSeconds = overlapInterferenceSeconds;
  out.modelFlopsPerStep = modelFlopsPerStep;
  out.hardwareFlopsPerStep = hardwareFlopsPerStep;
  out.weightsBytes = weightsBytes;
  out.gradientsBytes = gradientsBytes;
  out.optimizerBytes = optimizerBytes;
  out.activationsBytes = activationsBytes;
  out.buffersBytes = buffersBytes;
  out.moeBuffersBytes = moeBuffersBytes;
  out.totalBytes = totalBytes;
  return out;
}

/** {@link groupTime} for the expert data-parallel group: nothing to move for a dense model (kept out of line). */
function expertGroupTime(
  collective: "all-reduce" | "reduce-scatter" | "all-gather",
  bytes: number,
  placement: GroupPlacement,
  hw: HardwareTerms,
): number {
  return bytes > 0 ? groupTime(collective, bytes, placement, hw) : 0;
}

/**
 * One DeepEP-style dispatch (the combine moves the same bytes back) on one GPU: inside one scale-up domain every
 * top-k copy for another GPU crosses the scale-up fabric; across domains a token crosses the scale-out network
 * once per destination domain (at most `maxNodes` of them with node-limited routing) and is forwarded to its
 * experts' GPUs inside it (DeepSeek-V3 report s3.2.2; DeepEP normal kernels). Expected distinct domains of k
 * experts drawn without replacement from the candidates: D = n (1 - C(n e - e, k) / C(n e, k)), e experts per
 * domain. In one 8-GPU node of a measured size, the DeepEP tables give the time instead.
 */
function deepEpExchangeSeconds(
  t: ArchitectureTerms,
  hw: HardwareTerms,
  tokensRank: number,
  ep: number,
  place: GroupPlacement,
  maxNodes: number,
): number {
  const h = t.hiddenSize;
  const copyBytes = h * ACTIVATION_BYTES;
  const { inner, outer } = place;
  const up = (tokensRank * t.topK * copyBytes * (inner - 1)) / inner / (hw.scaleUp.busBandwidthGBps * 1e9);
  if (outer <= 1) {
    if (hw.kernels !== undefined) {
      const r = lookupDeepEp(
        hw.kernels,
        { mode: "normal", acceleratorCount: ep, hiddenSize: h, topK: t.topK, experts: t.experts, tokens: tokensRank },
        hw.scaleUpRoofline,
        KERNEL_RESULT,
      );
      if (r.source === "measured" || r.source === "interpolated") return r.seconds / 2;
    }
    return hw.scaleUp.stepLatencySeconds + up;
  }
  const perDomain = t.experts / outer;
  const candidates = maxNodes > 0 ? Math.min(maxNodes, outer) : outer;
  const pool = candidates * perDomain;
  let notHit = 1;
  for (let i = 0; i < t.topK; i++) notHit *= Math.max(0, pool - perDomain - i) / (pool - i);
  const distinct = candidates * (1 - notHit);
  const remote = (distinct * (outer - 1)) / outer;
  const out =
    ((tokensRank * remote * copyBytes) / (hw.scaleOut.busBandwidthGBps * 1e9)) *
    allToAllFabricFactor(outer, hw.scaleOut.fabric);
  return hw.scaleUp.stepLatencySeconds + hw.scaleOut.stepLatencySeconds + Math.max(up, out);
}

/** Standard normal density and distribution function (Abramowitz-Stegun 26.2.17, |error| < 7.5e-8). */
function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}
function normalCdf(z: number): number {
  if (z < 0) return 1 - normalCdf(-z);
  const k = 1 / (1 + 0.2316419 * z);
  const poly = k * (0.31938153 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))));
  return 1 - normalPdf(z) * poly;
}
