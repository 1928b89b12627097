import { type Assumption, InvalidInputError, parseInput, positiveInt, ratio } from "@aifactory/core";
import { z } from "zod";
import { parameterCounts } from "../architecture/derived";
import { type KernelSources, worseKernelSource } from "../kernels/kernel-option";
import { resolveAccelerator } from "../training/accelerator-spec";
import type { InferenceEfficiency } from "./inference-efficiency";
import type { ServingConfig } from "./serving-config";
import { createIterationBreakdown, type IterationBreakdown, iterationTime, servingMemory } from "./serving-iteration";
import {
  acceptedTokensPerStep,
  estimateServingResolved,
  maxServingConcurrency,
  resolveServingInput,
  type ServingInput,
  servingLayout,
} from "./serving-model";
import { resolveServingArchitecture, type ServingHardware, type ServingTerms } from "./serving-terms";

/** Engine iterations one simulation may run before it refuses (about a second of work). */
const MAX_SIMULATED_ITERATIONS = 5_000_000;

/**
 * How an offline (batch) benchmark feeds the engine: `requests` identical requests (the configuration's
 * `inputTokens`/`outputTokens`) all queued at time zero, as `trtllm-bench throughput`, vLLM's `benchmark_throughput` and SGLang's
 * `bench_offline_throughput` do. `chunkedPrefill` false (trtllm-bench's default) admits a request only when its
 * whole prompt fits in the iteration's token budget; true splits prompts across iterations.
 *
 * @example
 * ```ts
 * import { offlineRunOptionsSchema } from "@aifactory/workloads";
 * offlineRunOptionsSchema.parse({ requests: 3000 }).chunkedPrefill; // false
 * ```
 * @since 0.2.0
 * @category Inference
 */
export const offlineRunOptionsSchema = z
  .object({
    /** Requests queued at time zero. */
    requests: positiveInt,
    /** Split prompts across iterations (vLLM default) instead of whole-prompt admission (trtllm-bench default). */
    chunkedPrefill: z.boolean().default(false),
    /**
     * CUDA-graph batch sizes with padding (TensorRT-LLM `cuda_graph_config.batch_sizes` + `enable_padding`): a
     * decode-only iteration whose per-rank batch fits a captured size runs that size's graph, padded up to it; the
     * engine captures the sizes up to its max batch ({@link capturedCudaGraphBatchSizes}). Unset: no padding.
     */
    cudaGraphBatchSizes: z.array(positiveInt).min(1).optional(),
  })
  .strict();

/**
 * Offline run options as a user writes them. See {@link offlineRunOptionsSchema}.
 *
 * @since 0.2.0
 * @category Inference
 */
export type OfflineRunOptionsInput = z.input<typeof offlineRunOptionsSchema>;

/**
 * What {@link simulateOfflineRun} takes: a serving input plus the run's options.
 *
 * @since 0.2.0
 * @category Inference
 */
export interface OfflineRunInput extends ServingInput {
  run: OfflineRunOptionsInput;
}

/**
 * Seconds of the whole run spent in each op class (sums of the per-iteration breakdowns).
 *
 * @since 0.2.0
 * @category Inference
 */
export type OfflineRunSeconds = Omit<IterationBreakdown, "iterationSeconds" | "kernelSources">;

/**
 * The result of {@link simulateOfflineRun}.
 *
 * @since 0.2.0
 * @category Inference
 */
export interface OfflineRunResult {
  architectureId: string;
  acceleratorId: string;
  config: ServingConfig;
  acceleratorCount: number;
  requests: number;
  chunkedPrefill: boolean;
  /** Time from the first iteration to the last request's last token, seconds. */
  makespanSeconds: number;
  /** Output tokens of all requests / makespan (what trtllm-bench reports as total output throughput). */
  outputTokensPerSecond: number;
  outputTokensPerSecondPerGpu: number;
  /** Prompt and output tokens / makespan. */
  totalTokensPerSecond: number;
  /** The same deployment's steady-state max-throughput estimate ({@link estimateServing}), for comparison. */
  steadyStateOutputTokensPerSecond: number;
  /** Engine iterations simulated. */
  iterations: number;
  /** Iterations that prefilled prompt tokens. */
  prefillIterations: number;
  /** The engine's admission limit: min(KV capacity / (inputTokens + outputTokens), maxBatchSize, token budget). */
  maxConcurrency: number;
  /** Time-weighted mean of sequences decoding. */
  meanDecodingSequences: number;
  /** Mean time to first token, queueing included, ms. */
  meanTtftMs: number;
  /** Mean time per output token after the first, ms. */
  meanTpotMs: number;
  /** Where the run's time went, seconds. */
  seconds: OfflineRunSeconds;
  /** Where each kernel class's time came from (the most approximate source seen over the run). */
  kernelSources: KernelSources;
  assumptions: Assumption[];
  warnings: string[];
}

/**
 * The assumptions every offline-run simulation states (statements of method: basis `method`, a kebab-case `name`, the sentence in `text`).
 *
 * @since 0.2.0
 * @category Inference
 */
export const OFFLINE_RUN_ASSUMPTIONS: readonly Assumption[] = Object.freeze([
  {
    name: "offline-queue",
    basis: "method",
    text: "All requests are queued at time zero with the configuration's fixed inputTokens/outputTokens (an offline benchmark at infinite request rate).",
  },
  {
    name: "fcfs-admission",
    basis: "method",
    text: "The engine admits requests first-come first-served while the running and prefilling ones stay within the admission limit (KV capacity for inputTokens + outputTokens per request, i.e. guaranteed-no-evict scheduling, and maxBatchSize).",
  },
  {
    name: "iteration-batch",
    basis: "method",
    text: "Each iteration decodes every running sequence and prefills admitted prompts within maxNumTokens minus the decode tokens; without chunked prefill a prompt is admitted only if it fits whole.",
  },
  {
    name: "iteration-times",
    basis: "method",
    text: "Iteration times come from the serving model's per-iteration roofline (iterationTime) at the current batch and mean context; requests admitted together finish together.",
  },
]);

interface Cohort {
  count: number;
  finishStep: number;
}

interface PrefillGroup {
  count: number;
  tokensLeft: number;
}

/**
 * Simulates an offline (batch) benchmark iteration by iteration: `requests` identical requests queued at time
 * zero on one serving instance, admitted as KV capacity and the engine's limits allow, prefilled (whole prompts,
 * or chunked) and decoded until the last one finishes. Reports what the benchmark reports: total output tokens
 * over the makespan. Unlike the steady-state estimate ({@link estimateServing}) this includes the start-up ramp,
 * the partial last wave when `requests` is not a multiple of the admission limit, and prefill-only iterations.
 *
 * @param input - architecture, accelerator, serving configuration (its `concurrency`/`maxThroughput` are ignored:
 *   the engine admits as many as fit), efficiency factors, and the run's options
 * @returns the simulated run
 * @throws InvalidInputError for a bad configuration, or a run too long to simulate (over 5M iterations)
 * @example
 * ```ts
 * import { simulateOfflineRun } from "@aifactory/workloads";
 * const run = simulateOfflineRun({ architecture: "llama-3.1-8b", accelerator: "nvidia-h100-sxm",
 *   config: { tp: 1, inputTokens: 1000, outputTokens: 1000, maxThroughput: true }, run: { requests: 3000 } });
 * run.outputTokensPerSecond <= run.steadyStateOutputTokensPerSecond * 1.05; // true
 * ```
 * @since 0.2.0
 * @category Inference
 */
export function simulateOfflineRun(input: OfflineRunInput): OfflineRunResult {
  const run = parseInput(offlineRunOptionsSchema, input.run, "offline run options");
  const { terms, hw, config, efficiency } = resolveServingInput({
    ...input,
    config: { maxThroughput: true, ...input.config },
  });
  return simulateOfflineRunResolved(
    terms,
    hw,
    config,
    efficiency,
    run.requests,
    run.chunkedPrefill,
    run.cudaGraphBatchSizes,
  );
}

/**
 * {@link simulateOfflineRun} for resolved terms, hardware and a parsed configuration.
 *
 * @internal
 * @param terms - serving terms
 * @param hw - achievable rates
 * @param config - a parsed, valid configuration
 * @param efficiency - efficiency factors
 * @param requests - requests queued at time zero
 * @param chunkedPrefill - split prompts across iterations
 * @param cudaGraphBatchSizes - CUDA-graph batch sizes decode-only iterations are padded to (unset: no padding)
 * @returns the simulated run
 * @throws InvalidInputError when the run would take more than 5M iterations
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY, resolveAccelerator, resolveServingArchitecture, servingConfigSchema
 *   } from "@aifactory/workloads";
 * import { servingHardware, servingTerms, simulateOfflineRunResolved } from "@aifactory/workloads/internal";
 * const config = servingConfigSchema.parse({ inputTokens: 128, outputTokens: 128, maxThroughput: true });
 * const terms = servingTerms(resolveServingArchitecture("llama-3.1-8b"), "fp8", "fp8");
 * const hw = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
 * simulateOfflineRunResolved(terms, hw, config, DEFAULT_INFERENCE_EFFICIENCY, 100, false).requests; // 100
 * ```
 * @since 0.2.0
 * @category Inference
 */
export function simulateOfflineRunResolved(
  terms: ServingTerms,
  hw: ServingHardware,
  config: ServingConfig,
  efficiency: InferenceEfficiency,
  requests: number,
  chunkedPrefill: boolean,
  cudaGraphBatchSizes?: readonly number[],
): OfflineRunResult {
  const graphSizes = cudaGraphBatchSizes
    ? capturedCudaGraphBatchSizes(
        cudaGraphBatchSizes,
        config.maxBatchSize,
        config.maxNumTokens,
        config.mtpAcceptance > 0 ? config.mtpDraftTokens : 0,
      )
    : [];
  const layout = servingLayout(config);
  const replicas = config.attentionDp ? config.tp : 1;
  const memory = servingMemory(terms, hw, layout, efficiency);
  // Admission limit without the steady-state token-budget term (prefill is simulated here).
  const maxConcurrency = memory.fits
    ? maxServingConcurrency(memory, { ...config, maxNumTokens: Number.MAX_SAFE_INTEGER }, replicas)
    : 0;
  const steady = estimateServingResolved(terms, hw, { ...config, maxThroughput: true }, efficiency);
  const gpus = config.tp * config.pp;
  const warnings: string[] = [];
  const { inputTokens: isl, outputTokens: osl } = config;
  const cached = isl * config.prefixHitRatio;
  const promptTokens = Math.max(0, isl - cached);
  const accepted = acceptedTokensPerStep(config.mtpAcceptance, config.mtpDraftTokens);
  const query = config.mtpAcceptance > 0 ? config.mtpDraftTokens + 1 : 1;
  const drafts = config.mtpAcceptance > 0 ? config.mtpDraftTokens : 0;
  const budgetTotal = config.maxNumTokens * replicas;
  const decodeSteps = Math.max(0, Math.ceil((osl - 1) / accepted));
  const seconds: OfflineRunSeconds = {
    denseMatmulSeconds: 0,
    expertMatmulSeconds: 0,
    headSeconds: 0,
    decodeAttentionSeconds: 0,
    prefillAttentionSeconds: 0,
    elementwiseSeconds: 0,
    communicationSeconds: 0,
    overheadSeconds: 0,
  };
  const kernelSources: KernelSources = { ...steady.breakdown.kernelSources };
  const empty = (): OfflineRunResult => ({
    architectureId: terms.architectureId,
    acceleratorId: hw.acceleratorId,
    config,
    acceleratorCount: gpus,
    requests,
    chunkedPrefill,
    makespanSeconds: 0,
    outputTokensPerSecond: 0,
    outputTokensPerSecondPerGpu: 0,
    totalTokensPerSecond: 0,
    steadyStateOutputTokensPerSecond: steady.outputTokensPerSecond,
    iterations: 0,
    prefillIterations: 0,
    maxConcurrency,
    meanDecodingSequences: 0,
    meanTtftMs: 0,
    meanTpotMs: 0,
    seconds,
    kernelSources,
    assumptions: [...OFFLINE_RUN_ASSUMPTIONS],
    warnings,
  });
  if (maxConcurrency === 0) {
    warnings.push(...steady.warnings.filter((w) => !w.startsWith("max-throughput")));
    if (warnings.length === 0) warnings.push("no request fits on this instance");
    return empty();
  }
  const wholePrompt = Math.max(1, promptTokens);
  if (!chunkedPrefill && wholePrompt + query > budgetTotal) {
    warnings.push(
      `a ${wholePrompt}-token prompt exceeds maxNumTokens (${config.maxNumTokens}) without chunked prefill: prompts are admitted one per iteration on their own`,
    );
  }
  const estimatedIterations = Math.ceil(requests / maxConcurrency) * (decodeSteps + 1) + requests;
  if (estimatedIterations > MAX_SIMULATED_ITERATIONS) {
    throw new InvalidInputError("offline run options", [
      {
        path: "requests",
        message: `needs about ${estimatedIterations.toExponential(1)} engine iterations to simulate (limit ${MAX_SIMULATED_ITERATIONS.toExponential(0)})`,
        received: requests,
        hint: "simulate fewer requests, or use estimateServing (aif serve --max-throughput) for the steady state",
      },
    ]);
  }

  const out = createIterationBreakdown();
  const cohorts: Cohort[] = [];
  let cohortHead = 0;
  const prefilling: PrefillGroup[] = [];
  let prefillHead = 0;
  let queued = requests;
  let decoding = 0;
  let prefillingCount = 0;
  let contextSum = 0; // sum over decoding sequences of their current context
  let time = 0;
  let step = 0;
  let prefillIterations = 0;
  let decodingTime = 0;
  let ttftSum = 0;
  let finished = 0;
  // Sizes of the groups whose prompt completes in the current iteration.
  const started: number[] = [];

  while (finished < requests) {
    // Admit.
    const free = maxConcurrency - decoding - prefillingCount;
    let budget = Math.max(0, budgetTotal - decoding * query);
    let prefillTokens = 0;
    started.length = 0;
    if (chunkedPrefill) {
      const admit = Math.min(queued, free);
      if (admit > 0) {
        prefilling.push({ count: admit, tokensLeft: admit * promptTokens });
        prefillingCount += admit;
        queued -= admit;
      }
      if (budget === 0 && decoding === 0) budget = 1;
      while (prefillHead < prefilling.length && budget > 0) {
        const group = prefilling[prefillHead] as PrefillGroup;
        const take = Math.min(budget, group.tokensLeft);
        group.tokensLeft -= take;
        budget -= take;
        prefillTokens += take;
        if (group.tokensLeft <= 0) {
          started.push(group.count);
          prefillHead += 1;
        }
      }
    } else {
      let admit = Math.min(queued, free, Math.floor(budget / wholePrompt));
      if (admit === 0 && decoding === 0 && queued > 0 && free > 0) admit = 1; // an oversized prompt runs alone
      if (admit > 0) {
        queued -= admit;
        prefillTokens = admit * promptTokens;
        started.push(admit);
      }
    }
    if (prefillTokens > 0) prefillIterations += 1;

    const meanContext = decoding > 0 ? contextSum / decoding : 0;
    // A decode-only iteration runs the smallest captured graph that holds each rank's batch, padded up to it.
    let padded = decoding;
    if (prefillTokens === 0 && decoding > 0 && graphSizes.length > 0) {
      const perRank = Math.ceil(decoding / replicas);
      const size = graphSizes.find((g) => g >= perRank);
      if (size !== undefined) padded = size * replicas;
    }
    const iteration = iterationTime(
      terms,
      hw,
      layout,
      efficiency,
      decoding,
      query,
      meanContext,
      prefillTokens,
      cached + promptTokens / 2,
      out,
      padded,
      promptTokens,
      // Admitted prompts are spread over the attention-DP ranks; the busiest rank prefills the most whole prompts.
      prefillTokens > 0 ? Math.ceil(prefillTokens / promptTokens / replicas) * promptTokens : 0,
    );
    const draft = decoding > 0 ? (drafts * (iteration.iterationSeconds - iteration.overheadSeconds)) / terms.layers : 0;
    const cycle = iteration.iterationSeconds + draft;
    seconds.denseMatmulSeconds += out.denseMatmulSeconds;
    seconds.expertMatmulSeconds += out.expertMatmulSeconds;
    seconds.headSeconds += out.headSeconds;
    seconds.decodeAttentionSeconds += out.decodeAttentionSeconds;
    seconds.prefillAttentionSeconds += out.prefillAttentionSeconds;
    seconds.elementwiseSeconds += out.elementwiseSeconds;
    seconds.communicationSeconds += out.communicationSeconds;
    seconds.overheadSeconds += out.overheadSeconds + draft;
    kernelSources.gemm = worseKernelSource(kernelSources.gemm, out.kernelSources.gemm);
    kernelSources.moe = worseKernelSource(kernelSources.moe, out.kernelSources.moe);
    kernelSources.attention = worseKernelSource(kernelSources.attention, out.kernelSources.attention);
    kernelSources.collective = worseKernelSource(kernelSources.collective, out.kernelSources.collective);
    decodingTime += decoding * cycle;
    time += cycle;
    step += 1;

    // Decoding sequences each gain `accepted` tokens; finished cohorts leave.
    contextSum += decoding * accepted;
    while (cohortHead < cohorts.length && (cohorts[cohortHead] as Cohort).finishStep <= step) {
      const cohort = cohorts[cohortHead] as Cohort;
      decoding -= cohort.count;
      contextSum -= cohort.count * (isl + 1 + decodeSteps * accepted);
      finished += cohort.count;
      cohortHead += 1;
    }
    // Requests whose prompt completed produced their first token in this iteration.
    for (const count of started) {
      // Every request arrived at time zero: its TTFT is the time of its first token, queueing included.
      ttftSum += count * time;
      if (decodeSteps === 0) {
        finished += count;
      } else {
        cohorts.push({ count, finishStep: step + decodeSteps });
        decoding += count;
        contextSum += count * (isl + 1);
      }
      if (chunkedPrefill) prefillingCount -= count;
    }
    if (step > MAX_SIMULATED_ITERATIONS) {
      throw new InvalidInputError("offline run options", [
        {
          path: "requests",
          message: `did not finish within ${MAX_SIMULATED_ITERATIONS.toExponential(0)} engine iterations`,
          received: requests,
          hint: "simulate fewer requests",
        },
      ]);
    }
  }
  // Mean TPOT: each sequence decodes `decodeSteps` cycles; decodingTime sums the cycles over decoding sequences.
  const meanTpotSeconds = decodeSteps > 0 ? decodingTime / (requests * decodeSteps) / accepted : 0;
  const outputTokens = requests * osl;
  const result = empty();
  result.makespanSeconds = time;
  result.outputTokensPerSecond = time > 0 ? outputTokens / time : 0;
  result.outputTokensPerSecondPerGpu = result.outputTokensPerSecond / gpus;
  result.totalTokensPerSecond = time > 0 ? (requests * (isl + osl)) / time : 0;
  result.iterations = step;
  result.prefillIterations = prefillIterations;
  result.meanDecodingSequences = time > 0 ? decodingTime / time : 0;
  result.meanTtftMs = (ttftSum / requests) * 1e3;
  result.meanTpotMs = meanTpotSeconds * 1e3;
  if (requests < maxConcurrency) {
    warnings.push(
      `${requests} requests fill ${((100 * requests) / maxConcurrency).toFixed(0)}% of the ${maxConcurrency} that fit: the run never reaches the max-throughput batch`,
    );
  }
  return result;
}

/**
 * The CUDA-graph batch sizes a TensorRT-LLM engine captures from a configured list (`_filter_cuda_graph_batch_sizes`
 * in `tensorrt_llm/_torch/pyexecutor/model_engine.py`): sizes up to `min(maxBatchSize, maxNumTokens / (1 + drafts))`
 * are kept, and with padding, when the list has a larger size, that cap is added as the last graph.
 *
 * @param sizes - configured batch sizes (any order)
 * @param maxBatchSize - engine max batch size
 * @param maxNumTokens - engine max tokens per iteration
 * @param draftTokens - speculative draft tokens per sequence (0 without speculation)
 * @returns the captured sizes, ascending
 * @example
 * ```ts
 * import { capturedCudaGraphBatchSizes } from "@aifactory/workloads";
 * capturedCudaGraphBatchSizes([1, 64, 128, 256, 512], 224, 2048, 0); // [1, 64, 128, 224]
 * ```
 * @since 0.3.0
 * @category Inference
 */
export function capturedCudaGraphBatchSizes(
  sizes: readonly number[],
  maxBatchSize: number,
  maxNumTokens: number,
  draftTokens: number,
): number[] {
  const cap = Math.min(maxBatchSize, Math.floor(maxNumTokens / (1 + draftTokens)));
  if (cap < 1) return [];
  const sorted = [...new Set(sizes)].sort((a, b) => a - b);
  const kept = sorted.filter((size) => size <= cap);
  if (sorted.some((size) => size > cap) && kept.at(-1) !== cap) kept.push(cap);
  return kept;
}

/**
 * The engine limits `trtllm-bench throughput` picks when none are given (TensorRT-LLM
 * `tensorrt_llm/bench/build/tuning.py` `calc_engine_setting` / `finetune_setting`, and
 * `bench/benchmark/utils/general.py` `get_settings`): KV requests = (tp x pp x HBM - parameters x bytes) x
 * `kvCacheMemoryRatio` / (2 x layers x max(tp, kvHeads) x headDim x KV bytes x (inputTokens + outputTokens)); batch =
 * min(that, 4096) / pp rounded up (to 32 below 256, 128 below 1024, else 256; at least 64); tokens = batch x
 * (1 + isl/osl) capped at 32,768, rounded up (at least 2,048); without chunked prefill the token limit is raised
 * to at least isl + batch.
 *
 * @param input - architecture, accelerator, parallel sizes, formats, isl/osl
 * @returns `maxBatchSize` and `maxNumTokens` (per engine rank)
 * @example
 * ```ts
 * import { trtllmBenchEngineLimits } from "@aifactory/workloads";
 * trtllmBenchEngineLimits({ architecture: "llama-3.3-70b", accelerator: "nvidia-h200-sxm", tp: 1, pp: 1,
 *   weights: "fp8", kv: "fp8", inputTokens: 128, outputTokens: 2048 }).maxBatchSize; // 224
 * ```
 * @since 0.2.0
 * @category Inference
 */
export function trtllmBenchEngineLimits(input: TrtllmBenchLimitsInput): { maxBatchSize: number; maxNumTokens: number } {
  const parsed = parseInput(trtllmBenchLimitsSchema, input, "trtllm-bench limits input");
  const arch = resolveServingArchitecture(input.architecture);
  const accelerator = resolveAccelerator(input.accelerator);
  const { tp, pp, inputTokens: isl, outputTokens: osl } = parsed;
  const kvBytes = parsed.kv === "fp8" ? 1 : 2;
  // tuning.py BYTES_PER_ELEM: no quantization 2, FP8 1, NVFP4 0.5 (it ignores the FP8 block scales).
  const weightBytes = parsed.weights === "bf16" ? 2 : parsed.weights === "fp4" ? 0.5 : 1;
  const headDim = arch.headDim ?? arch.hiddenSize / arch.attentionHeads;
  const bytesPerToken = 2 * arch.layers * Math.max(tp, arch.kvHeads) * headDim * kvBytes;
  const deviceBytes = (accelerator.memoryUsableGB ?? accelerator.memoryGB) * 2 ** 30;
  const available = tp * pp * deviceBytes - parameterCounts(arch).totalParams * weightBytes;
  const kvRequests = Math.max(0, (available * parsed.kvCacheMemoryRatio) / (bytesPerToken * (isl + osl)));
  const rawBatch = Math.min(kvRequests, 4096) / pp;
  const rawTokens = Math.min(rawBatch * (1 + isl / osl), 32768);
  let maxBatchSize: number;
  if (rawBatch < 256) maxBatchSize = Math.max(64, 32 * Math.ceil(rawBatch / 32));
  else if (rawBatch < 1024) maxBatchSize = 128 * Math.ceil(rawBatch / 128);
  else maxBatchSize = 256 * Math.ceil(rawBatch / 256);
  let maxNumTokens: number;
  if (rawTokens < 4096) maxNumTokens = Math.max(2048, 256 * Math.ceil(rawTokens / 256));
  else if (rawTokens < 8192) maxNumTokens = 512 * Math.ceil(rawTokens / 512);
  else maxNumTokens = 1024 * Math.ceil(rawTokens / 1024);
  if (!parsed.chunkedPrefill) maxNumTokens = Math.max(maxNumTokens, isl + maxBatchSize);
  return { maxBatchSize, maxNumTokens };
}

/**
 * What {@link trtllmBenchEngineLimits} takes.
 *
 * @example
 * ```ts
 * import { trtllmBenchLimitsSchema } from "@aifactory/workloads";
 * trtllmBenchLimitsSchema.parse({ architecture: "llama-3.1-8b", accelerator: "nvidia-h100-sxm", inputTokens: 128,
 *   outputTokens: 128 }).kvCacheMemoryRatio; // 0.95
 * ```
 * @since 0.2.0
 * @category Inference
 */
export const trtllmBenchLimitsSchema = z
  .object({
    architecture: z.unknown(),
    accelerator: z.unknown(),
    tp: positiveInt.default(1),
    pp: positiveInt.default(1),
    weights: z.enum(["bf16", "fp8", "fp8-block", "fp4"]).default("fp8"),
    kv: z.enum(["bf16", "fp8"]).default("fp8"),
    inputTokens: positiveInt,
    outputTokens: positiveInt,
    /** trtllm-bench `--kv_cache_free_gpu_mem_fraction` (its heuristic's default 0.95). */
    kvCacheMemoryRatio: ratio.default(0.95),
    chunkedPrefill: z.boolean().default(false),
  })
  .strict();

/**
 * Input of {@link trtllmBenchEngineLimits}.
 *
 * @since 0.2.0
 * @category Inference
 */
export type TrtllmBenchLimitsInput = z.input<typeof trtllmBenchLimitsSchema> & {
  architecture: ServingInput["architecture"];
  accelerator: ServingInput["accelerator"];
};
