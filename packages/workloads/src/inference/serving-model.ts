import { type Assumption, assertFiniteResult, type InputProblem, InvalidInputError, parseInput } from "@aifactory/core";
import type { AcceleratorId } from "@aifactory/hardware";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import type { ArchitectureId } from "../architecture/catalog";
import { type ClosedLoopServing, simulateClosedLoopResolved } from "../fleet/closed-loop";
import type { KernelSources, KernelTablesOption } from "../kernels/kernel-option";
import { type AcceleratorSpec, resolveAccelerator } from "../training/accelerator-spec";
import { servingEfficiencyAssumptions } from "./efficiency-assumptions";
import {
  type InferenceEfficiency,
  type InferenceEfficiencyInput,
  inferenceEfficiencySchema,
} from "./inference-efficiency";
import { type ServingConfig, type ServingConfigInput, servingConfigSchema } from "./serving-config";
import {
  createIterationBreakdown,
  type IterationBreakdown,
  iterationTime,
  type ServingLayout,
  type ServingMemory,
  servingMemory,
} from "./serving-iteration";
import {
  resolveServingArchitecture,
  type ServingHardware,
  type ServingTerms,
  servingHardware,
  servingTerms,
} from "./serving-terms";

/** Paged KV blocks hold 32 tokens (TensorRT-LLM `tokens_per_block` default); a sequence reserves whole blocks. */
const KV_BLOCK_TOKENS = 32;

/**
 * What {@link estimateServing} takes.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface ServingInput {
  architecture: ArchitectureId | ArchitectureInput | Architecture;
  accelerator: AcceleratorId | AcceleratorSpec;
  config: ServingConfigInput;
  efficiency?: InferenceEfficiencyInput;
  /**
   * Measured kernel tables: `"builtin"` (default; A100/H100/H200/B200/GB200/B300/GB300), `"none"` for the
   * analytic roofline, or your own tables (see {@link KernelTablesOption}).
   */
  kernels?: KernelTablesOption;
  /**
   * With an explicit `concurrency`, also simulate the closed-loop benchmark at that concurrency
   * (`result.closedLoop`: TTFT with the queueing of prefills behind each other). Default true; false skips it.
   */
  closedLoop?: boolean;
}

/**
 * Where a serving estimate's time goes. Iteration terms are seconds per engine iteration.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface ServingBreakdown extends IterationBreakdown {
  /** Time of one MTP / draft pass per iteration, seconds. */
  draftSeconds: number;
  /** Output tokens each sequence gains per iteration (1 without speculation). */
  acceptedTokensPerStep: number;
  /** Prompt tokens prefilled per request (after prefix-cache hits). */
  prefillTokensPerRequest: number;
  /** Prompt tokens served from the prefix cache per request. */
  cachedTokensPerRequest: number;
  /** Prompt tokens prefilled per iteration in steady state (chunked, mixed with decode). */
  prefillTokensPerIteration: number;
  /** Prefill iterations (chunks) before a request's first token. */
  ttftIterations: number;
  /** Prefill time of one request's prompt on an idle instance, seconds. */
  isolatedPrefillSeconds: number;
  memory: ServingMemory;
  /** Which peak the GEMMs were priced at. */
  matmulPeak: string;
}

/**
 * The result of {@link estimateServing}. Field names are the CLI's JSON contract.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface ServingResult {
  architectureId: string;
  acceleratorId: string;
  config: ServingConfig;
  /** GPUs of one instance (tp x pp). */
  acceleratorCount: number;
  /** Time to first token of a request at this load, ms (service time, no queueing). */
  ttftMs: number;
  /** Time per output token after the first, ms. */
  tpotMs: number;
  outputTokensPerSecond: number;
  outputTokensPerSecondPerGpu: number;
  /** Prompt tokens per second, cached ones included (DeepSeek's convention). */
  inputTokensPerSecond: number;
  /** Sequences in flight in the steady state. */
  concurrency: number;
  kvCacheCapacityTokens: number;
  /** Largest concurrency the KV cache and the engine limits allow. */
  maxConcurrency: number;
  breakdown: ServingBreakdown;
  /**
   * A closed-loop benchmark at this concurrency, simulated request by request (present when `concurrency` was
   * given and `closedLoop` is not false): the TTFT such a benchmark reports, queueing included.
   */
  closedLoop?: ClosedLoopServing;
  assumptions: Assumption[];
  warnings: string[];
}

/**
 * The assumptions every serving estimate states (statements of method: basis `method`, a kebab-case `name`, the sentence in `text`).
 *
 * @since 0.1.0
 * @category Inference
 */
export const SERVING_ASSUMPTIONS: readonly Assumption[] = Object.freeze([
  {
    name: "continuous-batching",
    basis: "method",
    text: "Steady-state continuous batching with chunked prefill: every iteration decodes all running sequences and prefills the prompt tokens of the requests that replace the finished ones (B x accepted tokens x prefill tokens / osl per iteration).",
  },
  {
    name: "kernel-times",
    basis: "method",
    text: "Kernel times (GEMMs, the MoE layer, attention, the TP all-reduce) come from measured kernel tables where the accelerator has them (NVIDIA AIConfigurator's database for A100-GB300, or your own; breakdown.kernelSources says which), interpolated in log space and anchored to the roofline outside the measured range.",
  },
  {
    name: "roofline",
    basis: "method",
    text: "Elsewhere, per op class and GPU, time = ||(weight or KV bytes / achievable HBM bandwidth, FLOPs / achievable FLOP/s)||_p (smooth roofline); op classes run one after another and their times add.",
  },
  {
    name: "decode-attention",
    basis: "method",
    text: "Decode attention reads each sequence's whole cached context (inputTokens + outputTokens/2 on average); sliding-window layers read at most the window.",
  },
  {
    name: "kv-capacity",
    basis: "method",
    text: "KV capacity = (HBM - weights - reserve) x kvCacheMemoryRatio; each admitted sequence reserves inputTokens + outputTokens tokens in 32-token blocks (TensorRT-LLM's guaranteed-no-evict scheduling); prefix-cache hits do not shrink the reservation.",
  },
  {
    name: "hbm-capacity",
    basis: "method",
    text: 'HBM capacity: a vendor "GB" of HBM is read as GiB (as the training model and AIConfigurator do).',
  },
  {
    name: "weight-formats",
    basis: "method",
    text: "Embeddings and the output head stay BF16; linear layers run in the weight format (INT4 is weight-only, BF16 GEMMs).",
  },
  {
    name: "moe-routing",
    basis: "method",
    text: "MoE tokens are routed uniformly at random: a routed expert's weights are read only if a token of the iteration reaches it; each expert's GEMM rows are padded to the kernel tile; the GPU with the most routed tokens (expected maximum of binomial counts) bounds the layer.",
  },
  {
    name: "speculative-decoding",
    basis: "method",
    text: "Speculative decoding: expected tokens per step (1 - a^(k+1)) / (1 - a) for per-token acceptance a and k drafts (Leviathan et al. 2023); each draft costs one layer's worth of the iteration (an MTP module is one transformer block).",
  },
  {
    name: "ttft-service-time",
    basis: "method",
    text: "ttftMs is the service time of a request's prefill chunks at the current load, not queueing time; closedLoop (with an explicit concurrency) simulates the closed-loop benchmark at that concurrency request by request, prefills queueing behind each other included; an offline max-throughput run adds queueing too.",
  },
]);

/**
 * Numbers of one evaluated operating point (the hot path of searches).
 *
 * @internal
 * @since 0.1.0
 * @category Inference
 */
export interface ServingPoint {
  concurrency: number;
  ttftSeconds: number;
  tpotSeconds: number;
  outputTokensPerSecond: number;
  iteration: IterationBreakdown;
  draftSeconds: number;
  acceptedTokensPerStep: number;
  prefillTokensPerIteration: number;
  ttftIterations: number;
}

/**
 * The numeric form of a serving configuration that the hot path reads.
 *
 * @internal
 * @since 0.1.0
 * @category Inference
 */
export interface ServingWorkload {
  inputTokens: number;
  outputTokens: number;
  prefixHitRatio: number;
  mtpAcceptance: number;
  mtpDraftTokens: number;
  maxBatchSize: number;
  maxNumTokens: number;
}

/**
 * Expected output tokens per decoding step with speculative decoding: (1 - a^(k+1)) / (1 - a), k + 1 when
 * every draft is accepted (Leviathan et al. 2023, eq. 1, with per-token acceptance a).
 *
 * @param acceptance - per-token acceptance rate a (0..1; 0 = no speculation)
 * @param draftTokens - drafts per step k
 * @returns expected tokens per step (>= 1)
 * @example
 * ```ts
 * import { acceptedTokensPerStep } from "@aifactory/workloads";
 * acceptedTokensPerStep(0.8, 1); // 1.8
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function acceptedTokensPerStep(acceptance: number, draftTokens: number): number {
  if (acceptance <= 0) return 1;
  if (acceptance >= 1) return draftTokens + 1;
  return (1 - acceptance ** (draftTokens + 1)) / (1 - acceptance);
}

/**
 * The largest concurrency an instance supports: min(KV capacity / per-sequence reservation, `maxBatchSize`,
 * `maxNumTokens` / tokens per sequence per iteration).
 *
 * @internal
 * @param memory - the instance memory
 * @param workload - the workload numbers
 * @param attentionReplicas - GPUs that each hold their own sequences (tp with attention-DP, else 1)
 * @returns sequences (0 when nothing fits)
 * @example
 * ```ts
 * import { maxServingConcurrency } from "@aifactory/workloads/internal";
 * const memory = { capacityBytes: 0, weightsBytes: 0, reservedBytes: 0, kvCacheBytes: 0,
 *   kvBytesPerTokenPerGpu: 1, kvCacheCapacityTokens: 64000, fits: true };
 * maxServingConcurrency(memory, { inputTokens: 1000, outputTokens: 1000, prefixHitRatio: 0, mtpAcceptance: 0,
 *   mtpDraftTokens: 1, maxBatchSize: 2048, maxNumTokens: 8192 }, 1); // 32
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function maxServingConcurrency(
  memory: ServingMemory,
  workload: ServingWorkload,
  attentionReplicas: number,
): number {
  const reserved = Math.ceil((workload.inputTokens + workload.outputTokens) / KV_BLOCK_TOKENS) * KV_BLOCK_TOKENS;
  const perReplicaTokens = memory.kvCacheCapacityTokens / attentionReplicas;
  const byKv = Math.floor(perReplicaTokens / reserved) * attentionReplicas;
  const accepted = acceptedTokensPerStep(workload.mtpAcceptance, workload.mtpDraftTokens);
  const query = workload.mtpAcceptance > 0 ? workload.mtpDraftTokens + 1 : 1;
  const prefillPerSequence = (accepted * workload.inputTokens * (1 - workload.prefixHitRatio)) / workload.outputTokens;
  const byTokens = Math.floor((workload.maxNumTokens * attentionReplicas) / (query + prefillPerSequence));
  return Math.max(0, Math.min(byKv, workload.maxBatchSize * attentionReplicas, byTokens));
}

/**
 * Evaluates one operating point: `concurrency` sequences in steady state. Pure and allocation-light (it
 * reuses `scratch`); the SLO search calls it many times.
 *
 * @internal
 * @param terms - serving terms
 * @param hw - achievable rates
 * @param layout - instance layout
 * @param efficiency - efficiency factors
 * @param workload - workload numbers
 * @param concurrency - sequences in flight (> 0)
 * @param scratch - a breakdown to reuse for the TTFT iteration
 * @returns the operating point
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY, resolveAccelerator, resolveServingArchitecture } from "@aifactory/workloads";
 * import { createIterationBreakdown, evaluateServingPoint, servingHardware, servingTerms
 *   } from "@aifactory/workloads/internal";
 * const terms = servingTerms(resolveServingArchitecture("llama-3.1-8b"), "fp8", "fp8");
 * const hw = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
 * const point = evaluateServingPoint(terms, hw, { tp: 1, pp: 1, ep: 1, attentionDp: false,
 *   microBatchOverlap: false }, DEFAULT_INFERENCE_EFFICIENCY, { inputTokens: 1000, outputTokens: 1000, prefixHitRatio: 0,
 *   mtpAcceptance: 0, mtpDraftTokens: 1, maxBatchSize: 2048, maxNumTokens: 8192 }, 64, createIterationBreakdown());
 * point.tpotSeconds > 0; // true
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function evaluateServingPoint(
  terms: ServingTerms,
  hw: ServingHardware,
  layout: ServingLayout,
  efficiency: InferenceEfficiency,
  workload: ServingWorkload,
  concurrency: number,
  scratch: IterationBreakdown,
): ServingPoint {
  const { inputTokens: isl, outputTokens: osl } = workload;
  const cached = isl * workload.prefixHitRatio;
  const prefillPerRequest = isl - cached;
  const accepted = acceptedTokensPerStep(workload.mtpAcceptance, workload.mtpDraftTokens);
  const query = workload.mtpAcceptance > 0 ? workload.mtpDraftTokens + 1 : 1;
  const decodeContext = isl + osl / 2;
  const prefillContext = cached + prefillPerRequest / 2;
  const prefillPerIteration = (concurrency * accepted * prefillPerRequest) / osl;
  // TTFT: the request's prompt in chunks of what the token budget leaves beside the decode tokens; under
  // attention DP a request's chunk runs on its own rank, within that rank's budget.
  const replicas = layout.attentionDp ? layout.tp : 1;
  const budget =
    replicas > 1
      ? workload.maxNumTokens - (concurrency * query) / replicas
      : workload.maxNumTokens * replicas - concurrency * query;
  const chunk = Math.max(Math.min(prefillPerRequest, budget), Math.min(prefillPerRequest, 512));
  const iteration = iterationTime(
    terms,
    hw,
    layout,
    efficiency,
    concurrency,
    query,
    decodeContext,
    prefillPerIteration,
    prefillContext,
    createIterationBreakdown(),
    concurrency,
    layout.attentionDpBalance === false ? chunk : 0,
  );
  const drafts = workload.mtpAcceptance > 0 ? workload.mtpDraftTokens : 0;
  const draftSeconds = (drafts * (iteration.iterationSeconds - iteration.overheadSeconds)) / terms.layers;
  const cycle = iteration.iterationSeconds + draftSeconds;
  const tpotSeconds = cycle / accepted;
  const ttftIterations = prefillPerRequest > 0 ? Math.ceil(prefillPerRequest / chunk) : 1;
  let ttftSeconds: number;
  if (prefillPerRequest > 0) {
    const chunkIteration = iterationTime(
      terms,
      hw,
      layout,
      efficiency,
      concurrency,
      query,
      decodeContext,
      chunk,
      prefillContext,
      scratch,
      concurrency,
      chunk,
      chunk,
    );
    ttftSeconds = ttftIterations * chunkIteration.iterationSeconds;
  } else {
    ttftSeconds = cycle;
  }
  return {
    concurrency,
    ttftSeconds,
    tpotSeconds,
    outputTokensPerSecond: (concurrency * accepted) / cycle,
    iteration,
    draftSeconds,
    acceptedTokensPerStep: accepted,
    prefillTokensPerIteration: prefillPerIteration,
    ttftIterations,
  };
}

/**
 * Every constraint a serving configuration violates (empty when valid).
 *
 * @param arch - the architecture
 * @param config - a parsed configuration
 * @returns the problems
 * @example
 * ```ts
 * import { resolveServingArchitecture, servingConfigProblems, servingConfigSchema } from "@aifactory/workloads";
 * const config = servingConfigSchema.parse({ tp: 3, inputTokens: 128, outputTokens: 128, maxThroughput: true });
 * servingConfigProblems(resolveServingArchitecture("llama-3.1-8b"), config).length; // 1
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function servingConfigProblems(arch: Architecture, config: ServingConfig): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!config.attentionDp && arch.attentionHeads % config.tp !== 0) {
    problems.push({
      path: "tp",
      message: `must divide attentionHeads (${arch.attentionHeads}) unless attention is data-parallel`,
      received: config.tp,
      hint: "pick a tp that divides the head count, or set attentionDp",
    });
  }
  if (config.ep > 1) {
    if (!arch.moe) {
      problems.push({ path: "ep", message: `${arch.id} has no experts; ep must be 1`, received: config.ep });
    } else if ((arch.moe.experts + config.redundantExperts) % config.ep !== 0) {
      problems.push({
        path: "ep",
        message:
          config.redundantExperts > 0
            ? `must divide experts + redundantExperts (${arch.moe.experts} + ${config.redundantExperts})`
            : `must divide the expert count (${arch.moe.experts}), or add redundant experts (EPLB) to make experts + redundantExperts a multiple of it`,
        received: config.ep,
      });
    }
    if (config.tp % config.ep !== 0) {
      problems.push({
        path: "ep",
        message: `must divide tp (${config.tp}): experts are spread over the GPUs of a stage`,
        received: config.ep,
      });
    }
  }
  if (config.redundantExperts > 0 && (!arch.moe || config.ep === 1)) {
    problems.push({
      path: "redundantExperts",
      message: "redundant experts need a MoE model with ep > 1",
      received: config.redundantExperts,
    });
  }
  if (config.pp > arch.layers) {
    problems.push({ path: "pp", message: `must not exceed the layer count (${arch.layers})`, received: config.pp });
  }
  if (arch.maxSequenceTokens !== undefined && config.inputTokens + config.outputTokens > arch.maxSequenceTokens) {
    problems.push({
      path: "inputTokens",
      message: `inputTokens + outputTokens = ${config.inputTokens + config.outputTokens} exceeds ${arch.id}'s context window (${arch.maxSequenceTokens} tokens)`,
      received: config.inputTokens,
    });
  }
  if (!config.maxThroughput && config.concurrency === undefined) {
    problems.push({
      path: "concurrency",
      message: "give a concurrency or set maxThroughput",
      received: undefined,
      hint: "use --concurrency N or --max-throughput",
    });
  }
  return problems;
}

/**
 * Estimates a serving deployment in steady state: TTFT, TPOT, output and input tokens/s (per instance and
 * per GPU), KV capacity and the largest concurrency, with the per-iteration breakdown.
 *
 * With `maxThroughput`, concurrency is the largest that fits (the max-throughput point: throughput grows
 * with the batch until the KV cache or the engine limits stop it); otherwise `concurrency` (clamped, with a
 * warning, to the maximum).
 *
 * @param input - architecture, accelerator, configuration, efficiency factors
 * @returns the estimate
 * @throws InvalidInputError naming every violated constraint or bad field; NotFoundError for unknown ids
 * @example
 * ```ts
 * import { estimateServing } from "@aifactory/workloads";
 * const result = estimateServing({ architecture: "llama-3.1-8b", accelerator: "nvidia-h100-sxm",
 *   config: { tp: 1, weights: "fp8", kv: "fp8", inputTokens: 1000, outputTokens: 1000, maxThroughput: true } });
 * result.outputTokensPerSecondPerGpu > 0; // true
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function estimateServing(input: ServingInput): ServingResult {
  const { terms, hw, config, efficiency } = resolveServingInput(input);
  const result = estimateServingResolved(terms, hw, config, efficiency);
  result.assumptions.push(...servingEfficiencyAssumptions(hw.memoryBandwidthRatio, efficiency, input.efficiency));
  if (
    input.closedLoop !== false &&
    config.concurrency !== undefined &&
    !config.maxThroughput &&
    result.maxConcurrency > 0
  ) {
    result.closedLoop = simulateClosedLoopResolved(
      terms,
      hw,
      { ...config, concurrency: result.concurrency },
      efficiency,
    );
  }
  return result;
}

/**
 * Validates and resolves a {@link ServingInput} once: the architecture and accelerator, the parsed configuration
 * and efficiency factors, and the serving terms and achievable rates the hot path reads.
 *
 * @internal
 * @param input - architecture, accelerator, configuration, efficiency factors
 * @returns terms, hardware, parsed configuration and efficiency
 * @throws InvalidInputError naming every violated constraint or bad field; NotFoundError for unknown ids
 * @example
 * ```ts
 * import { resolveServingInput } from "@aifactory/workloads/internal";
 * resolveServingInput({ architecture: "llama-3.1-8b", accelerator: "nvidia-h100-sxm",
 *   config: { inputTokens: 128, outputTokens: 128, concurrency: 8 } }).terms.layers; // 32
 * ```
 * @since 0.2.0
 * @category Inference
 */
export function resolveServingInput(input: ServingInput): {
  terms: ServingTerms;
  hw: ServingHardware;
  config: ServingConfig;
  efficiency: InferenceEfficiency;
} {
  const arch = resolveServingArchitecture(input.architecture);
  const accelerator = resolveAccelerator(input.accelerator);
  const config = parseInput(servingConfigSchema, input.config, "serving configuration");
  const efficiency = parseInput(inferenceEfficiencySchema, input.efficiency ?? {}, "efficiency factors");
  const problems = servingConfigProblems(arch, config);
  if (problems.length > 0) {
    throw new InvalidInputError(
      `serving configuration for ${arch.id} on ${config.tp * config.pp} x ${accelerator.id}`,
      problems,
      "change the parallel sizes so that every listed constraint holds (or run `aif serve search`)",
    );
  }
  return {
    terms: servingTerms(arch, config.weights, config.kv),
    hw: servingHardware(accelerator, efficiency, config.weights, input.kernels),
    config,
    efficiency,
  };
}

/**
 * The instance layout of a parsed serving configuration (the fields the per-iteration model reads).
 *
 * @internal
 * @param config - a parsed configuration
 * @returns the layout
 * @example
 * ```ts
 * import { servingConfigSchema } from "@aifactory/workloads";
 * import { servingLayout } from "@aifactory/workloads/internal";
 * servingLayout(servingConfigSchema.parse({ tp: 4, inputTokens: 128, outputTokens: 128, concurrency: 1 })).tp; // 4
 * ```
 * @since 0.2.0
 * @category Inference
 */
export function servingLayout(config: ServingConfig): ServingLayout {
  return {
    tp: config.tp,
    pp: config.pp,
    ep: config.ep,
    attentionDp: config.attentionDp,
    microBatchOverlap: config.microBatchOverlap,
    moeDispatch: config.moeDispatch,
    redundantExperts: config.redundantExperts,
    attentionDpBalance: config.attentionDpBalance,
  };
}

/**
 * {@link estimateServing} for already-resolved terms, hardware and configuration (used by the RL and agentic
 * models and the search, which resolve once).
 *
 * @internal
 * @param terms - serving terms
 * @param hw - achievable rates
 * @param config - a parsed, valid configuration
 * @param efficiency - efficiency factors
 * @returns the estimate
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY, resolveAccelerator, resolveServingArchitecture, servingConfigSchema
 *   } from "@aifactory/workloads";
 * import { estimateServingResolved, servingHardware, servingTerms } from "@aifactory/workloads/internal";
 * const config = servingConfigSchema.parse({ inputTokens: 512, outputTokens: 512, concurrency: 8 });
 * const terms = servingTerms(resolveServingArchitecture("llama-3.1-8b"), config.weights, config.kv);
 * const hw = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, config.weights);
 * estimateServingResolved(terms, hw, config, DEFAULT_INFERENCE_EFFICIENCY).concurrency; // 8
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function estimateServingResolved(
  terms: ServingTerms,
  hw: ServingHardware,
  config: ServingConfig,
  efficiency: InferenceEfficiency,
): ServingResult {
  const layout = servingLayout(config);
  const workload: ServingWorkload = config;
  const memory = servingMemory(terms, hw, layout, efficiency);
  const replicas = config.attentionDp ? config.tp : 1;
  const maxConcurrency = memory.fits ? maxServingConcurrency(memory, workload, replicas) : 0;
  const warnings: string[] = [];
  const gpus = config.tp * config.pp;
  if (!memory.fits) {
    warnings.push(
      `weights need ${(memory.weightsBytes / 2 ** 30).toFixed(1)} GiB per GPU but ${hw.acceleratorId} has ${(memory.capacityBytes / 2 ** 30).toFixed(1)} GiB: raise tp/pp/ep or use smaller weights`,
    );
  } else if (maxConcurrency === 0) {
    warnings.push(
      "the KV cache cannot hold one sequence of inputTokens + outputTokens tokens: raise tp/pp or use an fp8 KV cache",
    );
  }
  let concurrency = config.maxThroughput ? maxConcurrency : (config.concurrency ?? 1);
  if (!config.maxThroughput && concurrency > maxConcurrency && maxConcurrency > 0) {
    warnings.push(
      `concurrency ${concurrency} exceeds the ${maxConcurrency} sequences that fit: the rest queue; results are for ${maxConcurrency}`,
    );
    concurrency = maxConcurrency;
  }
  if (config.weights === "fp8" && hw.matmulPeakKey !== "fp8") {
    warnings.push(`${hw.acceleratorId} has no FP8 peak in its figures: FP8 GEMMs are priced at the BF16 peak`);
  }
  if (config.weights === "fp4" && hw.matmulPeakKey !== "fp4") {
    warnings.push(`${hw.acceleratorId} has no FP4 peak: FP4 GEMMs are priced at the ${hw.matmulPeakKey} peak`);
  }
  if (config.tp > hw.scaleUpDomainSize) {
    warnings.push(
      `tp ${config.tp} spans scale-up domains of ${hw.scaleUpDomainSize}: its traffic is priced on scale-out`,
    );
  }
  if (config.maxThroughput) {
    warnings.push("max-throughput TTFT is the service time only; an offline run at infinite request rate queues");
  }
  const cached = config.inputTokens * config.prefixHitRatio;
  const running = concurrency > 0 ? concurrency : 1;
  const point = evaluateServingPoint(terms, hw, layout, efficiency, workload, running, createIterationBreakdown());
  if (hw.kernels !== undefined) warnings.push(...kernelFallbackWarnings(terms, hw, point.iteration.kernelSources));
  const valid = concurrency > 0;
  const outputTokensPerSecond = valid ? point.outputTokensPerSecond : 0;
  return assertFiniteResult(
    {
      architectureId: terms.architectureId,
      acceleratorId: hw.acceleratorId,
      config,
      acceleratorCount: gpus,
      ttftMs: point.ttftSeconds * 1e3,
      tpotMs: point.tpotSeconds * 1e3,
      outputTokensPerSecond,
      outputTokensPerSecondPerGpu: outputTokensPerSecond / gpus,
      inputTokensPerSecond: (outputTokensPerSecond * config.inputTokens) / config.outputTokens,
      concurrency,
      kvCacheCapacityTokens: memory.kvCacheCapacityTokens,
      maxConcurrency,
      breakdown: {
        ...point.iteration,
        draftSeconds: point.draftSeconds,
        acceptedTokensPerStep: point.acceptedTokensPerStep,
        prefillTokensPerRequest: config.inputTokens - cached,
        cachedTokensPerRequest: cached,
        prefillTokensPerIteration: point.prefillTokensPerIteration,
        ttftIterations: point.ttftIterations,
        isolatedPrefillSeconds: isolatedPrefillSeconds(
          terms,
          hw,
          layout,
          efficiency,
          config.inputTokens - cached,
          cached,
        ),
        memory,
        matmulPeak: hw.matmulPeakKey,
      },
      assumptions: [...SERVING_ASSUMPTIONS],
      warnings,
    },
    "serving estimate",
  );
}

/**
 * Warnings for the kernel classes that fell back to the roofline although the accelerator has measured tables
 * (a precision, head layout or MoE shape the tables do not hold): a fallback is never silent.
 *
 * @internal
 * @param terms - serving terms
 * @param hw - achievable rates (with the tables)
 * @param sources - the kernel sources of an evaluated iteration
 * @returns one warning per class that fell back
 * @example
 * ```ts
 * import { kernelFallbackWarnings, resolveServingInput } from "@aifactory/workloads/internal";
 * const { terms, hw } = resolveServingInput({ architecture: "llama-3.1-8b", accelerator: "nvidia-h100-sxm",
 *   config: { inputTokens: 128, outputTokens: 128, concurrency: 8, weights: "fp4" } });
 * kernelFallbackWarnings(terms, hw, { gemm: "analytic", moe: "measured", attention: "measured",
 *   collective: "measured" })[0]?.includes("nvfp4"); // true
 * ```
 * @since 0.4.0
 * @category Inference
 */
export function kernelFallbackWarnings(terms: ServingTerms, hw: ServingHardware, sources: KernelSources): string[] {
  const warnings: string[] = [];
  const gpu = hw.acceleratorId;
  const gemmDtype = terms.weights === "fp4" ? "nvfp4" : terms.weights === "int4" ? "int4 weight-only" : terms.weights;
  if (sources.gemm === "analytic") {
    warnings.push(
      `no measured ${gemmDtype} GEMM table for ${gpu}: GEMMs are priced by the roofline x efficiency factors`,
    );
  }
  if (sources.moe === "analytic" && terms.moeLayers > 0) {
    warnings.push(
      `no measured MoE table for this layer on ${gpu} (${terms.hiddenSize}/${terms.expertFfnSize}, top-${terms.topK} of ${terms.experts} experts, ${gemmDtype}): routed experts are priced by the roofline with the modelled skew and tile padding`,
    );
  }
  if (sources.attention === "analytic") {
    warnings.push(
      terms.isMla
        ? `no measured MLA table for these latent dimensions (${terms.kv} KV) on ${gpu}, or speculative decoding: MLA attention is priced by the roofline`
        : `no measured attention table for ${terms.attentionHeads}/${terms.kvHeads} heads x ${terms.headDim} (${terms.kv} KV) on ${gpu}, or speculative decoding: attention is priced by the roofline`,
    );
  }
  return warnings;
}

/**
 * Prefill time of one prompt on an idle instance (no decode batch), in chunks of at most 8,192 tokens.
 *
 * @internal
 * @param terms - serving terms
 * @param hw - achievable rates
 * @param layout - instance layout
 * @param efficiency - efficiency factors
 * @param prefillTokens - prompt tokens to prefill
 * @param cachedTokens - prompt tokens already cached (attended to, not recomputed)
 * @returns seconds (0 for no tokens)
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY, resolveAccelerator, resolveServingArchitecture } from "@aifactory/workloads";
 * import { isolatedPrefillSeconds, servingHardware, servingTerms } from "@aifactory/workloads/internal";
 * const terms = servingTerms(resolveServingArchitecture("llama-3.1-8b"), "fp8", "fp8");
 * const hw = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
 * isolatedPrefillSeconds(terms, hw, { tp: 1, pp: 1, ep: 1, attentionDp: false, microBatchOverlap: false },
 *   DEFAULT_INFERENCE_EFFICIENCY, 2048, 0) > 0; // true
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function isolatedPrefillSeconds(
  terms: ServingTerms,
  hw: ServingHardware,
  layout: ServingLayout,
  efficiency: InferenceEfficiency,
  prefillTokens: number,
  cachedTokens: number,
): number {
  if (prefillTokens <= 0) return 0;
  const it = iterationTime(
    terms,
    hw,
    { ...layout, pp: 1 },
    efficiency,
    0,
    1,
    0,
    prefillTokens,
    cachedTokens + prefillTokens / 2,
    createIterationBreakdown(),
  );
  return it.iterationSeconds;
}
