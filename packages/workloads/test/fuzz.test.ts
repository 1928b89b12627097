/**
 * Fuzz suite (#22): the public models on random inputs across every magnitude a careless user or an attacker can
 * type. Each call either returns a result whose every number is finite, or throws a typed AifError (an input
 * error naming the field); never another exception, never NaN or Infinity. The case counts are in the
 * reliability guide.
 */
import { isAifError, nonFinitePaths } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateAgentTask, estimateServing, estimateTrainingRun, estimateTrainingStep } from "../src/index";

/** Positive magnitudes from 1e-300 to 1e300 (and plain small integers, which reach the interesting paths). */
const magnitude = fc.oneof(
  fc.integer({ min: 1, max: 4096 }),
  fc.double({ min: 1e-300, max: 1e300, noNaN: true, noDefaultInfinity: true }),
);
const count = fc.oneof(fc.integer({ min: 1, max: 1024 }), fc.integer({ min: 1, max: 2 ** 53 - 1 }));

/** Results and typed errors seen, per test (a fuzz run that only ever errors tests nothing). */
const seen = { results: 0, errors: 0 };

function finiteOrTyped(run: () => unknown): void {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    expect(isAifError(error), `untyped error: ${String(error)}`).toBe(true);
    seen.errors++;
    return;
  }
  expect(nonFinitePaths(result)).toEqual([]);
  seen.results++;
}

/** Runs a property and checks that at least 5% of its cases produced a result. */
function fuzz(property: fc.IProperty<unknown[]>, numRuns: number): void {
  seen.results = 0;
  seen.errors = 0;
  fc.assert(property, { numRuns });
  expect(seen.results + seen.errors).toBe(numRuns);
  expect(seen.results).toBeGreaterThan(numRuns * 0.05);
}

describe("fuzz: workloads models return finite numbers or typed errors", () => {
  it("estimateTrainingStep (3,000 cases)", () => {
    fuzz(
      fc.property(
        fc.constantFrom("llama-3.1-8b", "gpt-3-175b", "mixtral-8x7b", "deepseek-v3"),
        fc.constantFrom("nvidia-h100-sxm", "nvidia-a100-sxm-80gb", "amd-mi300x", "google-tpu-v5p"),
        fc.oneof(
          fc.integer({ min: 0, max: 12 }).map((a) => 8 * 2 ** a),
          count,
        ),
        fc.constantFrom(1, 2, 4, 8),
        fc.constantFrom(1, 2, 4),
        fc.oneof(fc.integer({ min: 1, max: 64 }), count),
        fc.oneof(
          fc.integer({ min: 1, max: 16_384 }).map((n) => 8 * n),
          magnitude,
        ),
        (architecture, accelerator, gpus, tp, pp, perReplica, seq) =>
          finiteOrTyped(() =>
            estimateTrainingStep({
              architecture,
              accelerator,
              config: {
                acceleratorCount: gpus,
                tp,
                pp,
                globalBatch: Math.max(1, Math.floor(gpus / (tp * pp))) * perReplica,
                sequenceTokens: seq as number,
              },
            }),
          ),
      ),
      3000,
    );
  });

  it("estimateTrainingRun (1,000 cases)", () => {
    fuzz(
      fc.property(count, magnitude, magnitude, (gpus, tokens, mtbf) =>
        finiteOrTyped(() =>
          estimateTrainingRun({
            architecture: "llama-3.1-8b",
            accelerator: "nvidia-h100-sxm",
            config: { acceleratorCount: gpus, tp: 8, globalBatch: gpus, sequenceTokens: 4096 },
            tokens,
            reliability: { mtbfHoursPerAccelerator: mtbf },
          }),
        ),
      ),
      1000,
    );
  });

  it("estimateServing (3,000 cases)", () => {
    fuzz(
      fc.property(
        fc.constantFrom("llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b", "qwen3-30b-a3b"),
        fc.constantFrom("nvidia-h100-sxm", "nvidia-h200-sxm", "nvidia-b200", "amd-mi300x"),
        fc.constantFrom(1, 2, 4, 8),
        magnitude,
        magnitude,
        count,
        (architecture, accelerator, tp, isl, osl, concurrency) =>
          finiteOrTyped(() =>
            estimateServing({
              architecture,
              accelerator,
              config: { tp, inputTokens: isl as number, outputTokens: osl as number, concurrency },
              // The closed-loop simulation is fuzzed on one case in ten (it is a whole simulation per call).
              closedLoop: (concurrency as number) % 10 === 0,
            }),
          ),
      ),
      3000,
    );
  });

  it("estimateAgentTask (1,000 cases)", () => {
    fuzz(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 100 }), count),
        fc.oneof(fc.integer({ min: 1, max: 2000 }), magnitude),
        fc.oneof(fc.integer({ min: 1, max: 500 }), magnitude),
        magnitude,
        (turns, input, output, toolMs) =>
          finiteOrTyped(() =>
            estimateAgentTask({
              architecture: "llama-3.1-8b",
              accelerator: "nvidia-h100-sxm",
              config: {
                turns,
                tokensPerTurn: input as number,
                outputTokensPerTurn: output as number,
                toolLatencyMs: toolMs as number,
              },
            }),
          ),
      ),
      1000,
    );
  });
});
