import { InvalidInputError, parseInput, positiveInt, ratio } from "@aifactory/core";
import type { AcceleratorId } from "@aifactory/hardware";
import { z } from "zod";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import type { ArchitectureId } from "../architecture/catalog";
import { type KernelSources, type KernelTablesOption, worseKernelSource } from "../kernels/kernel-option";
import { type AcceleratorSpec, resolveAccelerator } from "../training/accelerator-spec";
import { bestPrefillDecodeRatio, evaluateDecodePool, evaluatePrefillPool } from "./disaggregated";
import { type InferenceEfficiencyInput, inferenceEfficiencySchema } from "./inference-efficiency";
import { kvPrecisionSchema, servingConfigSchema, weightPrecisionSchema } from "./serving-config";
import { createIterationBreakdown, type ServingLayout, servingMemory } from "./serving-iteration";
import {
  evaluateServingPoint,
  maxServingConcurrency,
  type ServingWorkload,
  servingConfigProblems,
} from "./serving-model";
import { resolveServingArchitecture, servingHardware, servingTerms } from "./serving-terms";

/**
 * The SLO search's knobs: GPU budget, traffic, SLOs, formats, and whether disaggregated deployments are
 * searched too.
 *
 * @example
 * ```ts
 * import { servingSearchSpaceSchema } from "@aifactory/workloads";
 * servingSearchSpaceSchema.parse({ acceleratorCount: 8, inputTokens: 1000, outputTokens: 1000, ttftMs: 2000, tpotMs: 50 }).disaggregated; // false
 * ```
 * @since 0.1.0
 * @category Inference
 */
const fixedPoolSchema = z
  .object({
    tp: positiveInt,
    ep: positiveInt.default(1),
    attentionDp: z.boolean().default(false),
    redundantExperts: z.number().int().nonnegative().default(0),
    microBatchOverlap: z.boolean().default(false),
  })
  .strict();

export const servingSearchSpaceSchema = z
  .object({
    acceleratorCount: positiveInt,
    inputTokens: positiveInt,
    outputTokens: positiveInt,
    /** TTFT ceiling, ms. */
    ttftMs: z.number().finite().positive(),
    /** TPOT ceiling, ms. */
    tpotMs: z.number().finite().positive(),
    weights: weightPrecisionSchema.default("fp8"),
    kv: kvPrecisionSchema.default("fp8"),
    prefixHitRatio: ratio.default(0),
    mtpAcceptance: ratio.default(0),
    mtpDraftTokens: positiveInt.default(1),
    disaggregated: z.boolean().default(false),
    /**
     * Fixed prefill and/or decode instance layouts for the disaggregated search (implies `disaggregated`): only
     * the P:D ratio and the decode concurrency are searched for a fixed pool.
     */
    prefillPool: fixedPoolSchema.optional(),
    decodePool: fixedPoolSchema.optional(),
    /**
     * Largest EP size tried for MoE models (attention-DP instances wider than one scale-up domain: wide EP
     * across nodes). Default: one scale-up domain.
     */
    maxEp: positiveInt.optional(),
    maxBatchSize: positiveInt.default(2048),
    maxNumTokens: positiveInt.default(8192),
  })
  .strict();

/**
 * What {@link searchServingConfigs} takes.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface ServingSearchInput {
  architecture: ArchitectureId | ArchitectureInput | Architecture;
  accelerator: AcceleratorId | AcceleratorSpec;
  space: z.input<typeof servingSearchSpaceSchema>;
  efficiency?: InferenceEfficiencyInput;
  /** Results to keep (default 10). */
  limit?: number;
  /**
   * Measured kernel tables: `"builtin"` (default), `"none"` for the analytic roofline, or your own tables (see
   * {@link KernelTablesOption}).
   */
  kernels?: KernelTablesOption;
}

/**
 * One configuration that meets the SLOs.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface ServingSearchResult {
  mode: "aggregated" | "disaggregated";
  /** Instance layout (aggregated), or the decode instance's (disaggregated). */
  tp: number;
  ep: number;
  attentionDp: boolean;
  /** Sequences in flight per (decode) instance. */
  concurrency: number;
  ttftMs: number;
  tpotMs: number;
  outputTokensPerSecondPerGpu: number;
  /** Output tokens/s of the whole deployment. */
  outputTokensPerSecond: number;
  gpusUsed: number;
  instances: number;
  /** Prefill pool of a disaggregated deployment. */
  prefill?: { tp: number; ep: number; attentionDp: boolean; instances: number; acceleratorCount: number };
  /** Decode pool of a disaggregated deployment. */
  decode?: { instances: number; acceleratorCount: number };
}

/**
 * The search's output: how many operating points were evaluated and the configurations meeting the SLOs,
 * best output tokens/s per GPU first.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface ServingSearchReport {
  evaluatedCount: number;
  results: ServingSearchResult[];
  /** Where each kernel class's time came from (the most approximate source over every evaluated point). */
  kernelSources: KernelSources;
  warnings: string[];
}

function layouts(arch: Architecture, gpuBudget: number, scaleUpDomainSize: number, maxEp: number): ServingLayout[] {
  const out: ServingLayout[] = [];
  for (let tp = 1; tp <= gpuBudget && tp <= Math.max(scaleUpDomainSize, 1); tp *= 2) {
    const base = { tp, pp: 1, microBatchOverlap: false };
    if (arch.attentionHeads % tp === 0) out.push({ ...base, ep: 1, attentionDp: false });
    if (arch.moe && tp > 1 && arch.moe.experts % tp === 0) {
      if (arch.attentionHeads % tp === 0) out.push({ ...base, ep: tp, attentionDp: false });
      out.push({ ...base, ep: tp, attentionDp: true });
    }
  }
  // Wide EP: attention-DP instances over several scale-up domains (the expert exchange crosses scale-out).
  if (arch.moe) {
    for (let tp = 2 * Math.max(scaleUpDomainSize, 1); tp <= Math.min(gpuBudget, maxEp); tp *= 2) {
      if (arch.moe.experts % tp === 0) out.push({ tp, pp: 1, microBatchOverlap: false, ep: tp, attentionDp: true });
    }
  }
  return out;
}

function fixedLayout(pool: z.infer<typeof fixedPoolSchema>): ServingLayout {
  return { pp: 1, ...pool };
}

/**
 * Searches serving configurations for a GPU budget: tensor parallelism (powers of two up to the scale-up
 * domain), expert parallelism and attention data parallelism for MoE models, the largest concurrency that
 * meets TTFT <= `ttftMs` and TPOT <= `tpotMs` (binary search: both grow with concurrency), and, with
 * `disaggregated`, every prefill x decode layout pair at its best P:D ratio. Ranked by output tokens/s per GPU.
 *
 * @param input - model, accelerator, search space, efficiency factors, kernel tables (default `"builtin"`)
 * @returns the evaluated count, the ranked results (empty when nothing meets the SLOs) and the kernel sources
 * @throws InvalidInputError for a bad search space; NotFoundError for unknown ids
 * @example
 * ```ts
 * import { searchServingConfigs } from "@aifactory/workloads";
 * const report = searchServingConfigs({ architecture: "llama-3.1-70b", accelerator: "nvidia-h100-sxm",
 *   space: { acceleratorCount: 8, inputTokens: 1000, outputTokens: 500, ttftMs: 3000, tpotMs: 60 } });
 * report.results[0]?.outputTokensPerSecondPerGpu ?? 0; // > 0
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function searchServingConfigs(input: ServingSearchInput): ServingSearchReport {
  const arch = resolveServingArchitecture(input.architecture);
  const accelerator = resolveAccelerator(input.accelerator);
  const space = parseInput(servingSearchSpaceSchema, input.space, "serving search space");
  const efficiency = parseInput(inferenceEfficiencySchema, input.efficiency ?? {}, "efficiency factors");
  const terms = servingTerms(arch, space.weights, space.kv);
  const hw = servingHardware(accelerator, efficiency, space.weights, input.kernels);
  const workload: ServingWorkload = space;
  const ttft = space.ttftMs / 1e3;
  const tpot = space.tpotMs / 1e3;
  const scratch = createIterationBreakdown();
  let evaluatedCount = 0;
  const results: ServingSearchResult[] = [];
  const kernelSources: KernelSources = {
    gemm: "measured",
    moe: "measured",
    attention: "measured",
    collective: "measured",
  };
  const noteSources = (seen: KernelSources) => {
    kernelSources.gemm = worseKernelSource(kernelSources.gemm, seen.gemm);
    kernelSources.moe = worseKernelSource(kernelSources.moe, seen.moe);
    kernelSources.attention = worseKernelSource(kernelSources.attention, seen.attention);
    kernelSources.collective = worseKernelSource(kernelSources.collective, seen.collective);
  };
  const candidates = layouts(arch, space.acceleratorCount, hw.scaleUpDomainSize, space.maxEp ?? hw.scaleUpDomainSize);
  const disaggregated = space.disaggregated || space.prefillPool !== undefined || space.decodePool !== undefined;
  for (const [name, pool] of [
    ["prefillPool", space.prefillPool],
    ["decodePool", space.decodePool],
  ] as const) {
    if (pool === undefined) continue;
    const problems = servingConfigProblems(
      arch,
      servingConfigSchema.parse({
        ...pool,
        inputTokens: space.inputTokens,
        outputTokens: space.outputTokens,
        maxThroughput: true,
      }),
    ).map((p) => ({ ...p, path: `${name}.${p.path}` }));
    if (problems.length > 0) {
      throw new InvalidInputError(`${name} of the serving search`, problems, "fix the pool layout");
    }
  }
  const prefillCandidates = space.prefillPool ? [fixedLayout(space.prefillPool)] : candidates;
  const decodeCandidates = space.decodePool ? [fixedLayout(space.decodePool)] : candidates;

  for (const layout of candidates) {
    const memory = servingMemory(terms, hw, layout, efficiency);
    if (!memory.fits) continue;
    const replicas = layout.attentionDp ? layout.tp : 1;
    const max = maxServingConcurrency(memory, workload, replicas);
    if (max < 1) continue;
    // Largest concurrency meeting both SLOs.
    let lo = 0;
    let hi = max;
    let bestPoint: ReturnType<typeof evaluateServingPoint> | undefined;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const point = evaluateServingPoint(terms, hw, layout, efficiency, workload, mid, scratch);
      evaluatedCount++;
      noteSources(scratch.kernelSources);
      if (point.ttftSeconds <= ttft && point.tpotSeconds <= tpot) {
        lo = mid;
        bestPoint = point;
      } else {
        hi = mid - 1;
      }
    }
    if (bestPoint === undefined || bestPoint.concurrency !== lo) {
      if (lo < 1) continue;
      bestPoint = evaluateServingPoint(terms, hw, layout, efficiency, workload, lo, scratch);
      evaluatedCount++;
      noteSources(scratch.kernelSources);
    }
    const instances = Math.floor(space.acceleratorCount / layout.tp);
    if (instances < 1) continue;
    const perGpu = bestPoint.outputTokensPerSecond / layout.tp;
    results.push({
      mode: "aggregated",
      tp: layout.tp,
      ep: layout.ep,
      attentionDp: layout.attentionDp,
      concurrency: lo,
      ttftMs: bestPoint.ttftSeconds * 1e3,
      tpotMs: bestPoint.tpotSeconds * 1e3,
      outputTokensPerSecondPerGpu: perGpu,
      outputTokensPerSecond: perGpu * instances * layout.tp,
      gpusUsed: instances * layout.tp,
      instances,
    });
  }

  if (disaggregated && space.acceleratorCount >= 2) {
    const prefills = [];
    for (const layout of prefillCandidates) {
      const memory = servingMemory(terms, hw, layout, efficiency);
      if (!memory.fits) continue;
      const point = evaluatePrefillPool(terms, hw, layout, efficiency, workload);
      evaluatedCount++;
      noteSources(point.iteration.kernelSources);
      if (point.prefillSeconds + point.kvTransferSeconds <= ttft) prefills.push({ layout, point });
    }
    for (const layout of decodeCandidates) {
      const memory = servingMemory(terms, hw, layout, efficiency);
      if (!memory.fits) continue;
      const full = evaluateDecodePool(terms, hw, layout, efficiency, workload);
      evaluatedCount++;
      noteSources(full.iteration.kernelSources);
      if (full.maxConcurrency < 1) continue;
      let lo = 0;
      let hi = full.maxConcurrency;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        const point = evaluateDecodePool(terms, hw, layout, efficiency, workload, mid);
        evaluatedCount++;
        noteSources(point.iteration.kernelSources);
        if (point.tpotSeconds <= tpot) lo = mid;
        else hi = mid - 1;
      }
      if (lo < 1) continue;
      const decode = evaluateDecodePool(terms, hw, layout, efficiency, workload, lo);
      evaluatedCount++;
      noteSources(decode.iteration.kernelSources);
      for (const prefill of prefills) {
        const plan = bestPrefillDecodeRatio(
          prefill.point,
          prefill.layout.tp,
          decode,
          layout.tp,
          space.acceleratorCount,
          space.outputTokens,
        );
        if (plan === undefined) continue;
        results.push({
          mode: "disaggregated",
          tp: layout.tp,
          ep: layout.ep,
          attentionDp: layout.attentionDp,
          concurrency: lo,
          ttftMs: (prefill.point.prefillSeconds + prefill.point.kvTransferSeconds) * 1e3,
          tpotMs: decode.tpotSeconds * 1e3,
          outputTokensPerSecondPerGpu: plan.outputTokensPerSecondPerGpu,
          outputTokensPerSecond: plan.outputTokensPerSecond,
          gpusUsed: plan.prefillGpus + plan.decodeGpus,
          instances: plan.prefillInstances + plan.decodeInstances,
          prefill: {
            tp: prefill.layout.tp,
            ep: prefill.layout.ep,
            attentionDp: prefill.layout.attentionDp,
            instances: plan.prefillInstances,
            acceleratorCount: plan.prefillGpus,
          },
          decode: { instances: plan.decodeInstances, acceleratorCount: plan.decodeGpus },
        });
      }
    }
  }
  results.sort((a, b) => b.outputTokensPerSecondPerGpu - a.outputTokensPerSecondPerGpu);
  const warnings: string[] = [];
  if (results.length === 0) {
    warnings.push("no configuration meets both SLOs: relax ttftMs/tpotMs, add GPUs, or use smaller weights");
  }
  if (evaluatedCount === 0) {
    kernelSources.gemm = kernelSources.moe = kernelSources.attention = kernelSources.collective = "analytic";
  }
  return { evaluatedCount, results: results.slice(0, input.limit ?? 10), kernelSources, warnings };
}
