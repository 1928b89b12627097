import { describe, expect, it } from "vitest";
import { architectureSchema } from "./architecture";
import { getArchitecture, listArchitectures, resolveArchitecture } from "./catalog";
import { describeArchitecture, flopsPerToken, kvCacheBytesPerToken, parameterCounts } from "./derived";

const REQUIRED_IDS = [
  "gpt-3-175b",
  "llama-2-7b",
  "llama-2-13b",
  "llama-2-70b",
  "llama-3.1-8b",
  "llama-3.1-70b",
  "llama-3.1-405b",
  "mixtral-8x7b",
  "mixtral-8x22b",
  "deepseek-v3",
  "qwen3-32b",
  "qwen3-30b-a3b",
  "qwen3-235b-a22b",
  "gpt-oss-120b",
];

describe("architecture catalog", () => {
  it("has every id the issue lists, each with sources", () => {
    const ids = listArchitectures().map((a) => a.id);
    for (const id of REQUIRED_IDS) expect(ids).toContain(id);
    for (const a of listArchitectures()) expect(a.sources?.length ?? 0).toBeGreaterThan(0);
  });

  it("derived totals are within 1.5% of the published totals (and active within 3% where given)", () => {
    for (const a of listArchitectures()) {
      const counts = parameterCounts(a);
      const total = (a.publishedParameters?.totalCount ?? 0) / 1e9 || undefined;
      if (total !== undefined && total > 10) expect(Math.abs(counts.totalParams / 1e9 / total - 1)).toBeLessThan(0.015);
      const active = (a.publishedParameters?.activeCount ?? 0) / 1e9 || undefined;
      // gpt-oss counts active params without the input embedding (5.13B); checked separately below.
      if (active !== undefined && a.id !== "gpt-oss-120b") {
        expect(Math.abs(counts.activeParams / 1e9 / active - 1)).toBeLessThan(0.03);
      }
    }
  });

  it("Llama 3.1 405B has about 405.8B parameters", () => {
    expect(parameterCounts(getArchitecture("llama-3.1-405b")).totalParams / 1e9).toBeCloseTo(405.85, 1);
  });

  it("DeepSeek-V3 has about 671B total and 37B active parameters", () => {
    const counts = parameterCounts(getArchitecture("deepseek-v3"));
    expect(counts.totalParams / 1e9).toBeCloseTo(671, 0);
    expect(Math.abs(counts.activeParams / 1e9 - 37)).toBeLessThan(1);
  });

  it("gpt-oss-120b: 116.8B total, 5.13B active without the input embedding", () => {
    const a = getArchitecture("gpt-oss-120b");
    const counts = parameterCounts(a);
    expect(counts.totalParams / 1e9).toBeCloseTo(116.8, 0);
    expect((counts.activeParams - a.vocabSize * a.hiddenSize) / 1e9).toBeCloseTo(5.13, 1);
  });

  it("MLA KV cache per token is (512 + 64) x 61 layers x bytes per element", () => {
    const a = getArchitecture("deepseek-v3");
    expect(kvCacheBytesPerToken(a, "bf16")).toBe((512 + 64) * 61 * 2);
    expect(kvCacheBytesPerToken(a, "fp8")).toBe((512 + 64) * 61);
  });

  it("GQA KV cache per token is 2 x kvHeads x headDim x layers x bytes", () => {
    expect(kvCacheBytesPerToken(getArchitecture("llama-3.1-70b"))).toBe(2 * 8 * 128 * 80 * 2);
    expect(kvCacheBytesPerToken(getArchitecture("qwen3-32b"))).toBe(2 * 8 * 128 * 64 * 2);
  });

  it("FLOPs per token: training = 3 x forward, causal halves only the attention term", () => {
    const a = getArchitecture("gpt-3-175b");
    const f = flopsPerToken(a, 2048);
    expect(f.trainingFlops).toBe(3 * f.forwardFlops);
    expect(f.forwardAttentionFlops).toBe(4 * 2048 * 12288 * 96);
    expect(f.forwardFlops - f.forwardFlopsCausal).toBe(f.forwardAttentionFlops / 2);
    // Narayanan 2021: 72 B s l h^2 (1 + s/6h + V/12lh) per sequence (their V = 51,200; GPT-3 has 50,257).
    const narayanan = 72 * 2048 * 96 * 12288 ** 2 * (1 + 2048 / (6 * 12288) + 50257 / (12 * 96 * 12288));
    expect(Math.abs((f.trainingFlops * 2048) / narayanan - 1)).toBeLessThan(0.002);
  });

  it("a dense model is expressible with exactly the required fields", () => {
    const model = resolveArchitecture({
      id: "my-dense",
      layers: 2,
      hiddenSize: 64,
      attentionHeads: 4,
      kvHeads: 2,
      ffnHiddenSize: 256,
      vocabSize: 1000,
      ffnActivation: "swiglu",
    });
    expect(describeArchitecture(model).attention).toBe("gqa");
  });

  it("rejects unknown fields and unknown ids with suggestions", () => {
    expect(architectureSchema.safeParse({ ...getArchitecture("llama-2-7b"), hiddenSzie: 1 }).success).toBe(false);
    expect(() => getArchitecture("llama-3.1-450b")).toThrow(/unknown architecture/);
  });
});
