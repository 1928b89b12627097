import { InvalidInputError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { estimateDisaggregatedServing } from "./disaggregated-serving";
import { searchServingConfigs } from "./serving-search";

const deepseek = (prefillInstances: number, decodeInstances: number, extra: Record<string, unknown> = {}) =>
  estimateDisaggregatedServing({
    architecture: "deepseek-v3",
    accelerator: "nvidia-h200-sxm",
    config: {
      prefill: { instances: prefillInstances, tp: 8, ep: 8, attentionDp: true },
      decode: { instances: decodeInstances, tp: 16, ep: 16, attentionDp: true },
      inputTokens: 4000,
      outputTokens: 1000,
      ...extra,
    },
  });

describe("fixed xPyD deployments", () => {
  it("the deployment runs at the slower pool's rate; the other pool's utilisation says how much is idle", () => {
    const r = deepseek(3, 1);
    expect(r.acceleratorCount).toBe(3 * 8 + 16);
    const rates = [r.prefill.capacityRequestsPerSecond, r.decode.capacityRequestsPerSecond];
    expect(r.requestsPerSecond).toBeCloseTo(Math.min(...rates), 6);
    const bound = r.boundBy === "prefill" ? r.prefill : r.decode;
    const other = r.boundBy === "prefill" ? r.decode : r.prefill;
    expect(bound.utilizationRatio).toBeCloseTo(1, 6);
    expect(other.utilizationRatio).toBeLessThanOrEqual(1);
    expect(r.ttftMs).toBeCloseTo(r.prefillMs + r.kvTransferMs, 6);
    expect(r.outputTokensPerSecondPerGpu).toBeCloseTo((r.requestsPerSecond * 1000) / r.acceleratorCount, 6);
  });

  it("a prefill-bound deployment runs its decode pool below the KV limit, at a lower TPOT", () => {
    const starved = deepseek(1, 2);
    expect(starved.boundBy).toBe("prefill");
    expect(starved.decodeConcurrency).toBeLessThan(starved.decodeMaxConcurrency);
    const fed = deepseek(6, 1);
    expect(starved.tpotMs).toBeLessThan(fed.tpotMs);
  });

  it("names the pool of every violated constraint", () => {
    try {
      estimateDisaggregatedServing({
        architecture: "deepseek-v3",
        accelerator: "nvidia-h200-sxm",
        config: { prefill: { tp: 8, ep: 3 }, decode: { tp: 16, ep: 12 }, inputTokens: 100, outputTokens: 100 },
      });
      throw new Error("expected an error");
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      const paths = (error as InvalidInputError).problems.map((p) => p.path);
      expect(paths).toContain("prefill.ep");
      expect(paths).toContain("decode.ep");
    }
  });

  it("wide-EP decode across nodes (EP32 over four 8-GPU H200 nodes) with redundant experts", () => {
    const r = deepseek(4, 1, {
      decode: { instances: 1, tp: 32, ep: 32, attentionDp: true, redundantExperts: 32 },
    });
    expect(r.warnings.some((w) => w.includes("wide EP"))).toBe(true);
    expect(r.outputTokensPerSecondPerGpu).toBeGreaterThan(0);
  });
});

describe("serving search with fixed pools and wide EP", () => {
  const space = { acceleratorCount: 64, inputTokens: 4000, outputTokens: 1000, ttftMs: 5000, tpotMs: 200 };
  it("a fixed decode pool keeps its layout in every disaggregated result", () => {
    const found = searchServingConfigs({
      architecture: "deepseek-v3",
      accelerator: "nvidia-h200-sxm",
      space: { ...space, decodePool: { tp: 16, ep: 16, attentionDp: true } },
    });
    const disaggregated = found.results.filter((r) => r.mode === "disaggregated");
    expect(disaggregated.length).toBeGreaterThan(0);
    for (const r of disaggregated) expect([r.tp, r.ep, r.attentionDp]).toEqual([16, 16, true]);
  });

  it("maxEp adds attention-DP layouts wider than one node", () => {
    const found = searchServingConfigs({
      architecture: "deepseek-v3",
      accelerator: "nvidia-h200-sxm",
      space: { ...space, maxEp: 32, disaggregated: true },
      limit: 200,
    });
    expect(found.results.some((r) => r.tp === 32)).toBe(true);
  });

  it("rejects an invalid fixed pool naming it", () => {
    expect(() =>
      searchServingConfigs({
        architecture: "deepseek-v3",
        accelerator: "nvidia-h200-sxm",
        space: { ...space, prefillPool: { tp: 8, ep: 3 } },
      }),
    ).toThrow(/prefillPool/);
  });
});
