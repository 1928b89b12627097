import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateAgentTask } from "./agent-task";

const TASK = { turns: 30, tokensPerTurn: 800, outputTokensPerTurn: 300, toolLatencyMs: 2000, tp: 4 } as const;

describe("estimateAgentTask", () => {
  it("returns the contract fields", () => {
    const task = estimateAgentTask({ architecture: "llama-3.1-70b", accelerator: "nvidia-h100-sxm", config: TASK });
    expect(task.gpuSecondsPerTask).toBeGreaterThan(0);
    expect(task.ttftMsPerTurn).toHaveLength(30);
    expect(task.kvBytesHeldPeak).toBe(task.breakdown.finalContextTokens * task.breakdown.kvBytesPerToken);
    expect(task.prefillSavedRatio).toBeGreaterThan(0.9);
    expect(task.kvBytesHeldOverTime.at(-1)?.bytes).toBe(0);
  });

  it("recompute saves nothing and costs more GPU time than holding the KV", () => {
    const hold = estimateAgentTask({ architecture: "llama-3.1-70b", accelerator: "nvidia-h100-sxm", config: TASK });
    const recompute = estimateAgentTask({
      architecture: "llama-3.1-70b",
      accelerator: "nvidia-h100-sxm",
      config: { ...TASK, kvPolicy: "recompute" },
    });
    expect(recompute.prefillSavedRatio).toBe(0);
    expect(recompute.gpuSecondsPerTask).toBeGreaterThan(hold.gpuSecondsPerTask);
    expect(recompute.kvHoldGpuSecondsEquivalent).toBe(0);
  });

  it("offload adds the reload to TTFT but keeps the reuse", () => {
    const offload = estimateAgentTask({
      architecture: "llama-3.1-70b",
      accelerator: "nvidia-h100-sxm",
      config: { ...TASK, kvPolicy: "offload" },
    });
    expect(offload.breakdown.offloadSeconds).toBeGreaterThan(0);
    expect(offload.prefillSavedRatio).toBeGreaterThan(0.9);
  });

  it("property: no NaN; a hit ratio of 1.0 prefills only the new tokens of each turn", () => {
    fc.assert(
      fc.property(
        fc.record({
          turns: fc.integer({ min: 1, max: 40 }),
          input: fc.integer({ min: 1, max: 2000 }),
          output: fc.integer({ min: 1, max: 1000 }),
          tool: fc.double({ min: 0, max: 60000, noNaN: true }),
          policy: fc.constantFrom("hold", "offload", "recompute") as fc.Arbitrary<"hold" | "offload" | "recompute">,
        }),
        (c) => {
          const task = estimateAgentTask({
            architecture: "llama-3.1-8b",
            accelerator: "nvidia-h100-sxm",
            config: {
              turns: c.turns,
              tokensPerTurn: c.input,
              outputTokensPerTurn: c.output,
              toolLatencyMs: c.tool,
              kvPolicy: c.policy,
              prefixHitRatio: 1,
              systemPromptTokens: 0,
            },
          });
          const numbers = [task.gpuSecondsPerTask, task.taskSeconds, task.prefillSavedRatio, ...task.ttftMsPerTurn];
          return numbers.every(Number.isFinite) && task.breakdown.prefilledTokens === c.turns * c.input;
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("agent tasks stay inside the model and the model's range", () => {
  it("a conversation longer than the context window, or 1e8 turns, is an input error", () => {
    const config = { turns: 400, tokensPerTurn: 800, outputTokensPerTurn: 300, toolLatencyMs: 1000 };
    expect(() => estimateAgentTask({ architecture: "llama-3.1-8b", accelerator: "nvidia-h100-sxm", config })).toThrow(
      /beyond llama-3.1-8b's context window \(131072\)/,
    );
    expect(() =>
      estimateAgentTask({
        architecture: "llama-3.1-8b",
        accelerator: "nvidia-h100-sxm",
        config: { ...config, turns: 100_000_000 },
      }),
    ).toThrow(/at most 100,000 turns/);
  });
});
