import { describe, expect, it } from "vitest";
import { validateMoeTrainingModel } from "./moe-validation";

const report = validateMoeTrainingModel();

// Megatron-Core MoE runs (reference training-runs-moe.json), tokens/s per GPU, with the parallel folding, the
// dispatcher, the recompute modules and the EP overlap each source states. With the measured kernels at the time
// of writing: median |error| 4.3% over 7 rows; GB200 1.3% (2 rows); H100 19.9% (5 rows: TP2 EP32 +4.3%, the same
// with the combined 1F1B overlap +27.5%, 128k CP8 +4.2%, Mixtral dropless +19.9%, and TP4 EP8 without recompute
// +68%, which no mechanism here explains). On the analytic path: 18.5% Hopper, 22% GB200.
describe("MoE training model vs published Megatron-Core runs (H100, GB200)", () => {
  it("reports every row with its source, and says why a row is left out", () => {
    expect(report.rows).toHaveLength(9);
    for (const row of report.rows) {
      expect(row.source.length).toBeGreaterThan(10);
      if (row.excludedBecause === undefined) expect(Number.isFinite(row.errorRatio)).toBe(true);
    }
    expect(report.rows.filter((r) => r.excludedBecause === undefined).length).toBeGreaterThanOrEqual(7);
  });

  it("with the measured kernels: median <= 10%, Blackwell <= 5%, Hopper <= 25%, every included row <= 75%", () => {
    expect(report.medianAbsolutePercentError).toBeLessThanOrEqual(10);
    expect(report.blackwellMedianAbsolutePercentError).toBeLessThanOrEqual(5);
    expect(report.hopperMedianAbsolutePercentError).toBeLessThanOrEqual(25);
    for (const row of report.rows.filter((r) => r.excludedBecause === undefined)) {
      expect(Math.abs(row.errorRatio)).toBeLessThanOrEqual(0.75);
    }
  });

  it("the EP overlap row is faster than the same run without it (published: +12%)", () => {
    const plain = report.rows.find((r) => r.id === "mzoo-qwen3-235b-h100x256-bf16-tp2-ep32-pp8");
    const overlap = report.rows.find((r) => r.id === "mzoo-qwen3-235b-h100x256-bf16-tp2-ep32-pp8-1f1b-a2a-overlap");
    const gain = (overlap?.predictedTokensPerSecondPerGpu ?? 0) / (plain?.predictedTokensPerSecondPerGpu ?? 1) - 1;
    expect(gain).toBeGreaterThan(0);
    expect(gain).toBeLessThan(0.5);
  });

  it("expresses EP larger than DP x CP (parallel folding: Qwen3-235B on 256 H100, TP2 PP8 EP32)", () => {
    const row = report.rows.find((r) => r.id === "mzoo-qwen3-235b-h100x256-bf16-tp2-ep32-pp8");
    expect(row?.excludedBecause).toBeUndefined();
    expect(row?.fits).toBe(true);
  });

  it("the measured kernels beat the analytic path on Blackwell and overall", () => {
    const analytic = validateMoeTrainingModel({}, "none");
    expect(report.medianAbsolutePercentError).toBeLessThan(analytic.medianAbsolutePercentError);
    expect(report.blackwellMedianAbsolutePercentError).toBeLessThan(analytic.blackwellMedianAbsolutePercentError);
  });
});
