import { AifError } from "@aifactory/core";
import { estimateTrainingRun, searchTrainingConfigs, type TrainingConfigInput } from "@aifactory/workloads";
import { toPlanAssumption } from "./compose";
import { architectureForWorkloads, builtInFactoryCatalog, type FactoryCatalog } from "./pack";
import type { PretrainingPerformance, WorkloadSections } from "./plan-types";
import { scenarioAcceleratorForWorkloads } from "./scale-out-fabric";
import type { Scenario } from "./scenario";

type PretrainingWorkload = Extract<Scenario["workload"], { kind: "pretraining" }>;

/**
 * Memoised parallelism searches: the best configuration depends only on the model, accelerator, count, batch,
 * sequence, precision and kernel tables, so edits of the site, economics or token count (and goal seeking,
 * which revisits counts) do not search again.
 */
const searchCache = new Map<string, { config: TrainingConfigInput | undefined; evaluatedCount: number }>();
const SEARCH_CACHE_SIZE = 64;

const ITEMISED_STEP_PARTS = [
  "matmulSeconds",
  "attentionSeconds",
  "elementwiseSeconds",
  "recomputeSeconds",
  "logitsSeconds",
  "mtpSeconds",
  "overlapInterferenceSeconds",
  "tensorParallelExposedSeconds",
  "contextParallelExposedSeconds",
  "expertParallelExposedSeconds",
  "pipelineCommExposedSeconds",
  "pipelineBubbleSeconds",
  "dataParallelExposedSeconds",
  "optimizerSeconds",
] as const;

/**
 * What the itemised parts of a step leave out of its time (pipeline-stage imbalance, per-microbatch work the
 * model does not split by kind), as one item so that the breakdown adds up to the step time.
 */
function stepRemainder(
  stepTimeSeconds: number,
  breakdown: Record<(typeof ITEMISED_STEP_PARTS)[number], number>,
): Array<{ label: string; value: number }> {
  let itemised = 0;
  for (const part of ITEMISED_STEP_PARTS) itemised += breakdown[part];
  const rest = stepTimeSeconds - itemised;
  return rest > stepTimeSeconds * 1e-4 ? [{ label: "other (not itemised)", value: rest }] : [];
}

/**
 * Forgets the memoised parallelism searches (called by `clearPlanCaches`).
 *
 * @internal
 */
export function clearPretrainingSearchCache(): void {
  searchCache.clear();
}

/**
 * Plans a pretraining run with `@aifactory/workloads`: the given parallelism, or the fastest configuration
 * that fits from `searchTrainingConfigs`, then `estimateTrainingRun` for time to train and goodput.
 *
 * @param scenario - a parsed scenario whose workload is pretraining
 * @param catalog - where the accelerator and model ids are looked up (default: the built-in catalogs; see `createFactoryCatalog`)
 * @returns performance, memory, timeline and usage
 * @throws AifError (INVALID_CONFIGURATION) when no configuration fits in memory
 * @example
 * ```ts
 * import { planPretraining, scenarioSchema } from "@aifactory/planner";
 * const scenario = scenarioSchema.parse({
 *   id: "x", name: "x",
 *   workload: { kind: "pretraining", model: "llama-3.1-8b", tokens: 1e12, globalBatchSequences: 512, sequenceTokens: 8192 },
 *   hardware: { accelerator: "nvidia-h100-sxm", count: 64 },
 * });
 * const { performance } = planPretraining(scenario);
 * if (performance.kind === "pretraining") performance.mfuRatio; // model FLOPs utilization, 0..1
 * ```
 * @since 0.1.0
 * @category Plan
 */
export function planPretraining(
  scenario: Scenario,
  catalog: FactoryCatalog = builtInFactoryCatalog(),
): WorkloadSections {
  const workload = scenario.workload as PretrainingWorkload;
  const architecture = architectureForWorkloads(catalog, workload.model, "workload.model");
  const accelerator = scenarioAcceleratorForWorkloads(catalog, scenario);
  const gpus = scenario.hardware.count;
  let config: TrainingConfigInput;
  let searched = false;
  let evaluatedCount = 0;
  if (workload.parallelism) {
    const { overlapExpertParallel, ...parallelism } = workload.parallelism;
    config = {
      acceleratorCount: gpus,
      ...parallelism,
      ...(overlapExpertParallel
        ? {
            // The other overlap switches keep their defaults.
            overlap: { expertParallel: true },
          }
        : {}),
      globalBatch: workload.globalBatchSequences,
      sequenceTokens: workload.sequenceTokens,
      precision: workload.precision,
    };
  } else {
    const key =
      typeof architecture === "string" && typeof scenario.kernels === "string"
        ? JSON.stringify([
            architecture,
            accelerator,
            gpus,
            workload.globalBatchSequences,
            workload.sequenceTokens,
            workload.precision,
            scenario.kernels,
          ])
        : undefined;
    let found = key === undefined ? undefined : searchCache.get(key);
    if (found === undefined) {
      const search = searchTrainingConfigs({
        architecture,
        accelerator,
        acceleratorCount: gpus,
        globalBatch: workload.globalBatchSequences,
        sequenceTokens: workload.sequenceTokens,
        top: 1,
        space: { precision: workload.precision },
        kernels: scenario.kernels,
      });
      found = { config: search.results[0]?.config, evaluatedCount: search.evaluatedCount };
      if (key !== undefined) {
        if (searchCache.size >= SEARCH_CACHE_SIZE) {
          const oldest = searchCache.keys().next();
          if (!oldest.done) searchCache.delete(oldest.value);
        }
        searchCache.set(key, found);
      }
    }
    evaluatedCount = found.evaluatedCount;
    if (found.config === undefined) {
      throw new AifError(
        "INVALID_CONFIGURATION",
        `no parallel configuration of ${typeof architecture === "string" ? architecture : "the model"} fits on ${gpus} x ${scenario.hardware.accelerator} (${found.evaluatedCount} evaluated)`,
        { hint: "add accelerators, pick one with more memory, or lower the global batch or sequence length" },
      );
    }
    config = found.config;
    searched = true;
  }
  const run = estimateTrainingRun({
    architecture,
    accelerator,
    config,
    tokens: workload.tokens,
    kernels: scenario.kernels,
  });
  const b = run.breakdown;
  const performance: PretrainingPerformance = {
    kind: "pretraining",
    architectureId: run.architectureId,
    parallelism: {
      tp: run.config.tp,
      pp: run.config.pp,
      vpp: run.config.vpp,
      cp: run.config.cp,
      ep: run.config.ep,
      dp: run.config.dp,
      zeroStage: run.config.zeroStage,
      microBatch: run.config.microBatch,
      recompute: run.config.recompute,
    },
    searched,
    searchEvaluatedCount: evaluatedCount,
    stepTimeSeconds: run.stepTimeSeconds,
    tokensPerSecond: run.tokensPerSecond,
    mfuRatio: run.mfuRatio,
    hfuRatio: run.hfuRatio,
    modelTflopsPerGpu: run.modelTflopsPerGpu,
    timeToTrainDays: run.timeToTrainDays,
    goodputRatio: run.goodputRatio,
  };
  const wallClockHours = run.timeToTrainSeconds / 3600;
  const m = run.memory;
  return {
    performance,
    memory: {
      requiredBytesPerGpu: m.totalBytes,
      capacityBytesPerGpu: m.capacityBytes,
      fits: m.fits,
      breakdown: {
        title: "Memory per GPU",
        unit: "bytes",
        items: [
          { label: "weights", value: m.weightsBytes },
          { label: "gradients", value: m.gradientsBytes },
          { label: "optimizer states", value: m.optimizerBytes },
          { label: "activations", value: m.activationsBytes },
          { label: "buffers", value: m.buffersBytes },
        ],
      },
    },
    timeline: { wallClockHours, gpuHours: run.gpuHours },
    timeBreakdown: {
      title: "Step time",
      unit: "s",
      items: [
        { label: "matmul", value: b.matmulSeconds },
        { label: "attention", value: b.attentionSeconds },
        { label: "elementwise", value: b.elementwiseSeconds },
        { label: "recompute", value: b.recomputeSeconds },
        { label: "logits", value: b.logitsSeconds },
        { label: "multi-token prediction", value: b.mtpSeconds },
        { label: "overlap slowdown", value: b.overlapInterferenceSeconds },
        { label: "TP comm (exposed)", value: b.tensorParallelExposedSeconds },
        { label: "CP comm (exposed)", value: b.contextParallelExposedSeconds },
        { label: "EP comm (exposed)", value: b.expertParallelExposedSeconds },
        { label: "PP comm (exposed)", value: b.pipelineCommExposedSeconds },
        { label: "pipeline bubble", value: b.pipelineBubbleSeconds },
        { label: "DP comm (exposed)", value: b.dataParallelExposedSeconds },
        { label: "optimizer", value: b.optimizerSeconds },
        ...stepRemainder(run.stepTimeSeconds, b),
      ],
    },
    usage: {
      acceleratorCount: gpus,
      hours: wallClockHours,
      utilizationRatio: Math.min(1, Math.max(0, run.goodputRatio)),
      tokensPerSecondPerAccelerator: run.tokensPerSecond / gpus,
    },
    metrics: [
      { id: "timeToTrainDays", label: "time to train", value: run.timeToTrainDays, unit: "d" },
      { id: "mfuRatio", label: "MFU", value: run.mfuRatio, unit: "ratio" },
      { id: "tokensPerSecond", label: "throughput", value: run.tokensPerSecond, unit: "tokens/s" },
      { id: "gpuHours", label: "GPU-hours", value: run.gpuHours, unit: "h" },
    ],
    assumptions: [
      ...(searched
        ? [
            {
              name: "configuration-search",
              basis: "method" as const,
              area: "performance",
              text: `parallelism found by searching ${evaluatedCount} configurations (fastest that fits)`,
            },
          ]
        : []),
      ...run.assumptions.map((a) => toPlanAssumption("performance", a)),
    ],
    warnings: run.warnings.map((text) => ({ area: "performance", text })),
  };
}
