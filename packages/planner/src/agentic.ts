import { generateAgenticTrace, simulateKvCache } from "@aifactory/memory";
import { type ArchitectureInput, estimateAgentTask, estimateServing } from "@aifactory/workloads";
import type { AgenticPerformance, KvCacheReuse, WorkloadSections } from "./plan-types";
import type { Scenario } from "./scenario";

type AgenticWorkload = Extract<Scenario["workload"], { kind: "agentic" }>;

/**
 * Concurrent sessions replayed through the KV-cache simulator. A fleet instance with more tasks in flight is
 * simulated as this many sessions sharing the same HBM per session (capacity scaled by this / concurrency), and
 * three times as many sessions in all so that the replay reaches steady state; this keeps a plan fast enough
 * for a Web Worker.
 */
const SIMULATED_CONCURRENT_SESSIONS = 8;
/**
 * Block size of the simulation, tokens. Serving engines use 16 (vLLM) to 512 (Mooncake); turn boundaries here are
 * hundreds of tokens apart, so 256-token blocks change the reuse estimate little and make the replay fast.
 */
const SIMULATED_BLOCK_TOKENS = 256;

/**
 * Plans an agentic fleet. The planner composes two packages: the `@aifactory/memory` tiered KV-cache simulator
 * replays a synthetic trace with the task's turn structure against the HBM left for KV cache (from
 * `estimateServing`'s memory breakdown), and the prefill share it saves is the prefix-hit ratio that
 * `@aifactory/workloads`' `estimateAgentTask` uses. Fleet usage follows from GPU-seconds per task x tasks.
 *
 * @param scenario - a parsed scenario whose workload is agentic
 * @returns performance, memory, KV-cache reuse, timeline and usage
 * @example
 * ```ts
 * import { getDefaultScenario, planAgentic, scenarioSchema } from "@aifactory/planner";
 * planAgentic(scenarioSchema.parse(getDefaultScenario("gpt-oss-120b-agentic-fleet-h100"))).kvCache?.hitRatio;
 * ```
 * @since 0.1.0
 * @category Plan
 */
export function planAgentic(scenario: Scenario): WorkloadSections {
  const workload = scenario.workload as AgenticWorkload;
  const architecture = workload.model as string | ArchitectureInput;
  const accelerator = scenario.hardware.accelerator;
  const gpus = scenario.hardware.count;
  const finalContextTokens =
    workload.systemPromptTokens + workload.turns * (workload.tokensPerTurn + workload.outputTokensPerTurn);

  // HBM left for KV cache in one instance at the task's final context length.
  const serving = estimateServing({
    architecture,
    accelerator,
    config: {
      tp: workload.tp,
      weights: workload.weights,
      kv: workload.kv,
      isl: Math.max(1, finalContextTokens - workload.outputTokensPerTurn),
      osl: workload.outputTokensPerTurn,
      concurrency: 1,
    },
  });
  const memory = serving.breakdown.memory;
  const kvBytesPerToken = memory.kvBytesPerTokenPerGpu * serving.gpus;
  const hbmKvBytes = memory.kvCacheBytes * serving.gpus;

  const concurrentSessions = Math.min(workload.concurrency, SIMULATED_CONCURRENT_SESSIONS);
  const simulatedKvBytes = (hbmKvBytes * concurrentSessions) / workload.concurrency;
  const trace = generateAgenticTrace({
    seed: 1,
    sessions: 3 * concurrentSessions,
    turnsPerSession: { min: workload.turns, max: workload.turns },
    systemPrompts: 1,
    systemPromptTokens: Math.max(1, workload.systemPromptTokens),
    appendedTokensPerTurn: { min: workload.tokensPerTurn, max: workload.tokensPerTurn },
    outputTokensPerTurn: { min: workload.outputTokensPerTurn, max: workload.outputTokensPerTurn },
    concurrentSessions,
  });
  const simulation = simulateKvCache(trace, {
    tiers: [{ id: "hbm", capacityBytes: simulatedKvBytes }],
    blockTokens: SIMULATED_BLOCK_TOKENS,
    kvBytesPerToken,
    policy: "lru",
  });
  const kvCache: KvCacheReuse = {
    hitRatio: simulation.hitRatio,
    prefillTokensSavedRatio: simulation.prefillTokensSavedRatio,
    tiers: simulation.perTier.map((tier) => ({
      id: tier.id,
      capacityBytes: tier.capacityBytes,
      hitRatio: tier.hitRatio,
    })),
    requestsSimulated: simulation.requests,
  };

  const task = estimateAgentTask({
    architecture,
    accelerator,
    config: {
      turns: workload.turns,
      systemPromptTokens: workload.systemPromptTokens,
      tokensPerTurn: workload.tokensPerTurn,
      outputTokensPerTurn: workload.outputTokensPerTurn,
      toolLatencyMs: workload.toolLatencyMs,
      kvPolicy: workload.kvPolicy,
      prefixHitRatio: simulation.prefillTokensSavedRatio,
      tp: workload.tp,
      weights: workload.weights,
      kv: workload.kv,
      concurrency: workload.concurrency,
    },
  });
  const hours = workload.days * 24;
  const gpuHoursNeeded = (task.gpuSecondsPerTask * workload.tasksPerDay * workload.days) / 3600;
  const gpusNeeded = gpuHoursNeeded / hours;
  const utilizationRatio = Math.min(1, gpusNeeded / gpus);
  const outputTokensPerTask = workload.turns * workload.outputTokensPerTurn;
  const warnings = [...serving.warnings, ...task.warnings].map((text) => ({ area: "performance", text }));
  if (gpusNeeded > gpus) {
    warnings.unshift({
      area: "performance",
      text: `the fleet is too small: ${workload.tasksPerDay} tasks/day need ${Math.ceil(gpusNeeded)} accelerators at full utilisation, the scenario has ${gpus}`,
    });
  }
  const performance: AgenticPerformance = {
    kind: "agentic",
    architectureId: task.architectureId,
    gpuSecondsPerTask: task.gpuSecondsPerTask,
    taskSeconds: task.taskSeconds,
    ttftMsPerTurn: task.ttftMsPerTurn,
    prefillSavedRatio: task.prefillSavedRatio,
    kvBytesHeldPeak: task.kvBytesHeldPeak,
    gpusNeeded,
  };
  const b = task.breakdown;
  return {
    performance,
    memory: {
      requiredBytesPerGpu: memory.weightsBytes + memory.reservedBytes + memory.kvCacheBytes,
      capacityBytesPerGpu: memory.capacityBytes,
      fits: memory.fits,
      breakdown: {
        title: "Memory per GPU",
        unit: "bytes",
        items: [
          { label: "weights", value: memory.weightsBytes },
          { label: "reserved", value: memory.reservedBytes },
          { label: "KV cache", value: memory.kvCacheBytes },
        ],
      },
    },
    timeline: { wallClockHours: hours, gpuHours: gpus * hours },
    timeBreakdown: {
      title: "GPU time per task",
      unit: "s",
      items: [
        { label: "prefill", value: b.prefillGpuSeconds },
        { label: "decode", value: b.decodeGpuSeconds },
        { label: "KV offload", value: b.offloadSeconds },
      ],
    },
    kvCache,
    usage: {
      gpus,
      hours,
      utilizationRatio,
      tokensPerSecondPerGpu: outputTokensPerTask / Math.max(task.gpuSecondsPerTask, 1e-12),
    },
    metrics: [
      { id: "gpuSecondsPerTask", label: "GPU-seconds per task", value: task.gpuSecondsPerTask, unit: "s" },
      { id: "prefillSavedRatio", label: "prefill saved by reuse", value: task.prefillSavedRatio, unit: "ratio" },
      { id: "gpusNeeded", label: "accelerators needed", value: gpusNeeded, unit: "GPUs" },
      { id: "fleetUtilizationRatio", label: "fleet utilisation", value: utilizationRatio, unit: "ratio" },
    ],
    assumptions: [
      {
        area: "kv-cache",
        text: `prefix-hit ratio ${simulation.prefillTokensSavedRatio.toFixed(3)} from replaying ${simulation.requests} synthetic requests (${3 * concurrentSessions} sessions, ${concurrentSessions} concurrent, LRU, ${SIMULATED_BLOCK_TOKENS}-token blocks) through @aifactory/memory's simulator with the HBM KV cache per session of an instance (${(hbmKvBytes / 1e9).toFixed(1)} GB for ${workload.concurrency} tasks in flight)`,
      },
      ...task.assumptions.map((text) => ({ area: "performance", text })),
    ],
    warnings,
  };
}
