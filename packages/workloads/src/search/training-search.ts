import { parseInput, positiveInt } from "@aifactory/core";
import type { AcceleratorId } from "@aifactory/hardware";
import { z } from "zod";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import { type ArchitectureId, resolveArchitecture } from "../architecture/catalog";
import type { KernelTablesOption } from "../kernels/kernel-option";
import { type AcceleratorSpec, resolveAccelerator } from "../training/accelerator-spec";
import { type TrainingEfficiencyInput, trainingEfficiencySchema } from "../training/efficiency";
import { architectureTerms } from "../training/model-terms";
import {
  createStepNumbers,
  evaluateStep,
  hardwareTerms,
  MOE_DISPATCHER_CODES,
  type NumericConfig,
  RECOMPUTE_MODULE_BITS,
} from "../training/step-core";
import {
  moeTrainingSchema,
  type Recompute,
  recomputeModuleSchema,
  type TrainingConfigInput,
} from "../training/training-config";
import { estimateTrainingStep, type TrainingStepResult } from "../training/training-step";

/**
 * What the search may vary. Every list has a default covering Calculon's space (TP, PP, interleaving, DP with
 * optimizer sharding, micro-batch, recompute none / attention-only / full, sequence parallelism on or off,
 * DP and TP overlap on or off, optimizer offload when the accelerator has a host link) plus CP and EP.
 *
 * @example
 * ```ts
 * import { trainingSearchSpaceSchema } from "@aifactory/workloads";
 * trainingSearchSpaceSchema.parse({}).zeroStages; // [0, 1, 2, 3]
 * ```
 * @since 0.1.0
 * @category Search
 */
export const trainingSearchSpaceSchema = z
  .object({
    tp: z.array(positiveInt).optional(),
    pp: z.array(positiveInt).optional(),
    vpp: z.array(positiveInt).default([1, 2, 3, 4, 6, 8]),
    cp: z.array(positiveInt).default([1, 2, 4, 8, 16]),
    ep: z.array(positiveInt).optional(),
    /** Expert tensor-parallel sizes to try for MoE models (default: 1 and tp, Megatron-Core's default). */
    etp: z.array(positiveInt).optional(),
    microBatch: z.array(positiveInt).default([1, 2, 4, 8, 16]),
    zeroStages: z.array(z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])).default([0, 1, 2, 3]),
    recompute: z.array(z.enum(["none", "selective", "full"])).default(["none", "selective", "full"]),
    sequenceParallel: z.array(z.boolean()).default([true, false]),
    overlapDataParallel: z.array(z.boolean()).default([true, false]),
    overlapTensorParallel: z.array(z.boolean()).default([false, true]),
    /** Optimizer offload variants; `true` is tried only when the accelerator gives `hostLinkGBps`. */
    offloadOptimizer: z.array(z.boolean()).default([false, true]),
    precision: z.enum(["bf16", "fp8"]).default("bf16"),
    flashAttention: z.boolean().default(true),
    /** MoE token dispatchers to try (default: NCCL all-to-all only; add `deepep` where DeepEP is installed). */
    moeDispatcher: z.array(z.enum(["alltoall", "allgather", "deepep"])).default(["alltoall"]),
    /** EP overlap (combined 1F1B) variants to try for MoE configurations with ep > 1. */
    overlapExpertParallel: z.array(z.boolean()).default([false, true]),
    /** Try DeepSeek's DualPipe schedule as well (even pp, vpp 1). Default false. */
    dualPipe: z.array(z.boolean()).default([false]),
    /** Fixed MoE options for every candidate: node-limited routing, routing regime, capacity. */
    moe: moeTrainingSchema.omit({ dispatcher: true }).default({ routing: "learned", padToCapacity: false }),
    /** Selective-recompute modules when `selective` is tried (default `core_attn`). */
    recomputeModules: z.array(recomputeModuleSchema).optional(),
    /** Multi-token-prediction layers trained (default 0). */
    mtpLayers: z.number().int().nonnegative().default(0),
    /** Adam moment precision (default fp32). */
    optimizerMoments: z.enum(["fp32", "bf16"]).default("fp32"),
    /** FP8 primary weights (FP8 only). */
    fp8PrimaryWeights: z.boolean().default(false),
  })
  .strict();

/**
 * Input of {@link searchTrainingConfigs}.
 *
 * @example
 * ```ts
 * import { type TrainingSearchInput } from "@aifactory/workloads";
 * const input: TrainingSearchInput = { architecture: "llama-2-7b", accelerator: "nvidia-a100-sxm-80gb",
 *   acceleratorCount: 64, globalBatch: 512, sequenceTokens: 4096, top: 5 };
 * ```
 * @since 0.1.0
 * @category Search
 */
export interface TrainingSearchInput {
  architecture: ArchitectureId | ArchitectureInput | Architecture;
  /** Accelerator id (resolved in `@aifactory/hardware`) or plain accelerator data. */
  accelerator: AcceleratorId | AcceleratorSpec;
  acceleratorCount: number;
  /** Sequences per step. */
  globalBatch: number;
  sequenceTokens: number;
  /** How many results (default 10). */
  top?: number;
  space?: z.input<typeof trainingSearchSpaceSchema>;
  efficiency?: TrainingEfficiencyInput;
  /** Measured kernel tables (default `"builtin"`, as {@link estimateTrainingStep}). */
  kernels?: KernelTablesOption;
}

/**
 * Result of {@link searchTrainingConfigs}: the best configurations that fit, by tokens/s.
 *
 * @example
 * ```ts
 * import { type TrainingSearchResult, searchTrainingConfigs } from "@aifactory/workloads";
 * const found: TrainingSearchResult = searchTrainingConfigs({ architecture: "llama-2-7b",
 *   accelerator: "nvidia-a100-sxm-80gb", acceleratorCount: 16, globalBatch: 256, sequenceTokens: 4096, top: 3 });
 * found.evaluatedCount;
 * ```
 * @since 0.1.0
 * @category Search
 */
export interface TrainingSearchResult {
  /** Valid configurations evaluated. */
  evaluatedCount: number;
  /** Of those, how many fit in memory. */
  fittingCount: number;
  elapsedMs: number;
  results: TrainingStepResult[];
}

function divisors(n: number, max = n): number[] {
  const out: number[] = [];
  for (let d = 1; d <= Math.min(n, max); d += 1) if (n % d === 0) out.push(d);
  return out;
}

interface Candidate {
  tokensPerSecond: number;
  config: TrainingConfigInput;
}

/**
 * Enumerates every valid configuration of (architecture, accelerator, GPU count, global batch, sequence length)
 * over TP, PP, virtual stages, CP, EP, DP with ZeRO 0-3, micro-batch, recompute, sequence parallelism and DP/TP
 * overlap, and returns the top-k by tokens/s among those that fit in memory, with the number evaluated and the
 * time taken.
 *
 * Fast path: architecture and hardware terms are computed once; the loop fills one numeric configuration in
 * place and calls the allocation-light step core; only the top-k are re-evaluated with full breakdowns.
 *
 * @param input - what to search
 * @returns the best configurations
 * @throws InvalidInputError for bad inputs
 * @example
 * ```ts
 * import { searchTrainingConfigs } from "@aifactory/workloads";
 * const a100 = { id: "a100", denseTflops: { bf16: 312 }, memoryGB: 80, memoryBandwidthGBps: 2039,
 *   scaleUp: { bandwidthGBpsPerDirection: 300, scaleUpDomainSize: 8 }, scaleOutGbitpsPerAccelerator: 200 };
 * const found = searchTrainingConfigs({ architecture: "llama-2-7b", accelerator: a100, acceleratorCount: 16,
 *   globalBatch: 256, sequenceTokens: 4096, top: 3 });
 * found.results.length <= 3; // true
 * ```
 * @since 0.1.0
 * @category Search
 */
export function searchTrainingConfigs(input: TrainingSearchInput): TrainingSearchResult {
  const started = performance.now();
  const arch = resolveArchitecture(input.architecture);
  const accelerator = resolveAccelerator(input.accelerator);
  const gpus = parseInput(positiveInt, input.acceleratorCount, "acceleratorCount");
  const globalBatch = parseInput(positiveInt, input.globalBatch, "globalBatch");
  const seq = parseInput(positiveInt, input.sequenceTokens, "sequenceTokens");
  const top = parseInput(positiveInt, input.top ?? 10, "top");
  const space = parseInput(trainingSearchSpaceSchema, input.space ?? {}, "search space");
  const efficiency = parseInput(trainingEfficiencySchema, input.efficiency ?? {}, "efficiency factors");
  const fp8 = space.precision === "fp8";
  if (fp8 && accelerator.denseTflops.fp8 === undefined) {
    return { evaluatedCount: 0, fittingCount: 0, elapsedMs: performance.now() - started, results: [] };
  }
  const terms = architectureTerms(arch);
  const hw = hardwareTerms(accelerator, efficiency, fp8, input.kernels);
  const kvHeads = arch.mla ? arch.attentionHeads : arch.kvHeads;
  const domain = accelerator.scaleUp.scaleUpDomainSize;
  const tpList = (space.tp ?? divisors(gpus, domain)).filter(
    (tp) =>
      gpus % tp === 0 &&
      arch.attentionHeads % tp === 0 &&
      (kvHeads % tp === 0 || tp % kvHeads === 0) &&
      (arch.moe && arch.moe.denseLayers === 0 ? true : arch.ffnHiddenSize % tp === 0) &&
      (tp === 1 || tp <= domain),
  );
  const ppList = (space.pp ?? divisors(gpus, arch.layers)).filter((pp) => pp <= arch.layers);
  const epList = arch.moe
    ? (space.ep ?? divisors(arch.moe.experts)).filter((ep) => arch.moe !== undefined && arch.moe.experts % ep === 0)
    : [1];
  const offloadList = space.offloadOptimizer.filter((offload) => !offload || accelerator.hostLinkGBps !== undefined);
  const recomputeCodes = space.recompute.map((r: Recompute) => (r === "full" ? 2 : r === "selective" ? 1 : 0));
  const c: NumericConfig = {
    tp: 1,
    pp: 1,
    vpp: 1,
    cp: 1,
    ep: 1,
    etp: 1,
    dp: 1,
    zeroStage: 0,
    sequenceParallel: false,
    microBatch: 1,
    globalBatch,
    sequenceTokens: seq,
    recompute: 0,
    fp8,
    flashAttention: space.flashAttention,
    offloadOptimizer: false,
    overlapDataParallel: true,
    overlapTensorParallel: false,
    overlapContextParallel: true,
    overlapExpertParallel: false,
    overlapPipeline: true,
    moeDispatcher: MOE_DISPATCHER_CODES.alltoall,
    moeMaxNodesPerToken: space.moe.maxNodesPerToken ?? 0,
    moeForcedBalance: space.moe.routing === "forced-balanced",
    moeCapacityFactor: space.moe.capacityFactor ?? 0,
    moePadToCapacity: space.moe.padToCapacity,
    dualPipe: false,
    mtpLayers: space.mtpLayers,
    recomputeModules: (space.recomputeModules ?? ["core_attn"]).reduce(
      (bits, module) => bits | RECOMPUTE_MODULE_BITS[module],
      0,
    ),
    bf16OptimizerMoments: space.optimizerMoments === "bf16",
    fp8PrimaryWeights: fp8 && space.fp8PrimaryWeights,
  };
  // MoE-only variants (dispatcher x EP overlap x DualPipe); one plain variant for dense models.
  const moeVariants: { dispatcher: (typeof space.moeDispatcher)[number]; overlapEp: boolean; dualPipe: boolean }[] = [];
  for (const dispatcher of arch.moe ? space.moeDispatcher : ["alltoall" as const]) {
    for (const overlapEp of arch.moe ? space.overlapExpertParallel : [false]) {
      for (const dualPipe of space.dualPipe) moeVariants.push({ dispatcher, overlapEp, dualPipe });
    }
  }
  const selectiveChangesNothing =
    space.recomputeModules === undefined || space.recomputeModules.every((m) => m === "core_attn");
  const out = createStepNumbers();
  const best: Candidate[] = [];
  let worst = 0;
  let evaluated = 0;
  let fitting = 0;
  for (const tp of tpList) {
    for (const pp of ppList) {
      for (const cp of space.cp) {
        const modelParallel = tp * pp * cp;
        if (gpus % modelParallel !== 0) continue;
        if (cp > 1 && seq % (2 * cp) !== 0) continue;
        const dp = gpus / modelParallel;
        for (const ep of epList) {
          for (const etp of arch.moe ? (space.etp ?? (tp > 1 ? [tp, 1] : [1])) : [tp]) {
            if (arch.moe && arch.moe.expertFfnHiddenSize % etp !== 0) continue;
            // Parallel folding: etp x ep must divide the tp x cp x dp GPUs of a stage.
            if ((tp * cp * dp) % (etp * ep) !== 0) continue;
            for (const mb of space.microBatch) {
              if (globalBatch % (mb * dp) !== 0) continue;
              const microbatches = globalBatch / (mb * dp);
              for (const vpp of space.vpp) {
                if (vpp > 1 && (pp === 1 || microbatches % pp !== 0)) continue;
                if (pp * vpp > arch.layers) continue;
                for (const sp of space.sequenceParallel) {
                  if (sp && tp === 1) continue;
                  if (!sp && tp > 1 && arch.moe) continue; // Megatron-Core: MoE under TP needs sequence parallelism
                  if (sp && (seq / cp) % tp !== 0) continue;
                  for (const recompute of recomputeCodes) {
                    // With fused attention, selective recomputation of the attention core alone changes nothing.
                    if (recompute === 1 && space.flashAttention && selectiveChangesNothing) continue;
                    for (const zero of space.zeroStages) {
                      if (zero > 0 && dp * cp === 1) continue;
                      for (const overlapDp of space.overlapDataParallel) {
                        if (!overlapDp && dp * cp === 1) continue;
                        for (const overlapTp of space.overlapTensorParallel) {
                          if (overlapTp && tp === 1) continue;
                          for (const offload of offloadList) {
                            for (const variant of moeVariants) {
                              if (
                                variant.dualPipe &&
                                (pp < 2 || pp % 2 !== 0 || vpp > 1 || microbatches < pp || microbatches % 2 !== 0)
                              )
                                continue;
                              if ((variant.overlapEp || variant.dispatcher !== "alltoall") && ep === 1) continue;
                              c.moeDispatcher = MOE_DISPATCHER_CODES[variant.dispatcher];
                              c.overlapExpertParallel = variant.overlapEp;
                              c.dualPipe = variant.dualPipe;
                              c.tp = tp;
                              c.pp = pp;
                              c.vpp = vpp;
                              c.cp = cp;
                              c.ep = ep;
                              c.etp = etp;
                              c.dp = dp;
                              c.microBatch = mb;
                              c.sequenceParallel = sp;
                              c.recompute = recompute;
                              c.zeroStage = zero;
                              c.overlapDataParallel = overlapDp;
                              c.overlapTensorParallel = overlapTp;
                              c.offloadOptimizer = offload;
                              evaluateStep(terms, hw, c, out);
                              evaluated += 1;
                              if (out.totalBytes > hw.capacityBytes) continue;
                              fitting += 1;
                              const tokensPerSecond = (globalBatch * seq) / out.stepTimeSeconds;
                              if (best.length < top || tokensPerSecond > worst) {
                                insertCandidate(best, top, tokensPerSecond, {
                                  acceleratorCount: gpus,
                                  tp,
                                  pp,
                                  vpp,
                                  cp,
                                  ep,
                                  ...(arch.moe ? { etp } : {}),
                                  dp,
                                  zeroStage: zero as 0 | 1 | 2 | 3,
                                  sequenceParallel: sp,
                                  microBatch: mb,
                                  globalBatch,
                                  sequenceTokens: seq,
                                  recompute: recompute === 2 ? "full" : recompute === 1 ? "selective" : "none",
                                  precision: space.precision,
                                  flashAttention: space.flashAttention,
                                  offloadOptimizer: offload,
                                  overlap: {
                                    dataParallel: overlapDp,
                                    tensorParallel: overlapTp,
                                    contextParallel: true,
                                    expertParallel: variant.overlapEp,
                                    pipeline: true,
                                  },
                                  ...(variant.dualPipe ? { pipelineSchedule: "dualpipe" as const } : {}),
                                  ...(recompute === 1 && space.recomputeModules !== undefined
                                    ? { recomputeModules: space.recomputeModules }
                                    : {}),
                                  mtpLayers: space.mtpLayers,
                                  optimizerMoments: space.optimizerMoments,
                                  ...(fp8 && space.fp8PrimaryWeights ? { fp8PrimaryWeights: true } : {}),
                                  ...(arch.moe ? { moe: { ...space.moe, dispatcher: variant.dispatcher } } : {}),
                                });
                                worst = best.length === top ? (best[best.length - 1]?.tokensPerSecond ?? 0) : 0;
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  const results = best.map((candidate) =>
    estimateTrainingStep({
      architecture: arch,
      accelerator,
      config: candidate.config,
      efficiency,
      ...(input.kernels === undefined ? {} : { kernels: input.kernels }),
    }),
  );
  return { evaluatedCount: evaluated, fittingCount: fitting, elapsedMs: performance.now() - started, results };
}

function insertCandidate(best: Candidate[], top: number, tokensPerSecond: number, config: TrainingConfigInput): void {
  let index = best.length;
  while (index > 0 && (best[index - 1]?.tokensPerSecond ?? 0) < tokensPerSecond) index -= 1;
  best.splice(index, 0, { tokensPerSecond, config });
  if (best.length > top) best.pop();
}
