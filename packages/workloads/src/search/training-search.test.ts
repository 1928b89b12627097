import { describe, expect, it } from "vitest";
import { TEST_A100, TEST_H100 } from "../../test/accelerators";
import { estimateTrainingStep } from "../training/training-step";
import { searchTrainingConfigs } from "./training-search";

describe("searchTrainingConfigs", () => {
  it("returns top-k fitting configurations sorted by throughput, with counts and time", () => {
    const found = searchTrainingConfigs({
      architecture: "llama-2-13b",
      accelerator: TEST_A100,
      acceleratorCount: 64,
      globalBatch: 512,
      sequenceTokens: 4096,
      top: 5,
    });
    expect(found.evaluatedCount).toBeGreaterThan(100);
    expect(found.fittingCount).toBeLessThanOrEqual(found.evaluatedCount);
    expect(found.elapsedMs).toBeGreaterThan(0);
    expect(found.results).toHaveLength(5);
    for (let i = 1; i < found.results.length; i += 1) {
      expect(found.results[i - 1]?.tokensPerSecond ?? 0).toBeGreaterThanOrEqual(found.results[i]?.tokensPerSecond ?? 0);
    }
    for (const r of found.results) expect(r.memory.fits).toBe(true);
  });

  it("adds offload variants only when the accelerator has a host link", () => {
    const input = {
      architecture: "llama-2-7b",
      acceleratorCount: 8,
      globalBatch: 64,
      sequenceTokens: 4096,
      top: 1,
    } as const;
    const without = searchTrainingConfigs({ ...input, accelerator: TEST_H100 });
    const withLink = searchTrainingConfigs({ ...input, accelerator: { ...TEST_H100, hostLinkGBps: 64 } });
    expect(withLink.evaluatedCount).toBe(2 * without.evaluatedCount);
  });

  it("every result re-evaluates to the same step time through the public model", () => {
    const found = searchTrainingConfigs({
      architecture: "mixtral-8x7b",
      accelerator: TEST_H100,
      acceleratorCount: 64,
      globalBatch: 256,
      sequenceTokens: 4096,
      top: 3,
    });
    expect(found.results.length).toBeGreaterThan(0);
    for (const r of found.results) {
      const again = estimateTrainingStep({ architecture: "mixtral-8x7b", accelerator: TEST_H100, config: r.config });
      expect(again.stepTimeSeconds).toBeCloseTo(r.stepTimeSeconds, 9);
    }
  });

  it("explores MoE dispatchers, EP overlap and DualPipe, and every result re-evaluates identically", () => {
    const input = {
      architecture: "qwen3-235b-a22b",
      accelerator: "nvidia-h100-sxm",
      acceleratorCount: 256,
      globalBatch: 2048,
      sequenceTokens: 4096,
      top: 5,
    } as const;
    const space = {
      tp: [2],
      pp: [8],
      vpp: [1, 4],
      cp: [1],
      microBatch: [1],
      zeroStages: [1 as const],
      recompute: ["selective" as const],
      recomputeModules: ["layernorm" as const, "moe_act" as const],
      overlapTensorParallel: [false],
      overlapDataParallel: [true],
      moeDispatcher: ["alltoall" as const, "deepep" as const],
      dualPipe: [false, true],
      moe: { routing: "forced-balanced" as const },
    };
    const found = searchTrainingConfigs({ ...input, space });
    const plain = searchTrainingConfigs({
      ...input,
      space: { ...space, moeDispatcher: ["alltoall" as const], dualPipe: [false], overlapExpertParallel: [false] },
    });
    expect(found.evaluatedCount).toBeGreaterThan(2 * plain.evaluatedCount);
    expect(found.results[0]?.tokensPerSecond ?? 0).toBeGreaterThan(plain.results[0]?.tokensPerSecond ?? 0);
    const best = found.results[0];
    expect(best?.config.moe.dispatcher).toBe("deepep");
    for (const r of found.results) {
      const again = estimateTrainingStep({
        architecture: input.architecture,
        accelerator: input.accelerator,
        config: r.config,
      });
      expect(again.stepTimeSeconds).toBeCloseTo(r.stepTimeSeconds, 9);
    }
  });
});
