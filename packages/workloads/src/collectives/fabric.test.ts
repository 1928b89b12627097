import { describe, expect, it } from "vitest";
import { estimateServing } from "../inference/serving-model";
import { estimateTrainingStep } from "../training/training-step";
import { allToAllFabricFactor, hierarchicalCollectiveTimeSeconds, placeGroup } from "./collective-time";

const up = { busBandwidthGBps: 360, stepLatencySeconds: 5e-6 };
const out = { busBandwidthGBps: 40, stepLatencySeconds: 1e-5 };

describe("an oversubscribed scale-out fabric (leaf groups)", () => {
  it("all-to-all leaving a leaf group is bounded by the uplinks: max(1, crossing share x oversubscription)", () => {
    const fabric = { leafGroupDomains: 32, leafOversubscriptionRatio: 4 };
    // 64 domains, 32 per leaf group: 32 of the other 63 are behind the uplinks.
    expect(allToAllFabricFactor(64, fabric)).toBeCloseTo((32 / 63) * 4, 12);
    // Inside one leaf group, or non-blocking, or no fabric: no slowdown.
    expect(allToAllFabricFactor(32, fabric)).toBe(1);
    expect(allToAllFabricFactor(64, { leafGroupDomains: 32, leafOversubscriptionRatio: 1 })).toBe(1);
    expect(allToAllFabricFactor(64, undefined)).toBe(1);
    // A small crossing share at a mild ratio stays link-bound.
    expect(allToAllFabricFactor(34, { leafGroupDomains: 32, leafOversubscriptionRatio: 2 })).toBe(1);
  });

  it("never speeds anything up, and grows with the oversubscription", () => {
    let previous = 1;
    for (const ratio of [1, 1.5, 2, 3, 4, 8]) {
      const factor = allToAllFabricFactor(256, { leafGroupDomains: 32, leafOversubscriptionRatio: ratio });
      expect(factor).toBeGreaterThanOrEqual(previous);
      previous = factor;
    }
    for (const outer of [2, 16, 33, 64, 1024]) {
      expect(allToAllFabricFactor(outer, { leafGroupDomains: 8, leafOversubscriptionRatio: 3 })).toBeGreaterThanOrEqual(
        1,
      );
    }
  });

  it("slows the scale-out part of a hierarchical all-to-all, not ring all-reduce", () => {
    const oversubscribed = { ...out, fabric: { leafGroupDomains: 16, leafOversubscriptionRatio: 4 } };
    const place = placeGroup(512, 1, 8); // 64 domains of 8
    const a2a = hierarchicalCollectiveTimeSeconds("all-to-all", 1e9, place, up, out);
    const a2aSlow = hierarchicalCollectiveTimeSeconds("all-to-all", 1e9, place, up, oversubscribed);
    expect(a2aSlow).toBeGreaterThan(2 * a2a);
    const ring = hierarchicalCollectiveTimeSeconds("all-reduce", 1e9, place, up, out);
    expect(hierarchicalCollectiveTimeSeconds("all-reduce", 1e9, place, up, oversubscribed)).toBe(ring);
    // One rank per domain: the flat scale-out all-to-all is slowed the same way.
    const flat = placeGroup(64, 8, 8);
    expect(hierarchicalCollectiveTimeSeconds("all-to-all", 1e9, flat, up, oversubscribed)).toBeGreaterThan(
      hierarchicalCollectiveTimeSeconds("all-to-all", 1e9, flat, up, out),
    );
  });

  it("training: expert parallelism across leaf groups slows the step on an oversubscribed fabric; dense DP does not", () => {
    const h100 = {
      id: "nvidia-h100-sxm",
      denseTflops: { bf16: 989, fp8: 1979 },
      memoryGB: 80,
      memoryBandwidthGBps: 3350,
      scaleUp: { bandwidthGBpsPerDirection: 450, scaleUpDomainSize: 8 },
      scaleOutGbitpsPerAccelerator: 400,
    };
    const fabric = { leafGroupAccelerators: 32, leafOversubscriptionRatio: 4 };
    // EP 64 with tp 1 spans 8 domains of 8: beyond a leaf group of 4 domains, the dispatch crosses the uplinks.
    const wide = {
      architecture: "deepseek-v3" as const,
      config: {
        acceleratorCount: 2048,
        tp: 1,
        pp: 1,
        ep: 64,
        cp: 1,
        globalBatch: 2048,
        sequenceTokens: 4096,
        precision: "fp8" as const,
      },
    };
    const base = estimateTrainingStep({ ...wide, accelerator: h100, kernels: "none" });
    const slow = estimateTrainingStep({ ...wide, accelerator: { ...h100, scaleOutFabric: fabric }, kernels: "none" });
    expect(slow.stepTimeSeconds).toBeGreaterThan(base.stepTimeSeconds);
    expect(slow.breakdown.expertParallelExposedSeconds).toBeGreaterThan(base.breakdown.expertParallelExposedSeconds);
    const dense = {
      architecture: "llama-3.1-8b" as const,
      config: { acceleratorCount: 256, tp: 1, pp: 1, globalBatch: 512, sequenceTokens: 4096 },
    };
    const denseBase = estimateTrainingStep({ ...dense, accelerator: h100, kernels: "none" });
    const denseFabric = estimateTrainingStep({
      ...dense,
      accelerator: { ...h100, scaleOutFabric: fabric },
      kernels: "none",
    });
    expect(denseFabric.stepTimeSeconds).toBe(denseBase.stepTimeSeconds);
  });

  it("serving: wide expert parallelism over many nodes is slower on an oversubscribed fabric", () => {
    const h100 = {
      id: "nvidia-h100-sxm",
      denseTflops: { bf16: 989, fp8: 1979 },
      memoryGB: 80,
      memoryBandwidthGBps: 3350,
      scaleUp: { bandwidthGBpsPerDirection: 450, scaleUpDomainSize: 8 },
      scaleOutGbitpsPerAccelerator: 400,
    };
    const input = {
      architecture: "deepseek-v3" as const,
      config: { tp: 64, ep: 64, attentionDp: true, inputTokens: 2000, outputTokens: 500, maxThroughput: true },
      kernels: "none" as const,
    };
    const base = estimateServing({ ...input, accelerator: h100 } as never);
    const slow = estimateServing({
      ...input,
      accelerator: { ...h100, scaleOutFabric: { leafGroupAccelerators: 16, leafOversubscriptionRatio: 4 } },
    } as never);
    expect(slow.outputTokensPerSecond).toBeLessThan(base.outputTokensPerSecond);
  });
});
