import { assumptionSchema, InvalidInputError } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TEST_A100, TEST_H100 } from "../../test/accelerators";
import { listArchitectures } from "../architecture/catalog";
import { kvCacheBytesPerToken } from "../architecture/derived";
import { acceleratorMemoryBytes } from "./accelerator-spec";
import { estimateTrainingRun, youngDalyIntervalSeconds } from "./training-run";
import { estimateTrainingStep } from "./training-step";

const gpt3 = { architecture: "gpt-3-175b", accelerator: TEST_A100 } as const;

describe("estimateTrainingStep", () => {
  it("returns the contract fields with a breakdown that adds up", () => {
    const r = estimateTrainingStep({
      ...gpt3,
      config: { acceleratorCount: 64, tp: 8, pp: 8, vpp: 3, globalBatch: 64, sequenceTokens: 2048, zeroStage: 0 },
    });
    expect(r.config.dp).toBe(1);
    expect(r.mfuRatio).toBeGreaterThan(0.2);
    expect(r.mfuRatio).toBeLessThan(r.hfuRatio + 1e-12);
    expect(r.tokensPerSecond).toBeCloseTo((64 * 2048) / r.stepTimeSeconds, 6);
    const b = r.breakdown;
    const sum =
      b.microbatches * b.microbatchSeconds +
      b.pipelineBubbleSeconds +
      b.pipelineCommExposedSeconds +
      b.dataParallelExposedSeconds +
      b.optimizerSeconds +
      b.overlapInterferenceSeconds;
    expect(sum).toBeCloseTo(r.stepTimeSeconds, 9);
    const m = r.memory;
    expect(m.weightsBytes + m.gradientsBytes + m.optimizerBytes + m.activationsBytes + m.buffersBytes).toBeCloseTo(
      m.totalBytes,
      0,
    );
    expect(r.assumptions.length).toBeGreaterThan(3);
    for (const assumption of r.assumptions) assumptionSchema.parse(assumption);
    expect(r.assumptions.find((a) => a.name === "memoryBandwidthRatio")).toMatchObject({
      value: 0.8,
      basis: "default",
    });
    expect(r.assumptions.find((a) => a.name === "matmulRatio")?.basis).toBe("default");
  });

  it("names every violated constraint in one InvalidInputError", () => {
    let caught: unknown;
    try {
      estimateTrainingStep({
        ...gpt3,
        config: { acceleratorCount: 100, tp: 5, pp: 200, globalBatch: 3, sequenceTokens: 2048, ep: 2 },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    const paths = (caught as InvalidInputError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["acceleratorCount", "tp", "pp", "ep"]));
    expect((caught as InvalidInputError).message).toMatch(/must divide attentionHeads \(96\)/);
  });

  it("rejects dp that does not multiply to the GPU count and fp8 on hardware without an FP8 peak", () => {
    expect(() =>
      estimateTrainingStep({
        ...gpt3,
        config: { acceleratorCount: 64, tp: 8, dp: 4, globalBatch: 64, sequenceTokens: 2048 },
      }),
    ).toThrow(/must equal acceleratorCount/);
    expect(() =>
      estimateTrainingStep({
        ...gpt3,
        config: { acceleratorCount: 64, tp: 8, pp: 8, globalBatch: 64, sequenceTokens: 2048, precision: "fp8" },
      }),
    ).toThrow(/no FP8 peak/);
  });

  it("a configuration that does not fit is a result with fits: false, not an exception", () => {
    const r = estimateTrainingStep({
      ...gpt3,
      config: { acceleratorCount: 8, tp: 8, globalBatch: 8, sequenceTokens: 2048, zeroStage: 0 },
    });
    expect(r.memory.fits).toBe(false);
    expect(r.memory.totalBytes).toBeGreaterThan(r.memory.capacityBytes);
    expect(r.warnings.join(" ")).toMatch(/GiB per GPU/);
  });

  it("reads vendor HBM GB as GiB (80 GB = 85.9e9 B)", () => {
    expect(acceleratorMemoryBytes(TEST_H100)).toBe(80 * 2 ** 30);
  });

  it("handles MoE with expert parallelism, MLA and context parallelism", () => {
    const r = estimateTrainingStep({
      architecture: "deepseek-v3",
      accelerator: TEST_H100,
      config: {
        acceleratorCount: 2048,
        tp: 1,
        pp: 1,
        ep: 64,
        cp: 1,
        globalBatch: 2048,
        sequenceTokens: 4096,
        precision: "fp8",
      },
    });
    expect(r.breakdown.expertParallelExposedSeconds).toBeGreaterThan(0);
    expect(Number.isFinite(r.stepTimeSeconds)).toBe(true);
    const cp = estimateTrainingStep({
      architecture: "llama-3.1-8b",
      accelerator: TEST_H100,
      config: { acceleratorCount: 64, tp: 2, cp: 4, globalBatch: 64, sequenceTokens: 65536 },
    });
    expect(cp.config.dp).toBe(8);
    expect(cp.memory.activationsBytes).toBeGreaterThan(0);
  });
});

describe("optimizer offload (second memory tier)", () => {
  it("moves optimizer states to the host and prices the transfers over the host link", () => {
    const config = { acceleratorCount: 8, tp: 1, globalBatch: 64, sequenceTokens: 4096, zeroStage: 1 as const };
    const withLink = { ...TEST_H100, hostLinkGBps: 64 };
    const resident = estimateTrainingStep({ architecture: "llama-2-7b", accelerator: withLink, config });
    const offloaded = estimateTrainingStep({
      architecture: "llama-2-7b",
      accelerator: withLink,
      config: { ...config, offloadOptimizer: true },
    });
    expect(offloaded.memory.optimizerBytes).toBe(0);
    expect(offloaded.memory.totalBytes).toBeLessThan(resident.memory.totalBytes);
    expect(offloaded.breakdown.optimizerSeconds).toBeGreaterThan(resident.breakdown.optimizerSeconds);
    expect(() =>
      estimateTrainingStep({
        architecture: "llama-2-7b",
        accelerator: TEST_H100,
        config: { ...config, offloadOptimizer: true },
      }),
    ).toThrow(/hostLinkGBps/);
  });
});

describe("estimateTrainingRun", () => {
  it("adds time to train, GPU-hours and goodput below 1", () => {
    const run = estimateTrainingRun({
      architecture: "llama-3.1-8b",
      accelerator: TEST_H100,
      tokens: 1e12,
      config: { acceleratorCount: 256, tp: 1, globalBatch: 512, sequenceTokens: 8192 },
    });
    expect(run.goodputRatio).toBeGreaterThan(0.5);
    expect(run.goodputRatio).toBeLessThan(1);
    expect(run.gpuHours).toBeCloseTo((run.timeToTrainSeconds * 256) / 3600, 6);
    expect(run.timeToTrainDays).toBeGreaterThan(run.idealSeconds / 86400);
    expect(run.checkpointBytes).toBeCloseTo(parseFloat("8.03e9") * 14, -8);
  });

  it("takes checkpoint bandwidth from a storage tier of @aifactory/hardware", () => {
    const input = {
      architecture: "llama-3.1-70b",
      accelerator: TEST_H100,
      tokens: 1e12,
      config: { acceleratorCount: 512, tp: 8, pp: 4, globalBatch: 512, sequenceTokens: 8192 },
    } as const;
    const tiered = estimateTrainingRun({ ...input, checkpointStorage: "parallel-fs-dgx-superpod" });
    // 40 GB/s per DGX (read figure as a proxy for write) x 64 systems.
    expect(tiered.checkpointWriteGBps).toBe(40 * 64);
    expect(tiered.warnings.join(" ")).toMatch(/no write bandwidth/);
    const slow = estimateTrainingRun({ ...input, checkpointStorage: { scope: "per-cluster", writeBandwidthGBps: 10 } });
    expect(slow.goodputRatio).toBeLessThan(tiered.goodputRatio);
  });

  it("Young/Daly interval is sqrt(2 C M) - C", () => {
    expect(youngDalyIntervalSeconds(60, 10800)).toBeCloseTo(Math.sqrt(2 * 60 * 10800) - 60, 9);
  });
});

const configArb = fc.record({
  tp: fc.constantFrom(1, 2, 4, 8),
  pp: fc.constantFrom(1, 2, 4, 8),
  dpFactor: fc.constantFrom(1, 2, 4),
  microBatch: fc.constantFrom(1, 2),
  recompute: fc.constantFrom("none", "selective", "full"),
  zeroStage: fc.constantFrom(0, 1, 2, 3),
  seqPower: fc.integer({ min: 10, max: 13 }),
  flashAttention: fc.boolean(),
});

describe("model invariants (property tests)", () => {
  it("never produces NaN, Infinity or negative memory; MFU <= HFU", () => {
    fc.assert(
      fc.property(configArb, (c) => {
        const dp = c.dpFactor;
        const gpus = c.tp * c.pp * dp;
        const r = estimateTrainingStep({
          architecture: "llama-2-13b",
          accelerator: TEST_A100,
          config: {
            acceleratorCount: gpus,
            tp: c.tp,
            pp: c.pp,
            microBatch: c.microBatch,
            globalBatch: c.microBatch * dp * c.pp * 2,
            sequenceTokens: 2 ** c.seqPower,
            recompute: c.recompute as "none",
            zeroStage: c.zeroStage as 0,
            flashAttention: c.flashAttention,
          },
        });
        const numbers = [
          r.stepTimeSeconds,
          r.mfuRatio,
          r.hfuRatio,
          r.tokensPerSecond,
          ...Object.values(r.memory).filter((v): v is number => typeof v === "number"),
          ...Object.values(r.breakdown),
        ];
        for (const v of numbers) expect(Number.isFinite(v)).toBe(true);
        for (const v of Object.values(r.memory)) if (typeof v === "number") expect(v).toBeGreaterThanOrEqual(0);
        expect(r.mfuRatio).toBeLessThanOrEqual(r.hfuRatio + 1e-12);
        expect(r.stepTimeSeconds).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  it("more GPUs of the same kind (more data parallelism) never increase the compute time per step", () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 4, 8), fc.constantFrom(2, 4), (dp, factor) => {
        const base = { architecture: "llama-2-7b", accelerator: TEST_A100 } as const;
        const config = { tp: 1, globalBatch: 256, sequenceTokens: 4096, zeroStage: 1 as const };
        const small = estimateTrainingStep({ ...base, config: { ...config, acceleratorCount: dp } });
        const large = estimateTrainingStep({ ...base, config: { ...config, acceleratorCount: dp * factor } });
        const compute = (r: typeof small) => r.breakdown.matmulSeconds + r.breakdown.attentionSeconds;
        expect(compute(large)).toBeLessThanOrEqual(compute(small) * (1 + 1e-12));
      }),
    );
  });

  it("halving precision never increases activation or KV-cache memory", () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 4, 8), fc.constantFrom("none", "full"), (tp, recompute) => {
        const base = { architecture: "mixtral-8x7b", accelerator: TEST_H100 } as const;
        const config = {
          acceleratorCount: 64,
          tp,
          globalBatch: 64,
          sequenceTokens: 4096,
          recompute: recompute as "none",
        };
        const bf16 = estimateTrainingStep({ ...base, config });
        const fp8 = estimateTrainingStep({ ...base, config: { ...config, precision: "fp8" } });
        expect(fp8.memory.activationsBytes).toBeLessThanOrEqual(bf16.memory.activationsBytes);
      }),
      { numRuns: 8 },
    );
    for (const arch of listArchitectures()) {
      expect(kvCacheBytesPerToken(arch, "fp8")).toBeLessThanOrEqual(kvCacheBytesPerToken(arch, "bf16"));
      expect(kvCacheBytesPerToken(arch, "fp4")).toBeLessThanOrEqual(kvCacheBytesPerToken(arch, "fp8"));
    }
  });

  it("ZeRO stages and recompute never increase memory; fp8 GEMMs never slow the step", () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 4), fc.constantFrom(1, 2, 4), (tp, pp) => {
        const base = { architecture: "llama-3.1-8b", accelerator: TEST_H100 } as const;
        const config = { acceleratorCount: 32, tp, pp, globalBatch: 64, sequenceTokens: 4096 };
        let previous = Number.POSITIVE_INFINITY;
        for (const zeroStage of [0, 1, 2, 3] as const) {
          const r = estimateTrainingStep({ ...base, config: { ...config, zeroStage } });
          expect(r.memory.totalBytes).toBeLessThanOrEqual(previous);
          previous = r.memory.totalBytes;
        }
        const none = estimateTrainingStep({ ...base, config: { ...config, recompute: "none", flashAttention: false } });
        const full = estimateTrainingStep({ ...base, config: { ...config, recompute: "full", flashAttention: false } });
        expect(full.memory.activationsBytes).toBeLessThanOrEqual(none.memory.activationsBytes);
        const bf16 = estimateTrainingStep({ ...base, config });
        const fp8 = estimateTrainingStep({ ...base, config: { ...config, precision: "fp8" } });
        expect(fp8.stepTimeSeconds).toBeLessThanOrEqual(bf16.stepTimeSeconds);
      }),
      { numRuns: 20 },
    );
  });

  it("MoE parallel folding: etp x ep must divide tp x cp x dp even with ep = 1; MoE under TP needs SP", () => {
    const base = {
      architecture: "mixtral-8x7b",
      accelerator: "nvidia-h100-sxm",
      config: { acceleratorCount: 2, tp: 2, globalBatch: 8, sequenceTokens: 4096 },
    } as const;
    expect(() => estimateTrainingStep({ ...base, config: { ...base.config, etp: 4 } })).toThrow(/etp x ep \(4\)/);
    expect(() => estimateTrainingStep({ ...base, config: { ...base.config, sequenceParallel: false } })).toThrow(
      /need sequence parallelism/,
    );
    expect(estimateTrainingStep({ ...base, config: { ...base.config, etp: 1 } }).config.etp).toBe(1);
  });
});
