import { estimateRlStep, estimateTrainingStep } from "@aifactory/workloads";
import { toPlanAssumption } from "./compose";
import { architectureForWorkloads, builtInFactoryCatalog, type FactoryCatalog } from "./pack";
import type { RlPerformance, WorkloadSections } from "./plan-types";
import { scenarioAcceleratorForWorkloads } from "./scale-out-fabric";
import type { Scenario } from "./scenario";

type RlWorkload = Extract<Scenario["workload"], { kind: "rl" }>;

/**
 * Plans an RL post-training run with `@aifactory/workloads`' `estimateRlStep`: step time and its phases
 * (rollout, log-probs, reward, training, weight sync), the bounding phase, and the run's duration.
 *
 * @param scenario - a parsed scenario whose workload is RL
 * @param catalog - where the accelerator and model ids are looked up (default: the built-in catalogs; see `createFactoryCatalog`)
 * @returns performance, memory, timeline and usage
 * @example
 * ```ts
 * import { getDefaultScenario, planRl, scenarioSchema } from "@aifactory/planner";
 * planRl(scenarioSchema.parse(getDefaultScenario("qwen3-32b-grpo-64-h100"))).performance.kind; // "rl"
 * ```
 * @since 0.1.0
 * @category Plan
 */
export function planRl(scenario: Scenario, catalog: FactoryCatalog = builtInFactoryCatalog()): WorkloadSections {
  const workload = scenario.workload as RlWorkload;
  const gpus = scenario.hardware.count;
  const architecture = architectureForWorkloads(catalog, workload.model, "workload.model");
  const accelerator = scenarioAcceleratorForWorkloads(catalog, scenario);
  const step = estimateRlStep({
    policy: architecture,
    accelerator,
    config: {
      algorithm: workload.algorithm,
      acceleratorCount: gpus,
      promptsPerStep: workload.promptsPerStep,
      groupSize: workload.groupSize,
      inputTokens: workload.inputTokens,
      meanOutputTokens: workload.meanOutputTokens,
      ...(workload.maxOutputTokens === undefined ? {} : { maxOutputTokens: workload.maxOutputTokens }),
      placement: workload.placement,
      async: workload.async,
      rewardSeconds: workload.rewardSeconds,
    },
  });
  const seconds = step.stepTimeSeconds * workload.steps;
  const hours = seconds / 3600;
  const { rolloutGpus, trainingGpus } = step.breakdown;
  const busy =
    workload.placement === "colocated"
      ? Math.max(step.utilization.rolloutPoolRatio, step.utilization.trainingPoolRatio)
      : (step.utilization.rolloutPoolRatio * rolloutGpus + step.utilization.trainingPoolRatio * trainingGpus) /
        Math.max(1, rolloutGpus + trainingGpus);
  const utilizationRatio = Math.min(1, Math.max(0, busy));
  const generatedTokensPerSecond = step.samplesPerSecond * workload.meanOutputTokens;
  const performance: RlPerformance = {
    kind: "rl",
    architectureId: step.architectureId,
    stepTimeSeconds: step.stepTimeSeconds,
    boundBy: step.boundBy,
    samplesPerSecond: step.samplesPerSecond,
    rolloutPoolUtilizationRatio: step.utilization.rolloutPoolRatio,
    trainingPoolUtilizationRatio: step.utilization.trainingPoolRatio,
    steps: workload.steps,
    timeToTrainDays: seconds / 86_400,
  };
  const training = step.breakdown.training;
  // The RL step model reports the training phase's configuration; its memory comes from the training model.
  const trainingMemory = estimateTrainingStep({
    kernels: scenario.kernels,
    architecture,
    accelerator,
    config: training.config,
  }).memory;
  return {
    performance,
    memory: {
      requiredBytesPerGpu: trainingMemory.totalBytes,
      capacityBytesPerGpu: trainingMemory.capacityBytes,
      fits: trainingMemory.fits,
      breakdown: {
        title: "Memory per GPU (training phase)",
        unit: "bytes",
        items: [
          { label: "weights", value: trainingMemory.weightsBytes },
          { label: "gradients", value: trainingMemory.gradientsBytes },
          { label: "optimizer states", value: trainingMemory.optimizerBytes },
          { label: "activations", value: trainingMemory.activationsBytes },
          { label: "buffers", value: trainingMemory.buffersBytes },
        ],
      },
    },
    timeline: { wallClockHours: hours, gpuHours: gpus * hours },
    timeBreakdown: {
      title: "RL step",
      unit: "s",
      items: [
        { label: "rollout", value: step.phases.rolloutSeconds },
        { label: "log-prob passes", value: step.phases.logprobSeconds },
        { label: "reward", value: step.phases.rewardSeconds },
        { label: "training", value: step.phases.trainingSeconds },
        { label: "weight sync", value: step.phases.weightSyncSeconds },
      ],
    },
    usage: {
      acceleratorCount: gpus,
      hours,
      utilizationRatio,
      tokensPerSecondPerAccelerator: generatedTokensPerSecond / gpus,
    },
    metrics: [
      { id: "stepTimeSeconds", label: "step time", value: step.stepTimeSeconds, unit: "s" },
      { id: "samplesPerSecond", label: "samples/s", value: step.samplesPerSecond, unit: "samples/s" },
      { id: "timeToTrainDays", label: "run time", value: seconds / 86_400, unit: "d" },
    ],
    assumptions: [
      {
        name: "training-phase",
        basis: "method" as const,
        area: "performance",
        text: `training phase: ${training.config.acceleratorCount} GPUs, MFU ${training.mfuRatio.toFixed(3)}`,
      },
      {
        name: "memory-fit",
        basis: "method" as const,
        area: "performance",
        text: "memory fit of the rollout and training phases is checked inside the RL step model (see its warnings)",
      },
      ...step.assumptions.map((a) => toPlanAssumption("performance", a)),
    ],
    warnings: step.warnings.map((text) => ({ area: "performance", text })),
  };
}
