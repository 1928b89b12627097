import { assumptionSchema, InvalidInputError, NotFoundError } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveAccelerator } from "../training/accelerator-spec";
import { bestPrefillDecodeRatio } from "./disaggregated";
import { DEFAULT_INFERENCE_EFFICIENCY } from "./inference-efficiency";
import { createIterationBreakdown, iterationTime, powerLawBusiestShare, servingMemory } from "./serving-iteration";
import { acceptedTokensPerStep, estimateServing } from "./serving-model";
import { searchServingConfigs } from "./serving-search";
import { resolveServingArchitecture, servingHardware, servingTerms } from "./serving-terms";

const H100 = {
  id: "h100-test",
  denseTflops: { bf16: 989, fp8: 1979 },
  memoryGB: 80,
  memoryBandwidthGBps: 3350,
  scaleUp: { bandwidthGBpsPerDirection: 450, scaleUpDomainSize: 8 },
  scaleOutGbitpsPerAccelerator: 400,
};

function allFinite(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value !== null && typeof value === "object") return Object.values(value).every(allFinite);
  return true;
}

describe("estimateServing", () => {
  it("returns the contract fields with a breakdown, assumptions and warnings", () => {
    const result = estimateServing({
      architecture: "llama-3.1-8b",
      accelerator: "nvidia-h100-sxm",
      config: { inputTokens: 1000, outputTokens: 1000, maxThroughput: true },
    });
    for (const key of [
      "ttftMs",
      "tpotMs",
      "outputTokensPerSecond",
      "outputTokensPerSecondPerGpu",
      "inputTokensPerSecond",
      "concurrency",
      "kvCacheCapacityTokens",
      "maxConcurrency",
    ] as const) {
      expect(result[key]).toBeGreaterThan(0);
    }
    expect(result.concurrency).toBe(result.maxConcurrency);
    expect(result.assumptions.length).toBeGreaterThan(3);
    for (const assumption of result.assumptions) assumptionSchema.parse(assumption);
    expect(result.assumptions.find((a) => a.name === "matmulRatio")).toMatchObject({ value: 0.74, basis: "default" });
    expect(result.assumptions.find((a) => a.name === "memoryBandwidthRatio")?.basis).toBe("default");
    expect(result.breakdown.iterationSeconds).toBeGreaterThan(0);
  });

  it("resolves the serving additions (Llama 3.3 70B, Llama 4) with published parameter counts", () => {
    const maverick = resolveServingArchitecture("llama-4-maverick");
    expect(maverick.moe?.experts).toBe(128);
    const scout = estimateServing({
      architecture: "llama-4-scout",
      accelerator: "nvidia-h200-sxm",
      config: { tp: 4, ep: 4, attentionDp: true, inputTokens: 1000, outputTokens: 1000, maxThroughput: true },
    });
    expect(scout.acceleratorCount).toBe(4);
    let error: unknown;
    try {
      resolveServingArchitecture("llama-4-scot");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NotFoundError);
    expect(JSON.stringify({ hint: (error as NotFoundError).hint, message: (error as Error).message })).toContain(
      "llama-4-scout",
    );
  });

  it("rejects a tp that does not divide the heads and an ep without experts", () => {
    expect(() =>
      estimateServing({
        architecture: "llama-3.1-8b",
        accelerator: H100,
        config: { tp: 3, inputTokens: 10, outputTokens: 10, concurrency: 1 },
      }),
    ).toThrow(InvalidInputError);
    expect(() =>
      estimateServing({
        architecture: "llama-3.1-8b",
        accelerator: H100,
        config: { ep: 2, tp: 2, inputTokens: 10, outputTokens: 10, concurrency: 1 },
      }),
    ).toThrow(/no experts/);
  });

  it("handles MLA (DeepSeek-V3) KV capacity with attention data parallelism", () => {
    const result = estimateServing({
      architecture: "deepseek-v3",
      accelerator: "nvidia-h200-sxm",
      config: { tp: 8, ep: 8, attentionDp: true, inputTokens: 2000, outputTokens: 1000, maxThroughput: true },
    });
    expect(result.kvCacheCapacityTokens).toBeGreaterThan(0);
    expect(allFinite(result)).toBe(true);
  });

  // The bandwidth model (no kernel tables): with tables the all-to-all is DeepEP's measured exchange instead.
  it("prices TensorRT-LLM's all-gather MoE exchange above all-to-all under attention-DP", () => {
    const run = (moeDispatch: "all-to-all" | "allgather") =>
      estimateServing({
        architecture: "llama-4-maverick",
        accelerator: "nvidia-h200-sxm",
        config: {
          tp: 8,
          ep: 8,
          attentionDp: true,
          moeDispatch,
          inputTokens: 1000,
          outputTokens: 1000,
          concurrency: 2048,
        },
        kernels: "none",
      }).breakdown;
    const a2a = run("all-to-all");
    const ag = run("allgather");
    // top-1 routing over 8 GPUs: every token crosses every GPU (8x the all-to-all volume, latency aside).
    expect(ag.communicationSeconds).toBeGreaterThan(4 * a2a.communicationSeconds);
    // Without attention-DP balancing a prompt chunk on one rank makes that rank's all-to-all the longest.
    const unbalanced = estimateServing({
      architecture: "llama-4-maverick",
      accelerator: "nvidia-h200-sxm",
      config: {
        tp: 8,
        ep: 8,
        attentionDp: true,
        attentionDpBalance: false,
        inputTokens: 1000,
        outputTokens: 1000,
        concurrency: 2048,
      },
      kernels: "none",
    }).breakdown;
    expect(unbalanced.communicationSeconds).toBeGreaterThan(a2a.communicationSeconds);
    expect(unbalanced.iterationSeconds).toBeGreaterThan(a2a.iterationSeconds);
    expect(ag.expertMatmulSeconds).toBe(a2a.expertMatmulSeconds);
  });

  it("pads routed-expert GEMMs to the tile: few tokens per expert cost a whole tile", () => {
    const expertSeconds = (expertTileRows: number) =>
      estimateServing({
        architecture: "deepseek-v3",
        accelerator: H100,
        config: { tp: 8, ep: 8, attentionDp: true, inputTokens: 1000, outputTokens: 1000, concurrency: 512 },
        efficiency: { expertTileRows },
      }).breakdown.expertMatmulSeconds;
    expect(expertSeconds(64)).toBeGreaterThan(expertSeconds(1));
  });

  it("speculative decoding raises tokens per step per the Leviathan formula", () => {
    expect(acceptedTokensPerStep(0, 3)).toBe(1);
    expect(acceptedTokensPerStep(1, 3)).toBe(4);
    expect(acceptedTokensPerStep(0.5, 1)).toBeCloseTo(1.5);
    const base = estimateServing({
      architecture: "llama-3.1-70b",
      accelerator: H100,
      config: { tp: 4, inputTokens: 1000, outputTokens: 1000, concurrency: 8 },
    });
    const mtp = estimateServing({
      architecture: "llama-3.1-70b",
      accelerator: H100,
      config: { tp: 4, inputTokens: 1000, outputTokens: 1000, concurrency: 8, mtpAcceptance: 0.8 },
    });
    expect(mtp.tpotMs).toBeLessThan(base.tpotMs);
  });

  it("warns and clamps a concurrency that does not fit", () => {
    const result = estimateServing({
      architecture: "llama-3.1-70b",
      accelerator: H100,
      config: { tp: 2, inputTokens: 100000, outputTokens: 1000, concurrency: 100000 },
    });
    expect(result.concurrency).toBe(result.maxConcurrency);
    expect(result.warnings.some((w) => w.includes("queue"))).toBe(true);
  });
});

describe("serving model properties (fast-check)", () => {
  const configArb = fc.record({
    model: fc.constantFrom("llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b", "deepseek-v3", "qwen3-30b-a3b"),
    tp: fc.constantFrom(1, 2, 4, 8),
    inputTokens: fc.integer({ min: 1, max: 24000 }),
    outputTokens: fc.integer({ min: 1, max: 8000 }),
    concurrency: fc.integer({ min: 1, max: 512 }),
    hit: fc.double({ min: 0, max: 1, noNaN: true }),
    mtp: fc.double({ min: 0, max: 1, noNaN: true }),
    weights: fc.constantFrom("bf16", "fp8", "fp4", "int4") as fc.Arbitrary<"bf16" | "fp8" | "fp4" | "int4">,
    kv: fc.constantFrom("bf16", "fp8") as fc.Arbitrary<"bf16" | "fp8">,
  });

  it("never produces NaN or Infinity", () => {
    fc.assert(
      fc.property(configArb, (c) => {
        const result = estimateServing({
          architecture: c.model,
          accelerator: H100,
          config: {
            tp: c.tp,
            inputTokens: c.inputTokens,
            outputTokens: c.outputTokens,
            concurrency: c.concurrency,
            prefixHitRatio: c.hit,
            mtpAcceptance: c.mtp,
            weights: c.weights,
            kv: c.kv,
          },
        });
        return allFinite(result) && result.tpotMs >= 0 && result.breakdown.memory.kvCacheBytes >= 0;
      }),
      { numRuns: 150 },
    );
  });

  it("more concurrency never lowers TPOT", () => {
    fc.assert(
      fc.property(configArb, fc.integer({ min: 1, max: 256 }), (c, extra) => {
        const run = (concurrency: number) =>
          estimateServing({
            architecture: c.model,
            accelerator: { ...H100, memoryGB: 1000 },
            // A steady-state property: the closed-loop simulation is not needed (and would make 150 runs slow).
            closedLoop: false,
            config: {
              tp: c.tp,
              inputTokens: c.inputTokens,
              outputTokens: c.outputTokens,
              concurrency,
              prefixHitRatio: c.hit,
              maxBatchSize: 100000,
              maxNumTokens: 10_000_000,
            },
          }).tpotMs;
        return run(c.concurrency + extra) >= run(c.concurrency) * (1 - 1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it("more concurrency never lowers TPOT with expert parallelism (tile padding, imbalance, both exchanges)", () => {
    const moeArb = fc.record({
      model: fc.constantFrom("mixtral-8x7b", "deepseek-v3", "qwen3-30b-a3b", "llama-4-scout", "llama-4-maverick"),
      tp: fc.constantFrom(2, 4, 8),
      inputTokens: fc.integer({ min: 1, max: 8000 }),
      outputTokens: fc.integer({ min: 1, max: 4000 }),
      concurrency: fc.integer({ min: 1, max: 2048 }),
      dispatch: fc.constantFrom("all-to-all", "allgather") as fc.Arbitrary<"all-to-all" | "allgather">,
    });
    fc.assert(
      fc.property(moeArb, fc.integer({ min: 1, max: 512 }), (c, extra) => {
        const run = (concurrency: number) =>
          estimateServing({
            architecture: c.model,
            accelerator: { ...H100, memoryGB: 4000 },
            config: {
              tp: c.tp,
              ep: c.tp,
              attentionDp: true,
              moeDispatch: c.dispatch,
              inputTokens: c.inputTokens,
              outputTokens: c.outputTokens,
              concurrency,
              maxBatchSize: 100000,
              maxNumTokens: 10_000_000,
            },
          }).tpotMs;
        return run(c.concurrency + extra) >= run(c.concurrency) * (1 - 1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it("more HBM never lowers KV capacity or max concurrency", () => {
    fc.assert(
      fc.property(configArb, fc.double({ min: 1, max: 300, noNaN: true }), (c, extraGB) => {
        const run = (memoryGB: number) =>
          estimateServing({
            architecture: c.model,
            accelerator: { ...H100, memoryGB },
            config: {
              tp: c.tp,
              inputTokens: c.inputTokens,
              outputTokens: c.outputTokens,
              maxThroughput: true,
              weights: c.weights,
              kv: c.kv,
            },
          });
        const small = run(80);
        const big = run(80 + extraGB);
        return big.kvCacheCapacityTokens >= small.kvCacheCapacityTokens && big.maxConcurrency >= small.maxConcurrency;
      }),
      { numRuns: 100 },
    );
  });

  it("a prefix hit ratio of 1.0 removes the cached prefill", () => {
    fc.assert(
      fc.property(configArb, (c) => {
        const result = estimateServing({
          architecture: c.model,
          accelerator: H100,
          config: {
            tp: c.tp,
            inputTokens: c.inputTokens,
            outputTokens: c.outputTokens,
            concurrency: c.concurrency,
            prefixHitRatio: 1,
          },
        });
        return (
          result.breakdown.prefillTokensPerRequest === 0 &&
          result.breakdown.prefillTokensPerIteration === 0 &&
          result.breakdown.prefillAttentionSeconds === 0 &&
          result.breakdown.isolatedPrefillSeconds === 0
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe("disaggregation and SLO search", () => {
  it("picks the P:D split that balances the pools", () => {
    const plan = bestPrefillDecodeRatio({ requestsPerSecond: 30 }, 1, { requestsPerSecond: 10 }, 1, 8, 100);
    expect(plan?.prefillInstances).toBe(2);
    expect(plan?.decodeInstances).toBe(6);
    expect(bestPrefillDecodeRatio({ requestsPerSecond: 1 }, 8, { requestsPerSecond: 1 }, 8, 8, 100)).toBeUndefined();
  });

  it("ranks aggregated and disaggregated configurations that meet the SLOs", () => {
    const report = searchServingConfigs({
      architecture: "llama-3.1-70b",
      accelerator: "nvidia-h100-sxm",
      space: {
        acceleratorCount: 16,
        inputTokens: 2000,
        outputTokens: 500,
        ttftMs: 2000,
        tpotMs: 50,
        disaggregated: true,
      },
      limit: 50,
    });
    expect(report.evaluatedCount).toBeGreaterThan(10);
    expect(report.results.length).toBeGreaterThan(0);
    for (let i = 1; i < report.results.length; i++) {
      expect(report.results[i - 1]?.outputTokensPerSecondPerGpu).toBeGreaterThanOrEqual(
        report.results[i]?.outputTokensPerSecondPerGpu ?? 0,
      );
    }
    for (const r of report.results) {
      expect(r.tpotMs).toBeLessThanOrEqual(50 + 1e-9);
      expect(r.ttftMs).toBeLessThanOrEqual(2000 + 1e-9);
    }
    expect(report.results.some((r) => r.mode === "disaggregated")).toBe(true);
  });

  it("returns a warning when nothing meets the SLOs", () => {
    const report = searchServingConfigs({
      architecture: "llama-3.1-70b",
      accelerator: "nvidia-h100-sxm",
      space: { acceleratorCount: 2, inputTokens: 2000, outputTokens: 500, ttftMs: 1, tpotMs: 1 },
    });
    expect(report.results).toEqual([]);
    expect(report.warnings.length).toBe(1);
  });

  it("prices with the measured kernel tables by default and reports their sources; kernels none is analytic", () => {
    const input = {
      architecture: "llama-3.1-70b",
      accelerator: "nvidia-h100-sxm",
      space: { acceleratorCount: 8, inputTokens: 2000, outputTokens: 500, ttftMs: 2000, tpotMs: 50 },
    } as const;
    const measured = searchServingConfigs(input);
    const analytic = searchServingConfigs({ ...input, kernels: "none" });
    expect(measured.kernelSources.gemm).not.toBe("analytic");
    expect(analytic.kernelSources).toEqual({
      gemm: "analytic",
      moe: "analytic",
      attention: "analytic",
      collective: "analytic",
    });
    expect(measured.results[0]?.outputTokensPerSecondPerGpu).toBeGreaterThan(0);
    expect(measured.results[0]?.outputTokensPerSecondPerGpu).not.toBe(analytic.results[0]?.outputTokensPerSecondPerGpu);
  });
});

describe("powerLawBusiestShare (AIConfigurator's power-law expert loads)", () => {
  it("is 1 for even routing or one GPU, >= 1 otherwise, and grows with alpha", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20000 }),
        fc.constantFrom(1, 2, 8),
        fc.constantFrom(16, 64, 128, 256),
        fc.constantFrom(2, 4, 8),
        (tokens, topK, experts, groups) => {
          expect(powerLawBusiestShare(tokens, topK, experts, groups, 0)).toBe(1);
          expect(powerLawBusiestShare(tokens, topK, experts, 1, 1.2)).toBe(1);
          const mild = powerLawBusiestShare(tokens, topK, experts, groups, 1.01);
          const strong = powerLawBusiestShare(tokens, topK, experts, groups, 1.5);
          expect(Number.isFinite(mild)).toBe(true);
          expect(mild).toBeGreaterThanOrEqual(1);
          expect(strong).toBeGreaterThanOrEqual(mild - 1e-9);
          // The busiest GPU cannot hold more than all pairs.
          expect(strong).toBeLessThanOrEqual(groups + 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("Qwen3-235B-like layer at 2,000 tokens on EP8 (alpha 1.2): the busiest GPU carries about 2x the mean", () => {
    const share = powerLawBusiestShare(2000, 8, 128, 8, 1.2);
    expect(share).toBeGreaterThan(1.5);
    expect(share).toBeLessThan(2.5);
  });
});

describe("attention data-parallel replicates the embedding and the output head (TensorRT-LLM default)", () => {
  it("weights per GPU include the whole embedding and head under attention-DP", () => {
    const terms = servingTerms(resolveServingArchitecture("llama-4-maverick"), "fp8", "fp8");
    const hw = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
    const layout = { tp: 8, pp: 1, ep: 8, attentionDp: true, microBatchOverlap: false };
    const adp = servingMemory(terms, hw, layout, DEFAULT_INFERENCE_EFFICIENCY);
    const tp = servingMemory(terms, hw, { ...layout, attentionDp: false }, DEFAULT_INFERENCE_EFFICIENCY);
    // Replicated attention, dense FFN, shared experts (FP8) and BF16 embedding + head.
    const replicatedExtra =
      ((terms.layers * terms.attentionParams +
        terms.denseLayers * terms.denseFfnParams +
        terms.moeLayers * terms.moeSharedParams) *
        terms.weightBytesPerParam +
        terms.embeddingAndHeadParams * 2) *
      (1 - 1 / 8);
    expect(adp.weightsBytes - tp.weightsBytes).toBeCloseTo(replicatedExtra, -3);
  });

  it("a precision without a measured table falls back to the roofline with a warning, never silently", () => {
    const fp4OnHopper = estimateServing({
      architecture: "llama-3.1-8b",
      accelerator: "nvidia-h100-sxm",
      config: { inputTokens: 1000, outputTokens: 1000, concurrency: 64, weights: "fp4" },
    });
    expect(fp4OnHopper.breakdown.kernelSources.gemm).toBe("analytic");
    expect(fp4OnHopper.warnings.some((w) => w.includes("no measured nvfp4 GEMM table"))).toBe(true);
    const fp8 = estimateServing({
      architecture: "llama-3.1-8b",
      accelerator: "nvidia-h100-sxm",
      config: { inputTokens: 1000, outputTokens: 1000, concurrency: 64, weights: "fp8" },
    });
    expect(fp8.breakdown.kernelSources.gemm).not.toBe("analytic");
    expect(fp8.warnings.some((w) => w.includes("GEMM table"))).toBe(false);
  });
});

describe("expert-parallel serving: redundant experts (EPLB) and attention-DP imbalance", () => {
  const dsv3 = (config: Record<string, unknown>) =>
    estimateServing({
      architecture: "deepseek-v3",
      accelerator: "nvidia-gb200",
      config: {
        inputTokens: 1000,
        outputTokens: 1000,
        concurrency: 4096,
        weights: "fp4",
        attentionDp: true,
        ...config,
      },
    });

  it("EP sizes that do not divide the expert count need redundant experts that make them divide", () => {
    expect(() => dsv3({ tp: 72, ep: 72 })).toThrow(InvalidInputError);
    expect(() => dsv3({ tp: 72, ep: 72, redundantExperts: 32 })).not.toThrow();
    expect(() => dsv3({ tp: 48, ep: 48, redundantExperts: 32 })).not.toThrow();
    expect(() => dsv3({ tp: 64, ep: 64, redundantExperts: 30 })).toThrow(InvalidInputError);
    expect(() =>
      estimateServing({
        architecture: "llama-3.1-8b",
        accelerator: "nvidia-h100-sxm",
        config: { inputTokens: 100, outputTokens: 100, concurrency: 8, redundantExperts: 8 },
      }),
    ).toThrow(/redundant experts need a MoE model/);
  });

  it("replicating hot experts lowers the busiest GPU's load, never below the even share", () => {
    const without = powerLawBusiestShare(65536, 8, 256, 64, 1.2);
    const withReplicas = powerLawBusiestShare(65536, 8, 256, 64, 1.2, 64);
    expect(withReplicas).toBeLessThan(without);
    expect(withReplicas).toBeGreaterThanOrEqual(1);
    expect(powerLawBusiestShare(65536, 8, 256, 64, 0, 64)).toBe(1);
  });

  it("EPLB at EP64: more throughput under skewed routing, more weight memory per GPU", () => {
    const plain = dsv3({ tp: 64, ep: 64 });
    const eplb = dsv3({ tp: 64, ep: 64, redundantExperts: 64 });
    expect(eplb.outputTokensPerSecondPerGpu).toBeGreaterThan(plain.outputTokensPerSecondPerGpu);
    expect(eplb.kvCacheCapacityTokens).toBeLessThan(plain.kvCacheCapacityTokens);
  });

  it("under attention DP a prompt's chunk on one rank stalls the EP group: slower than an even spread", () => {
    const arch = resolveServingArchitecture("deepseek-v3");
    const terms = servingTerms(arch, "fp8", "fp8");
    const hw = servingHardware(resolveAccelerator("nvidia-h200-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
    const layout = { tp: 8, pp: 1, ep: 8, attentionDp: true, microBatchOverlap: false };
    const run = (chunk: number, busiest?: number) =>
      iterationTime(
        terms,
        hw,
        layout,
        DEFAULT_INFERENCE_EFFICIENCY,
        256,
        1,
        2000,
        4000,
        1000,
        createIterationBreakdown(),
        256,
        chunk,
        busiest,
      ).iterationSeconds;
    const even = run(0);
    const oneRank = run(4000);
    expect(oneRank).toBeGreaterThan(1.2 * even);
    // Whole prompts spread over the ranks: at most ceil(prompts / ranks) prompts on the busiest.
    expect(run(0, 1000)).toBeLessThan(oneRank);
    expect(run(0, 1000)).toBeGreaterThanOrEqual(even);
  });
});
