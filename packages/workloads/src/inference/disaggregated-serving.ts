import { type Assumption, type InputProblem, InvalidInputError, parseInput, positiveInt, ratio } from "@aifactory/core";
import type { AcceleratorId } from "@aifactory/hardware";
import { z } from "zod";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import type { ArchitectureId } from "../architecture/catalog";
import { type KernelSources, type KernelTablesOption, worseKernelSource } from "../kernels/kernel-option";
import { type AcceleratorSpec, resolveAccelerator } from "../training/accelerator-spec";
import { evaluateDecodePool, evaluatePrefillPool } from "./disaggregated";
import { type InferenceEfficiencyInput, inferenceEfficiencySchema } from "./inference-efficiency";
import { kvPrecisionSchema, servingConfigSchema, weightPrecisionSchema } from "./serving-config";
import type { IterationBreakdown, ServingLayout, ServingMemory } from "./serving-iteration";
import { kernelFallbackWarnings, type ServingWorkload, servingConfigProblems, servingLayout } from "./serving-model";
import { resolveServingArchitecture, servingHardware, servingTerms } from "./serving-terms";

/**
 * One pool of a disaggregated deployment: how many instances and each instance's layout (TP, EP, attention
 * data parallelism, redundant experts, two-batch overlap, MoE exchange).
 *
 * @example
 * ```ts
 * import { servingPoolSchema } from "@aifactory/workloads";
 * servingPoolSchema.parse({ instances: 2, tp: 8, ep: 8, attentionDp: true }).redundantExperts; // 0
 * ```
 * @since 0.5.0
 * @category Inference
 */
export const servingPoolSchema = z
  .object({
    instances: positiveInt.default(1),
    tp: positiveInt.default(1),
    ep: positiveInt.default(1),
    attentionDp: z.boolean().default(false),
    redundantExperts: z.number().int().nonnegative().default(0),
    microBatchOverlap: z.boolean().default(false),
    moeDispatch: z.enum(["all-to-all", "allgather"]).default("all-to-all"),
    /** Sequences in flight per decode instance (decode pool only; default: as many as the KV cache holds). */
    concurrency: positiveInt.optional(),
  })
  .strict();

/**
 * A pool as written by a user. See {@link servingPoolSchema}.
 *
 * @example
 * ```ts
 * import { type ServingPoolInput } from "@aifactory/workloads";
 * const decode: ServingPoolInput = { instances: 1, tp: 16, ep: 16, attentionDp: true, concurrency: 512 };
 * ```
 * @since 0.5.0
 * @category Inference
 */
export type ServingPoolInput = z.input<typeof servingPoolSchema>;

/**
 * A fixed xPyD deployment: x prefill instances and y decode instances with their own layouts, the traffic
 * shape and the formats.
 *
 * @example
 * ```ts
 * import { disaggregatedServingSchema } from "@aifactory/workloads";
 * disaggregatedServingSchema.parse({ prefill: { instances: 2, tp: 8 }, decode: { tp: 8 }, inputTokens: 4000, outputTokens: 500 })
 *   .weights; // "fp8"
 * ```
 * @since 0.5.0
 * @category Inference
 */
export const disaggregatedServingSchema = z
  .object({
    prefill: servingPoolSchema,
    decode: servingPoolSchema,
    weights: weightPrecisionSchema.default("fp8"),
    kv: kvPrecisionSchema.default("fp8"),
    inputTokens: positiveInt,
    outputTokens: positiveInt,
    prefixHitRatio: ratio.default(0),
    mtpAcceptance: ratio.default(0),
    mtpDraftTokens: positiveInt.default(1),
    maxBatchSize: positiveInt.default(2048),
    maxNumTokens: positiveInt.default(8192),
  })
  .strict();

/**
 * Inputs of {@link estimateDisaggregatedServing}.
 *
 * @example
 * ```ts
 * import { type DisaggregatedServingInput } from "@aifactory/workloads";
 * const input: DisaggregatedServingInput = { architecture: "deepseek-v3", accelerator: "nvidia-h200-sxm",
 *   config: { prefill: { instances: 3, tp: 8, ep: 8, attentionDp: true },
 *     decode: { instances: 1, tp: 16, ep: 16, attentionDp: true }, inputTokens: 4000, outputTokens: 1000 } };
 * ```
 * @since 0.5.0
 * @category Inference
 */
export interface DisaggregatedServingInput {
  architecture: ArchitectureId | ArchitectureInput | Architecture;
  accelerator: AcceleratorId | AcceleratorSpec;
  config: z.input<typeof disaggregatedServingSchema>;
  efficiency?: InferenceEfficiencyInput;
  /** Measured kernel tables (default `"builtin"`). */
  kernels?: KernelTablesOption;
}

/**
 * One pool's numbers.
 *
 * @example
 * ```ts
 * import { type DisaggregatedPoolResult } from "@aifactory/workloads";
 * const show = (p: DisaggregatedPoolResult) => `${p.instances} x ${p.gpusPerInstance} GPUs`;
 * ```
 * @since 0.5.0
 * @category Inference
 */
export interface DisaggregatedPoolResult {
  instances: number;
  gpusPerInstance: number;
  /** Requests per second the whole pool can complete at the point it runs. */
  capacityRequestsPerSecond: number;
  /** Share of that capacity the deployment uses (1 for the pool that bounds it). */
  utilizationRatio: number;
  memory: ServingMemory;
  iteration: IterationBreakdown;
}

/**
 * What {@link estimateDisaggregatedServing} returns.
 *
 * @example
 * ```ts
 * import { type DisaggregatedServingResult } from "@aifactory/workloads";
 * const line = (r: DisaggregatedServingResult) => `${r.outputTokensPerSecondPerGpu} tok/s/GPU, ${r.boundBy}-bound`;
 * ```
 * @since 0.5.0
 * @category Inference
 */
export interface DisaggregatedServingResult {
  architectureId: string;
  acceleratorId: string;
  config: z.infer<typeof disaggregatedServingSchema>;
  acceleratorCount: number;
  /** Requests per second of the deployment: the smaller of what the pools can do. */
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  outputTokensPerSecondPerGpu: number;
  inputTokensPerSecond: number;
  boundBy: "prefill" | "decode";
  /** Prefill of one prompt plus its KV transfer to the decode pool (no queueing), ms. */
  ttftMs: number;
  prefillMs: number;
  kvTransferMs: number;
  /** Time per output token at the decode concurrency the deployment runs, ms. */
  tpotMs: number;
  /** Sequences in flight per decode instance (lowered to what the prefill pool feeds when it bounds). */
  decodeConcurrency: number;
  decodeMaxConcurrency: number;
  prefill: DisaggregatedPoolResult;
  decode: DisaggregatedPoolResult;
  kernelSources: KernelSources;
  assumptions: Assumption[];
  warnings: string[];
}

const ASSUMPTIONS: readonly Assumption[] = Object.freeze([
  {
    name: "prefill-pool",
    basis: "method",
    text: "Prefill instances run full token budgets of whole prompts (chunks of maxNumTokens per attention-DP rank); each prompt's KV cache goes to a decode instance over the scale-out network, pipelined layer by layer and added to TTFT.",
  },
  {
    name: "decode-pool",
    basis: "method",
    text: "Decode instances run at the given concurrency or the largest the KV cache holds; when the prefill pool cannot feed that many, the decode concurrency drops to what it feeds (Little's law: concurrency = request rate x osl x TPOT), which also lowers TPOT.",
  },
  {
    name: "steady-state",
    basis: "method",
    text: "Steady state without queueing: TTFT is the service time of one prompt; the deployment's rate is the smaller of the two pools' capacities.",
  },
]);

function poolLayout(pool: z.infer<typeof servingPoolSchema>, config: z.infer<typeof disaggregatedServingSchema>) {
  const parsed = servingConfigSchema.parse({
    tp: pool.tp,
    ep: pool.ep,
    attentionDp: pool.attentionDp,
    redundantExperts: pool.redundantExperts,
    microBatchOverlap: pool.microBatchOverlap,
    moeDispatch: pool.moeDispatch,
    weights: config.weights,
    kv: config.kv,
    inputTokens: config.inputTokens,
    outputTokens: config.outputTokens,
    maxThroughput: true,
  });
  return parsed;
}

/**
 * Estimates a fixed disaggregated (xPyD) deployment: x prefill instances and y decode instances, each pool with
 * its own TP, EP and attention-DP layout, the KV transfer between them, which pool bounds the deployment, and
 * the TTFT and TPOT it runs at.
 *
 * @param input - architecture, accelerator, the two pools, traffic and formats
 * @returns the estimate with both pools' numbers
 * @throws InvalidInputError naming every violated constraint of either pool (paths `prefill.*`, `decode.*`)
 * @example
 * ```ts
 * import { estimateDisaggregatedServing } from "@aifactory/workloads";
 * const r = estimateDisaggregatedServing({ architecture: "llama-3.1-70b", accelerator: "nvidia-h100-sxm",
 *   config: { prefill: { instances: 2, tp: 4 }, decode: { instances: 1, tp: 8 }, inputTokens: 4000, outputTokens: 500 } });
 * r.outputTokensPerSecondPerGpu > 0; // true
 * ```
 * @since 0.5.0
 * @category Inference
 */
export function estimateDisaggregatedServing(input: DisaggregatedServingInput): DisaggregatedServingResult {
  const arch = resolveServingArchitecture(input.architecture);
  const accelerator = resolveAccelerator(input.accelerator);
  const config = parseInput(disaggregatedServingSchema, input.config, "disaggregated serving configuration");
  const efficiency = parseInput(inferenceEfficiencySchema, input.efficiency ?? {}, "efficiency factors");
  const prefillConfig = poolLayout(config.prefill, config);
  const decodeConfig = poolLayout(config.decode, config);
  const problems: InputProblem[] = [
    ...servingConfigProblems(arch, prefillConfig).map((p) => ({ ...p, path: `prefill.${p.path}` })),
    ...servingConfigProblems(arch, decodeConfig).map((p) => ({ ...p, path: `decode.${p.path}` })),
  ];
  if (config.prefill.concurrency !== undefined) {
    problems.push({
      path: "prefill.concurrency",
      message: "applies to the decode pool only (prefill instances run full token budgets)",
      received: config.prefill.concurrency,
    });
  }
  if (problems.length > 0) {
    throw new InvalidInputError(
      `disaggregated deployment of ${arch.id} on ${accelerator.id}`,
      problems,
      "change the pool layouts so that every listed constraint holds (or run `aif serve search --disaggregated`)",
    );
  }
  const terms = servingTerms(arch, config.weights, config.kv);
  const hw = servingHardware(accelerator, efficiency, config.weights, input.kernels);
  const workload: ServingWorkload = config;
  const prefillLayout: ServingLayout = servingLayout(prefillConfig);
  const decodeLayout: ServingLayout = servingLayout(decodeConfig);
  const prefillPoint = evaluatePrefillPool(terms, hw, prefillLayout, efficiency, workload);
  const prefillMemory = evaluateDecodePool(terms, hw, prefillLayout, efficiency, workload, 1).memory;
  const full = evaluateDecodePool(terms, hw, decodeLayout, efficiency, workload, config.decode.concurrency);
  const warnings: string[] = [];
  if (!prefillMemory.fits) warnings.push("the prefill instance's weights do not fit in GPU memory: raise its tp/ep");
  if (!full.memory.fits) warnings.push("the decode instance's weights do not fit in GPU memory: raise its tp/ep");
  else if (full.maxConcurrency < 1) warnings.push("the decode instance's KV cache cannot hold one sequence");
  if (config.decode.concurrency !== undefined && config.decode.concurrency > full.maxConcurrency) {
    warnings.push(
      `decode concurrency ${config.decode.concurrency} exceeds the ${full.maxConcurrency} sequences that fit: results are for ${full.maxConcurrency}`,
    );
  }
  const prefillCapacity = prefillMemory.fits ? config.prefill.instances * prefillPoint.requestsPerSecond : 0;
  const decodeCapacity = config.decode.instances * full.requestsPerSecond;
  let decode = full;
  const boundBy: "prefill" | "decode" = prefillCapacity < decodeCapacity ? "prefill" : "decode";
  if (boundBy === "prefill" && prefillCapacity > 0 && full.concurrency > 1) {
    // The decode pool runs only as many sequences as the prefill pool feeds: the smallest concurrency whose
    // completion rate matches the prefill rate (bisection; the rate grows with the batch).
    let lo = 1;
    let hi = full.concurrency;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const point = evaluateDecodePool(terms, hw, decodeLayout, efficiency, workload, mid);
      if (config.decode.instances * point.requestsPerSecond >= prefillCapacity) hi = mid;
      else lo = mid + 1;
    }
    decode = evaluateDecodePool(terms, hw, decodeLayout, efficiency, workload, lo);
  }
  const requestsPerSecond = Math.min(prefillCapacity, config.decode.instances * decode.requestsPerSecond);
  const prefillGpus = config.prefill.instances * config.prefill.tp;
  const decodeGpus = config.decode.instances * config.decode.tp;
  const gpus = prefillGpus + decodeGpus;
  const outputTokensPerSecond = requestsPerSecond * config.outputTokens;
  const kernelSources: KernelSources = { ...prefillPoint.iteration.kernelSources };
  for (const key of ["gemm", "moe", "attention", "collective"] as const) {
    kernelSources[key] = worseKernelSource(kernelSources[key], decode.iteration.kernelSources[key]);
  }
  if (hw.kernels !== undefined) warnings.push(...kernelFallbackWarnings(terms, hw, kernelSources));
  if (config.decode.tp > hw.scaleUpDomainSize) {
    warnings.push(
      `decode instances span ${Math.ceil(config.decode.tp / hw.scaleUpDomainSize)} scale-up domains (wide EP): the expert exchange runs over scale-out`,
    );
  }
  const utilization = (capacity: number) => (capacity > 0 ? Math.min(1, requestsPerSecond / capacity) : 0);
  return {
    architectureId: terms.architectureId,
    acceleratorId: hw.acceleratorId,
    config,
    acceleratorCount: gpus,
    requestsPerSecond,
    outputTokensPerSecond,
    outputTokensPerSecondPerGpu: outputTokensPerSecond / gpus,
    inputTokensPerSecond: requestsPerSecond * config.inputTokens,
    boundBy,
    ttftMs: (prefillPoint.prefillSeconds + prefillPoint.kvTransferSeconds) * 1e3,
    prefillMs: prefillPoint.prefillSeconds * 1e3,
    kvTransferMs: prefillPoint.kvTransferSeconds * 1e3,
    tpotMs: decode.tpotSeconds * 1e3,
    decodeConcurrency: decode.concurrency,
    decodeMaxConcurrency: full.maxConcurrency,
    prefill: {
      instances: config.prefill.instances,
      gpusPerInstance: config.prefill.tp,
      capacityRequestsPerSecond: prefillCapacity,
      utilizationRatio: utilization(prefillCapacity),
      memory: prefillMemory,
      iteration: prefillPoint.iteration,
    },
    decode: {
      instances: config.decode.instances,
      gpusPerInstance: config.decode.tp,
      capacityRequestsPerSecond: decodeCapacity,
      utilizationRatio: utilization(decodeCapacity),
      memory: decode.memory,
      iteration: decode.iteration,
    },
    kernelSources,
    assumptions: [...ASSUMPTIONS],
    warnings,
  };
}
