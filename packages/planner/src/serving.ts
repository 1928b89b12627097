import { AifError } from "@aifactory/core";
import { estimateServing, type ServingResult, searchServingConfigs } from "@aifactory/workloads";
import { planMethod, toPlanAssumption } from "./compose";
import { architectureForWorkloads, builtInFactoryCatalog, type FactoryCatalog } from "./pack";
import type { ServingPerformance, ThroughputLatencyPoint, WorkloadSections } from "./plan-types";
import { scenarioAcceleratorForWorkloads } from "./scale-out-fabric";
import type { Scenario } from "./scenario";

type ServingWorkload = Extract<Scenario["workload"], { kind: "serving" }>;

/**
 * Plans a serving deployment with `@aifactory/workloads`: the given configuration, or the best one under the
 * SLO from `searchServingConfigs`; then `estimateServing` for the breakdown, memory and a throughput-vs-latency
 * curve over concurrency. Usage for energy and cost is the fleet for `days` at `loadRatio`.
 *
 * @param scenario - a parsed scenario whose workload is serving
 * @param catalog - where the accelerator and model ids are looked up (default: the built-in catalogs; see `createFactoryCatalog`)
 * @returns performance, memory, timeline, curve and usage
 * @throws AifError (INVALID_CONFIGURATION) when no configuration meets the SLO
 * @example
 * ```ts
 * import { getDefaultScenario, planServing, scenarioSchema } from "@aifactory/planner";
 * const scenario = scenarioSchema.parse(getDefaultScenario("deepseek-v3-serving-h200-slo"));
 * planServing(scenario).performance.kind; // "serving"
 * ```
 * @since 0.1.0
 * @category Plan
 */
export function planServing(scenario: Scenario, catalog: FactoryCatalog = builtInFactoryCatalog()): WorkloadSections {
  const workload = scenario.workload as ServingWorkload;
  const architecture = architectureForWorkloads(catalog, workload.model, "workload.model");
  const accelerator = scenarioAcceleratorForWorkloads(catalog, scenario);
  const gpus = scenario.hardware.count;
  const common = {
    weights: workload.weights,
    kv: workload.kv,
    inputTokens: workload.inputTokens,
    outputTokens: workload.outputTokens,
    prefixHitRatio: workload.prefixHitRatio,
    mtpAcceptance: workload.mtpAcceptance,
  };
  let searched = false;
  let evaluatedCount = 0;
  let mode: "aggregated" | "disaggregated" = "aggregated";
  let tp: number;
  let ep: number;
  let attentionDp: boolean;
  let concurrency: number;
  let searchedFigures: { ttftMs: number; tpotMs: number; outputTokensPerSecondPerGpu: number } | undefined;
  const searchWarnings: string[] = [];
  if (workload.parallelism) {
    ({ tp, ep, attentionDp, concurrency } = workload.parallelism);
  } else {
    const report = searchServingConfigs({
      architecture,
      accelerator,
      kernels: scenario.kernels,
      space: {
        acceleratorCount: gpus,
        ...common,
        ttftMs: workload.ttftMs,
        tpotMs: workload.tpotMs,
        disaggregated: workload.disaggregated,
      },
      limit: 1,
    });
    evaluatedCount = report.evaluatedCount;
    searchWarnings.push(...report.warnings);
    const best = report.results[0];
    if (!best) {
      throw new AifError(
        "INVALID_CONFIGURATION",
        `no serving configuration of ${typeof architecture === "string" ? architecture : "the model"} on ${gpus} x ${scenario.hardware.accelerator} meets TTFT <= ${workload.ttftMs} ms and TPOT <= ${workload.tpotMs} ms (${report.evaluatedCount} evaluated)`,
        { hint: "relax the SLO, add accelerators, use a lower weight precision, or pick faster hardware" },
      );
    }
    searched = true;
    mode = best.mode;
    tp = best.tp;
    ep = best.ep;
    attentionDp = best.attentionDp;
    concurrency = best.concurrency;
    searchedFigures = best;
  }
  const estimate = (c: number): ServingResult =>
    estimateServing({
      architecture,
      accelerator,
      config: { ...common, tp, ep, attentionDp, concurrency: c },
      kernels: scenario.kernels,
      // The curve is steady-state; queueing under traffic is the fleet workload's job (and it keeps edits fast).
      closedLoop: false,
    });
  const result = estimate(concurrency);
  const instances = Math.max(1, Math.floor(gpus / result.acceleratorCount));
  const curve: ThroughputLatencyPoint[] = [];
  for (let c = 1; c <= Math.max(1, result.maxConcurrency); c *= 2) {
    const point = c === concurrency ? result : estimate(c);
    curve.push({
      concurrency: c,
      ttftMs: point.ttftMs,
      tpotMs: point.tpotMs,
      outputTokensPerSecondPerGpu: point.outputTokensPerSecondPerGpu,
    });
  }
  // The search's figures are the ones it checked against the SLO (for a disaggregated deployment they cover
  // both pools); the single-instance estimate above supplies the breakdown, memory and curve.
  const headline = searchedFigures ?? result;
  const fleetTokensPerSecond = headline.outputTokensPerSecondPerGpu * gpus;
  const hours = workload.days * 24;
  const outputTokensServed = fleetTokensPerSecond * workload.loadRatio * hours * 3600;
  const performance: ServingPerformance = {
    kind: "serving",
    architectureId: result.architectureId,
    mode,
    searched,
    searchEvaluatedCount: evaluatedCount,
    tp,
    ep,
    concurrency,
    instances,
    ttftMs: headline.ttftMs,
    tpotMs: headline.tpotMs,
    outputTokensPerSecondPerGpu: headline.outputTokensPerSecondPerGpu,
    outputTokensPerSecond: fleetTokensPerSecond,
    outputTokensServed,
    kvCacheCapacityTokens: result.kvCacheCapacityTokens,
    maxConcurrency: result.maxConcurrency,
  };
  const m = result.breakdown.memory;
  const b = result.breakdown;
  const warnings = [...result.warnings, ...searchWarnings];
  if (headline.ttftMs > workload.ttftMs || headline.tpotMs > workload.tpotMs) {
    warnings.push(
      `the configuration misses the SLO: TTFT ${headline.ttftMs.toFixed(0)} ms (target ${workload.ttftMs}), TPOT ${headline.tpotMs.toFixed(1)} ms (target ${workload.tpotMs})`,
    );
  }
  if (mode === "disaggregated") {
    warnings.push(
      "disaggregated deployment: the headline figures cover the prefill and decode pools; the iteration breakdown, memory and curve are those of one aggregated instance at the decode configuration",
    );
  }
  return {
    performance,
    memory: {
      requiredBytesPerGpu: m.weightsBytes + m.reservedBytes + m.kvCacheBytes,
      capacityBytesPerGpu: m.capacityBytes,
      fits: m.fits,
      breakdown: {
        title: "Memory per GPU",
        unit: "bytes",
        items: [
          { label: "weights", value: m.weightsBytes },
          { label: "reserved", value: m.reservedBytes },
          { label: "KV cache", value: m.kvCacheBytes },
        ],
      },
    },
    timeline: { wallClockHours: hours, gpuHours: gpus * hours },
    timeBreakdown: {
      title: "Decode iteration",
      unit: "s",
      items: [
        { label: "dense matmul", value: b.denseMatmulSeconds },
        { label: "expert matmul", value: b.expertMatmulSeconds },
        { label: "output head", value: b.headSeconds },
        { label: "decode attention", value: b.decodeAttentionSeconds },
        { label: "prefill attention", value: b.prefillAttentionSeconds },
        { label: "elementwise", value: b.elementwiseSeconds },
        { label: "communication", value: b.communicationSeconds },
        { label: "overhead", value: b.overheadSeconds },
        { label: "draft (MTP)", value: b.draftSeconds },
      ],
    },
    throughputLatency: curve,
    usage: {
      acceleratorCount: gpus,
      hours,
      utilizationRatio: workload.loadRatio,
      tokensPerSecondPerAccelerator: headline.outputTokensPerSecondPerGpu,
    },
    metrics: [
      {
        id: "outputTokensPerSecondPerGpu",
        label: "output tokens/s per GPU",
        value: headline.outputTokensPerSecondPerGpu,
        unit: "tokens/s",
      },
      { id: "ttftMs", label: "TTFT", value: headline.ttftMs, unit: "ms" },
      { id: "tpotMs", label: "TPOT", value: headline.tpotMs, unit: "ms" },
      { id: "outputTokensServed", label: "output tokens served", value: outputTokensServed, unit: "tokens" },
    ],
    assumptions: [
      ...(searched
        ? [
            planMethod(
              "performance",
              "configuration-search",
              `configuration found by searching ${evaluatedCount} configurations under the SLO (highest output tokens/s per GPU)`,
            ),
          ]
        : []),
      planMethod(
        "performance",
        "fleet-load",
        `fleet load ${workload.loadRatio} of the SLO-limited throughput for ${workload.days} days`,
      ),
      ...result.assumptions.map((a) => toPlanAssumption("performance", a)),
    ],
    warnings: warnings.map((text) => ({ area: "performance", text })),
  };
}
