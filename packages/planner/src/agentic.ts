import {
  type AgenticTraceOptions,
  generateAgenticTrace,
  type KvCacheSimulationConfig,
  simulateKvCache,
} from "@aifactory/memory";
import { estimateAgentTask, estimateServing } from "@aifactory/workloads";
import { toPlanAssumption } from "./compose";
import { clearFleetPlanCache } from "./fleet";
import { architectureForWorkloads, builtInFactoryCatalog, type FactoryCatalog } from "./pack";
import type { AgenticPerformance, KvCacheReuse, WorkloadSections } from "./plan-types";
import { clearPretrainingSearchCache } from "./pretraining";
import { scenarioAcceleratorForWorkloads } from "./scale-out-fabric";
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

/** What a plan keeps of one KV-cache replay. */
interface KvReplaySummary {
  hitRatio: number;
  prefillTokensSavedRatio: number;
  requests: number;
  tiers: Array<{ id: string; capacityBytes: number; hitRatio: number }>;
}

/**
 * Replays kept per trace shape, most recently used last. The replay is a pure function of the trace options and
 * the simulation config (the trace generator is seeded), so an edit that changes neither (the fleet size, the
 * site, the economics, tasks per day, tool latency) reuses the replay instead of running it again: the replay
 * is most of an agentic plan's time (about 100-300 ms in a browser worker), everything else a few milliseconds.
 * Bounded so that a long editing session or a design-space sweep keeps at most this many summaries (a few hundred
 * bytes each).
 */
const KV_REPLAY_CACHE_SIZE = 64;
const kvReplayCache = new Map<string, KvReplaySummary>();

/**
 * Generates the synthetic agentic trace and replays it through `@aifactory/memory`'s KV-cache simulator, or
 * returns the summary of an identical earlier replay (same trace options and simulation config, compared as
 * JSON). Callers get their own copy of the summary.
 */
function replayKvTrace(traceOptions: AgenticTraceOptions, config: KvCacheSimulationConfig): KvReplaySummary {
  const key = JSON.stringify([traceOptions, config]);
  let summary = kvReplayCache.get(key);
  if (summary) {
    kvReplayCache.delete(key);
  } else {
    const simulation = simulateKvCache(generateAgenticTrace(traceOptions), config);
    summary = {
      hitRatio: simulation.hitRatio,
      prefillTokensSavedRatio: simulation.prefillTokensSavedRatio,
      requests: simulation.requests,
      tiers: simulation.perTier.map((tier) => ({
        id: tier.id,
        capacityBytes: tier.capacityBytes,
        hitRatio: tier.hitRatio,
      })),
    };
    if (kvReplayCache.size >= KV_REPLAY_CACHE_SIZE) {
      const oldest = kvReplayCache.keys().next();
      if (!oldest.done) kvReplayCache.delete(oldest.value);
    }
  }
  kvReplayCache.set(key, summary);
  return { ...summary, tiers: summary.tiers.map((tier) => ({ ...tier })) };
}

/**
 * Forgets every memoised KV-cache replay of agentic plans and every memoised fleet simulation, so the next plan
 * computes them again. Plans are
 * the same either way (the replay is a pure function of its inputs); this exists for benchmarks and tests that
 * measure or compare the uncached path.
 *
 * @internal
 * @returns nothing
 * @example
 * ```ts
 * import { clearPlanCaches } from "@aifactory/planner/internal";
 * clearPlanCaches(); // the next plan() of an agentic or fleet scenario replays its KV trace and fleet again
 * ```
 * @since 0.1.0
 * @category Plan
 */
export function clearPlanCaches(): void {
  kvReplayCache.clear();
  clearFleetPlanCache();
  clearPretrainingSearchCache();
}

/**
 * Plans an agentic fleet. The planner composes two packages: the `@aifactory/memory` tiered KV-cache simulator
 * replays a synthetic trace with the task's turn structure against the HBM left for KV cache (from
 * `estimateServing`'s memory breakdown), and the prefill share it saves is the prefix-hit ratio that
 * `@aifactory/workloads`' `estimateAgentTask` uses. Fleet usage follows from GPU-seconds per task x tasks.
 *
 * The replay is memoised per trace shape (the trace options and simulation config it is a pure function of), so
 * edits that leave them unchanged plan in milliseconds; `clearPlanCaches` (`@aifactory/planner/internal`) forgets
 * the memo. Results are identical either way.
 *
 * @param scenario - a parsed scenario whose workload is agentic
 * @param catalog - where the accelerator and model ids are looked up (default: the built-in catalogs; see `createFactoryCatalog`)
 * @returns performance, memory, KV-cache reuse, timeline and usage
 * @example
 * ```ts
 * import { getDefaultScenario, planAgentic, scenarioSchema } from "@aifactory/planner";
 * planAgentic(scenarioSchema.parse(getDefaultScenario("gpt-oss-120b-agentic-fleet-h100"))).kvCache?.hitRatio;
 * ```
 * @since 0.1.0
 * @category Plan
 */
export function planAgentic(scenario: Scenario, catalog: FactoryCatalog = builtInFactoryCatalog()): WorkloadSections {
  const workload = scenario.workload as AgenticWorkload;
  const architecture = architectureForWorkloads(catalog, workload.model, "workload.model");
  const accelerator = scenarioAcceleratorForWorkloads(catalog, scenario);
  const gpus = scenario.hardware.count;
  const finalContextTokens =
    workload.systemPromptTokens + workload.turns * (workload.tokensPerTurn + workload.outputTokensPerTurn);

  // HBM left for KV cache in one instance at the task's final context length.
  const serving = estimateServing({
    architecture,
    accelerator,
    kernels: scenario.kernels,
    closedLoop: false,
    config: {
      tp: workload.tp,
      weights: workload.weights,
      kv: workload.kv,
      inputTokens: Math.max(1, finalContextTokens - workload.outputTokensPerTurn),
      outputTokens: workload.outputTokensPerTurn,
      concurrency: 1,
    },
  });
  const memory = serving.breakdown.memory;
  const kvBytesPerToken = memory.kvBytesPerTokenPerGpu * serving.acceleratorCount;
  const hbmKvBytes = memory.kvCacheBytes * serving.acceleratorCount;

  const concurrentSessions = Math.min(workload.concurrency, SIMULATED_CONCURRENT_SESSIONS);
  const simulatedKvBytes = (hbmKvBytes * concurrentSessions) / workload.concurrency;
  const replay = replayKvTrace(
    {
      seed: 1,
      sessions: 3 * concurrentSessions,
      turnsPerSession: { min: workload.turns, max: workload.turns },
      systemPrompts: 1,
      systemPromptTokens: Math.max(1, workload.systemPromptTokens),
      appendedTokensPerTurn: { min: workload.tokensPerTurn, max: workload.tokensPerTurn },
      outputTokensPerTurn: { min: workload.outputTokensPerTurn, max: workload.outputTokensPerTurn },
      concurrentSessions,
    },
    {
      tiers: [{ id: "hbm", capacityBytes: simulatedKvBytes }],
      blockTokens: SIMULATED_BLOCK_TOKENS,
      kvBytesPerToken,
      policy: "lru",
    },
  );
  const kvCache: KvCacheReuse = {
    hitRatio: replay.hitRatio,
    prefillTokensSavedRatio: replay.prefillTokensSavedRatio,
    tiers: replay.tiers.map((tier) => ({ ...tier })),
    requestsSimulated: replay.requests,
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
      prefixHitRatio: replay.prefillTokensSavedRatio,
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
      acceleratorCount: gpus,
      hours,
      utilizationRatio,
      tokensPerSecondPerAccelerator: outputTokensPerTask / Math.max(task.gpuSecondsPerTask, 1e-12),
    },
    metrics: [
      { id: "gpuSecondsPerTask", label: "GPU-seconds per task", value: task.gpuSecondsPerTask, unit: "s" },
      { id: "prefillSavedRatio", label: "prefill saved by reuse", value: task.prefillSavedRatio, unit: "ratio" },
      { id: "gpusNeeded", label: "accelerators needed", value: gpusNeeded, unit: "GPUs" },
      { id: "fleetUtilizationRatio", label: "fleet utilisation", value: utilizationRatio, unit: "ratio" },
    ],
    assumptions: [
      {
        name: "prefix-hit-ratio",
        basis: "method" as const,
        area: "kv-cache",
        text: `prefix-hit ratio ${replay.prefillTokensSavedRatio.toFixed(3)} from replaying ${replay.requests} synthetic requests (${3 * concurrentSessions} sessions, ${concurrentSessions} concurrent, LRU, ${SIMULATED_BLOCK_TOKENS}-token blocks) through @aifactory/memory's simulator with the HBM KV cache per session of an instance (${(hbmKvBytes / 1e9).toFixed(1)} GB for ${workload.concurrency} tasks in flight)`,
      },
      ...task.assumptions.map((a) => toPlanAssumption("performance", a)),
    ],
    warnings,
  };
}
