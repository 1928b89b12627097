import { isAifError, nonFinitePaths } from "@aifactory/core";
/**
 * Fuzz suite (#22): the RL step model on random inputs across every magnitude (GPU and prompt counts up to
 * 2^53 - 1, prompt and response lengths from 1 to 2^53 - 1, reward seconds from 0 to 1e300, shares, colocated and
 * disaggregated, synchronous and one-step off-policy). Each call returns only finite numbers or throws a typed
 * AifError; at least 5% of the cases produce a result. The case count is in the reliability guide.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { finiteOrTypedChecker } from "../../../tooling/vitest/fuzz.ts";
import { estimateRlStep } from "../src/index";

const SCALE = Math.max(1, Number(process.env.AIF_FUZZ_SCALE ?? 1) || 1);
const { check: finiteOrTyped, seen } = finiteOrTypedChecker({ isAifError, nonFinitePaths });

const count = (typical: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: typical }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 53 - 1 }) },
  );

describe("fuzz: estimateRlStep returns finite numbers or typed errors", () => {
  it("estimateRlStep (200 cases)", () => {
    seen.results = 0;
    seen.errors = 0;
    const numRuns = Math.round(200 * SCALE);
    fc.assert(
      fc.property(
        fc.constantFrom("qwen3-32b", "llama-3.1-8b", "qwen3-30b-a3b"),
        fc.constantFrom("nvidia-h100-sxm", "nvidia-b200", "amd-mi300x"),
        fc.oneof(
          fc.integer({ min: 0, max: 10 }).map((a) => 2 ** a),
          count(4096),
        ),
        count(2048),
        count(32),
        count(8192),
        count(16_384),
        fc.option(count(65_536), { nil: undefined }),
        fc.constantFrom("colocated", "disaggregated"),
        fc.boolean(),
        fc.constantFrom("grpo", "ppo"),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true })),
        (
          policy,
          accelerator,
          gpus,
          prompts,
          group,
          isl,
          meanOutputTokens,
          maxOutputTokens,
          placement,
          async,
          algorithm,
          share,
          reward,
        ) =>
          finiteOrTyped(() =>
            estimateRlStep({
              policy,
              accelerator,
              config: {
                acceleratorCount: gpus,
                promptsPerStep: prompts,
                groupSize: group,
                inputTokens: isl,
                meanOutputTokens,
                ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }),
                placement: placement as "colocated" | "disaggregated",
                async,
                algorithm: algorithm as "grpo" | "ppo",
                rolloutAcceleratorRatio: share,
                rewardSeconds: reward,
              },
            }),
          ),
      ),
      { numRuns },
    );
    expect(seen.results).toBeGreaterThan(numRuns * 0.05);
  });
});
