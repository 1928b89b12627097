import { describe, expect, it } from "vitest";
import { validateMoeTrainingModel } from "./moe-validation";

const report = validateMoeTrainingModel();

// Megatron-Core MoE runs (reference training-runs-moe.json), tokens/s per GPU, with the parallel folding each
// source states (expert TP 1). With the measured kernels at the time of writing: median |error| 23.4% over 5 rows;
// GB200 1.5% (2 rows); H100 27% (3 rows: EP inside a node +23% and +69% optimistic, EP over 4 nodes -27%: the
// MoE mechanisms of the MoE issue, permutation, dispatcher kernels, all-to-all overlap, are not modelled yet).
// On the analytic path: 26.9% (GB200 24%).
describe("MoE training model vs published Megatron-Core runs (H100, GB200)", () => {
  it("reports every row with its source, and says why a row is left out", () => {
    expect(report.rows).toHaveLength(8);
    for (const row of report.rows) {
      expect(row.source.length).toBeGreaterThan(10);
      if (row.excludedBecause === undefined) expect(Number.isFinite(row.errorRatio)).toBe(true);
    }
    expect(report.rows.filter((r) => r.excludedBecause === undefined).length).toBeGreaterThanOrEqual(4);
  });

  it("with the measured kernels: Blackwell median <= 5%, all rows median <= 25%, every included row <= 75%", () => {
    expect(report.blackwellMedianAbsolutePercentError).toBeLessThanOrEqual(5);
    expect(report.medianAbsolutePercentError).toBeLessThanOrEqual(25);
    for (const row of report.rows.filter((r) => r.excludedBecause === undefined)) {
      expect(Math.abs(row.errorRatio)).toBeLessThanOrEqual(0.75);
    }
  });

  it("expresses EP larger than DP x CP (parallel folding: Qwen3-235B on 256 H100, TP2 PP8 EP32)", () => {
    const row = report.rows.find((r) => r.id === "mzoo-qwen3-235b-h100x256-bf16-tp2-ep32-pp8");
    expect(row?.excludedBecause).toBeUndefined();
    expect(row?.fits).toBe(true);
  });

  it("the measured kernels beat the analytic path on these rows", () => {
    expect(report.medianAbsolutePercentError).toBeLessThan(
      validateMoeTrainingModel({}, "none").medianAbsolutePercentError,
    );
  });
});
