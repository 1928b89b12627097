import { estimateAgentTask, estimateRlStep, estimateServing, searchServingConfigs } from "@aifactory/workloads";
import { describe, expect, it } from "vitest";
import { getDefaultScenario } from "./defaults";
import { plan } from "./plan";
import type { ScenarioInput } from "./scenario";

type Kind<K extends string> = Extract<ScenarioInput["workload"], { kind: K }>;

describe("serving plans", () => {
  const scenario = getDefaultScenario("deepseek-v3-serving-h200-slo");
  const result = plan(scenario);
  const workload = scenario.workload as Kind<"serving">;

  it("report the best configuration of the SLO search unchanged", () => {
    const report = searchServingConfigs({
      architecture: "deepseek-v3",
      accelerator: "nvidia-h200-sxm",
      space: {
        acceleratorCount: 64,
        inputTokens: workload.inputTokens,
        outputTokens: workload.outputTokens,
        ttftMs: workload.ttftMs,
        tpotMs: workload.tpotMs,
        weights: "fp8",
        kv: "fp8",
        disaggregated: true,
      },
      limit: 1,
    });
    const best = report.results[0]!;
    if (result.performance.kind !== "serving") throw new Error("expected a serving plan");
    expect(result.performance.outputTokensPerSecondPerGpu).toBe(best.outputTokensPerSecondPerGpu);
    expect(result.performance.ttftMs).toBeLessThanOrEqual(workload.ttftMs);
    expect(result.performance.tpotMs).toBeLessThanOrEqual(workload.tpotMs);
    expect(result.performance.searched).toBe(true);
  });

  it("include a throughput-latency curve whose TPOT never falls as concurrency grows", () => {
    const curve = result.throughputLatency ?? [];
    expect(curve.length).toBeGreaterThan(3);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.tpotMs).toBeGreaterThanOrEqual(curve[i - 1]!.tpotMs);
  });

  it("use a given configuration without searching", () => {
    const given = plan({
      ...scenario,
      workload: {
        ...workload,
        disaggregated: false,
        parallelism: { tp: 8, ep: 8, attentionDp: false, concurrency: 64 },
      },
    });
    const direct = estimateServing({
      architecture: "deepseek-v3",
      accelerator: "nvidia-h200-sxm",
      config: {
        tp: 8,
        ep: 8,
        attentionDp: false,
        concurrency: 64,
        weights: "fp8",
        kv: "fp8",
        inputTokens: 4096,
        outputTokens: 1024,
      },
    });
    if (given.performance.kind !== "serving") throw new Error("expected a serving plan");
    expect(given.performance.searched).toBe(false);
    expect(given.performance.tpotMs).toBe(direct.tpotMs);
  });

  it("explain an impossible SLO", () => {
    expect(() => plan({ ...scenario, workload: { ...workload, ttftMs: 0.001, tpotMs: 0.001 } })).toThrowError(
      /meets TTFT <= 0.001 ms/,
    );
  });
});

describe("RL plans", () => {
  const scenario = getDefaultScenario("qwen3-32b-grpo-64-h100");
  const workload = scenario.workload as Kind<"rl">;
  const result = plan(scenario);

  it("take the step from estimateRlStep and multiply by the steps", () => {
    const step = estimateRlStep({
      policy: "qwen3-32b",
      accelerator: "nvidia-h100-sxm",
      config: {
        acceleratorCount: 64,
        promptsPerStep: workload.promptsPerStep,
        groupSize: workload.groupSize,
        inputTokens: workload.inputTokens,
        meanOutputTokens: workload.meanOutputTokens,
        maxOutputTokens: workload.maxOutputTokens,
        placement: "colocated",
        async: false,
      },
    });
    if (result.performance.kind !== "rl") throw new Error("expected an RL plan");
    expect(result.performance.stepTimeSeconds).toBe(step.stepTimeSeconds);
    expect(result.timeline.wallClockHours).toBeCloseTo((step.stepTimeSeconds * workload.steps) / 3600, 9);
    const phases = result.timeBreakdown.items.map((item) => item.value);
    expect(result.performance.stepTimeSeconds).toBeGreaterThanOrEqual(Math.max(...phases) - 1e-9);
  });
});

describe("agentic plans", () => {
  const scenario = getDefaultScenario("gpt-oss-120b-agentic-fleet-h100");
  const workload = scenario.workload as Kind<"agentic">;
  const result = plan(scenario);

  it("feed the KV-cache simulator's saved-prefill share into the agent model", () => {
    expect(result.kvCache).toBeDefined();
    expect(result.kvCache!.prefillTokensSavedRatio).toBeGreaterThan(0);
    expect(result.kvCache!.prefillTokensSavedRatio).toBeLessThanOrEqual(1);
    if (result.performance.kind !== "agentic") throw new Error("expected an agentic plan");
    const task = estimateAgentTask({
      architecture: "gpt-oss-120b",
      accelerator: "nvidia-h100-sxm",
      config: {
        turns: workload.turns,
        systemPromptTokens: workload.systemPromptTokens,
        tokensPerTurn: workload.tokensPerTurn,
        outputTokensPerTurn: workload.outputTokensPerTurn,
        toolLatencyMs: workload.toolLatencyMs,
        kvPolicy: workload.kvPolicy,
        prefixHitRatio: result.kvCache!.prefillTokensSavedRatio,
        tp: workload.tp,
        weights: workload.weights,
        kv: workload.kv,
        concurrency: workload.concurrency,
      },
    });
    expect(result.performance.gpuSecondsPerTask).toBe(task.gpuSecondsPerTask);
  });

  it("need more accelerators and use the fleet more as the task rate grows", () => {
    const busier = plan({ ...scenario, workload: { ...workload, tasksPerDay: workload.tasksPerDay * 2 } });
    if (result.performance.kind !== "agentic" || busier.performance.kind !== "agentic") throw new Error("agentic");
    expect(busier.performance.gpusNeeded).toBeCloseTo(result.performance.gpusNeeded * 2, 6);
    expect(busier.warnings.some((w) => w.text.includes("too small"))).toBe(true);
  });
});
