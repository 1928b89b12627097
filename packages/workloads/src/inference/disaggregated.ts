import type { InferenceEfficiency } from "./inference-efficiency";
import {
  createIterationBreakdown,
  type IterationBreakdown,
  iterationTime,
  type ServingLayout,
  type ServingMemory,
  servingMemory,
} from "./serving-iteration";
import { acceptedTokensPerStep, maxServingConcurrency, type ServingWorkload } from "./serving-model";
import type { ServingHardware, ServingTerms } from "./serving-terms";

/**
 * A prefill pool's throughput: prompts batched up to the token budget per iteration.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface PrefillPoolPoint {
  /** Requests one prefill instance completes per second. */
  requestsPerSecond: number;
  /** Prompt tokens (cached included) per second per instance. */
  inputTokensPerSecond: number;
  /** Prefill time of one request's prompt (its chunks at a full token budget), seconds. */
  prefillSeconds: number;
  /** KV transfer of one request to the decode pool, seconds (pipelined layer by layer; added to TTFT). */
  kvTransferSeconds: number;
  iteration: IterationBreakdown;
}

/**
 * Evaluates one prefill instance of a disaggregated deployment: each iteration prefills `maxNumTokens` prompt
 * tokens (per attention replica); a request's KV (isl x KV bytes per token, all layers) then crosses the
 * scale-out fabric to a decode instance at the prefill GPUs' NIC rate.
 *
 * @internal
 * @param terms - serving terms
 * @param hw - achievable rates
 * @param layout - prefill instance layout
 * @param efficiency - efficiency factors
 * @param workload - workload numbers
 * @returns the prefill point
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY, resolveAccelerator, resolveServingArchitecture } from "@aifactory/workloads";
 * import { evaluatePrefillPool, servingHardware, servingTerms } from "@aifactory/workloads/internal";
 * const terms = servingTerms(resolveServingArchitecture("llama-3.1-70b"), "fp8", "fp8");
 * const hw = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
 * evaluatePrefillPool(terms, hw, { tp: 2, pp: 1, ep: 1, attentionDp: false, microBatchOverlap: false },
 *   DEFAULT_INFERENCE_EFFICIENCY, { inputTokens: 4000, outputTokens: 500, prefixHitRatio: 0, mtpAcceptance: 0,
 *   mtpDraftTokens: 1, maxBatchSize: 2048, maxNumTokens: 8192 }).requestsPerSecond > 0; // true
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function evaluatePrefillPool(
  terms: ServingTerms,
  hw: ServingHardware,
  layout: ServingLayout,
  efficiency: InferenceEfficiency,
  workload: ServingWorkload,
): PrefillPoolPoint {
  const cached = workload.inputTokens * workload.prefixHitRatio;
  const prefillPerRequest = workload.inputTokens - cached;
  const replicas = layout.attentionDp ? layout.tp : 1;
  const tokens = Math.max(workload.maxNumTokens, prefillPerRequest) * replicas;
  const iteration = iterationTime(
    terms,
    hw,
    layout,
    efficiency,
    0,
    1,
    0,
    tokens,
    cached + prefillPerRequest / 2,
    createIterationBreakdown(),
  );
  const perRequestTokens = Math.max(prefillPerRequest, 1);
  const requestsPerSecond = tokens / perRequestTokens / iteration.iterationSeconds;
  const gpus = layout.tp * layout.pp;
  const kvBytes = workload.inputTokens * terms.kvBytesPerTokenLayer * terms.layers;
  const kvTransferSeconds = kvBytes / (hw.scaleOutBytesPerSecond * Math.max(1, gpus / replicas));
  const chunks = Math.ceil(perRequestTokens / (workload.maxNumTokens * replicas));
  return {
    requestsPerSecond: Math.min(requestsPerSecond, (1 / kvTransferSeconds) * replicas),
    inputTokensPerSecond: requestsPerSecond * workload.inputTokens,
    prefillSeconds: Math.max(1, chunks) * iteration.iterationSeconds,
    kvTransferSeconds,
    iteration,
  };
}

/**
 * A decode pool's operating point: decode-only iterations at `concurrency` sequences.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface DecodePoolPoint {
  concurrency: number;
  maxConcurrency: number;
  tpotSeconds: number;
  /** Output tokens per second per instance. */
  outputTokensPerSecond: number;
  /** Requests one decode instance completes per second. */
  requestsPerSecond: number;
  memory: ServingMemory;
  iteration: IterationBreakdown;
}

/**
 * Evaluates one decode instance of a disaggregated deployment (no prefill in its iterations). `concurrency`
 * undefined means the largest that fits.
 *
 * @internal
 * @param terms - serving terms
 * @param hw - achievable rates
 * @param layout - decode instance layout
 * @param efficiency - efficiency factors
 * @param workload - workload numbers
 * @param concurrency - sequences in flight (default: the maximum)
 * @returns the decode point (zero throughput when nothing fits)
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY, resolveAccelerator, resolveServingArchitecture } from "@aifactory/workloads";
 * import { evaluateDecodePool, servingHardware, servingTerms } from "@aifactory/workloads/internal";
 * const terms = servingTerms(resolveServingArchitecture("llama-3.1-70b"), "fp8", "fp8");
 * const hw = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
 * evaluateDecodePool(terms, hw, { tp: 4, pp: 1, ep: 1, attentionDp: false, microBatchOverlap: false },
 *   DEFAULT_INFERENCE_EFFICIENCY, { inputTokens: 4000, outputTokens: 500, prefixHitRatio: 0, mtpAcceptance: 0,
 *   mtpDraftTokens: 1, maxBatchSize: 2048, maxNumTokens: 8192 }).tpotSeconds > 0; // true
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function evaluateDecodePool(
  terms: ServingTerms,
  hw: ServingHardware,
  layout: ServingLayout,
  efficiency: InferenceEfficiency,
  workload: ServingWorkload,
  concurrency?: number,
): DecodePoolPoint {
  const memory = servingMemory(terms, hw, layout, efficiency);
  const replicas = layout.attentionDp ? layout.tp : 1;
  const decodeOnly = { ...workload, prefixHitRatio: 1 };
  const maxConcurrency = memory.fits ? maxServingConcurrency(memory, decodeOnly, replicas) : 0;
  const running = Math.max(1, Math.min(concurrency ?? maxConcurrency, Math.max(1, maxConcurrency)));
  const accepted = acceptedTokensPerStep(workload.mtpAcceptance, workload.mtpDraftTokens);
  const query = workload.mtpAcceptance > 0 ? workload.mtpDraftTokens + 1 : 1;
  const iteration = iterationTime(
    terms,
    hw,
    layout,
    efficiency,
    running,
    query,
    workload.inputTokens + workload.outputTokens / 2,
    0,
    0,
    createIterationBreakdown(),
  );
  const drafts = workload.mtpAcceptance > 0 ? workload.mtpDraftTokens : 0;
  const cycle = iteration.iterationSeconds * (1 + drafts / terms.layers);
  const valid = maxConcurrency > 0;
  const outputTokensPerSecond = valid ? (running * accepted) / cycle : 0;
  return {
    concurrency: valid ? running : 0,
    maxConcurrency,
    tpotSeconds: cycle / accepted,
    outputTokensPerSecond,
    requestsPerSecond: outputTokensPerSecond / workload.outputTokens,
    memory,
    iteration,
  };
}

/**
 * The best prefill:decode instance ratio for a GPU budget.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface DisaggregatedPlan {
  prefillInstances: number;
  decodeInstances: number;
  prefillGpus: number;
  decodeGpus: number;
  /** Output tokens per second of the whole deployment (min of what prefill feeds and decode drains). */
  outputTokensPerSecond: number;
  outputTokensPerSecondPerGpu: number;
  /** Which pool limits the deployment. */
  boundBy: "prefill" | "decode";
}

/**
 * Chooses how many prefill and decode instances a GPU budget should hold: for every split, deployment
 * throughput = min(prefill requests/s, decode requests/s) x osl; the best split per GPU wins.
 *
 * @param prefill - one prefill instance's point
 * @param prefillGpusPerInstance - GPUs of a prefill instance
 * @param decode - one decode instance's point
 * @param decodeGpusPerInstance - GPUs of a decode instance
 * @param gpuBudget - GPUs available
 * @param osl - output tokens per request
 * @returns the best plan, or undefined when no split fits the budget
 * @example
 * ```ts
 * import { bestPrefillDecodeRatio } from "@aifactory/workloads";
 * const plan = bestPrefillDecodeRatio({ requestsPerSecond: 10 } as never, 2, { requestsPerSecond: 5 } as never,
 *   2, 8, 500);
 * plan?.prefillInstances; // 1
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function bestPrefillDecodeRatio(
  prefill: Pick<PrefillPoolPoint, "requestsPerSecond">,
  prefillGpusPerInstance: number,
  decode: Pick<DecodePoolPoint, "requestsPerSecond">,
  decodeGpusPerInstance: number,
  gpuBudget: number,
  osl: number,
): DisaggregatedPlan | undefined {
  let best: DisaggregatedPlan | undefined;
  const maxPrefill = Math.floor((gpuBudget - decodeGpusPerInstance) / prefillGpusPerInstance);
  for (let p = 1; p <= maxPrefill; p++) {
    const d = Math.floor((gpuBudget - p * prefillGpusPerInstance) / decodeGpusPerInstance);
    if (d < 1) break;
    const prefillRate = p * prefill.requestsPerSecond;
    const decodeRate = d * decode.requestsPerSecond;
    const gpus = p * prefillGpusPerInstance + d * decodeGpusPerInstance;
    const output = Math.min(prefillRate, decodeRate) * osl;
    const perGpu = output / gpus;
    if (best === undefined || perGpu > best.outputTokensPerSecondPerGpu) {
      best = {
        prefillInstances: p,
        decodeInstances: d,
        prefillGpus: p * prefillGpusPerInstance,
        decodeGpus: d * decodeGpusPerInstance,
        outputTokensPerSecond: output,
        outputTokensPerSecondPerGpu: perGpu,
        boundBy: prefillRate < decodeRate ? "prefill" : "decode",
      };
    }
  }
  return best;
}
