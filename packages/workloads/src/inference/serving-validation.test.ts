import { describe, expect, it } from "vitest";
import { DEFAULT_INFERENCE_EFFICIENCY } from "./inference-efficiency";
import { validateServingModel } from "./serving-validation";

const report = validateServingModel();

describe("serving model vs TensorRT-LLM perf-overview (H100/H200 FP8, max throughput) and DeepSeek day-6", () => {
  it("covers every calibration row with published, predicted, error and source", () => {
    expect(report.rows.filter((r) => r.inMedian)).toHaveLength(75);
    for (const row of report.rows) {
      expect(row.published).toBeGreaterThan(0);
      expect(Number.isFinite(row.predicted)).toBe(true);
      expect(row.source.length).toBeGreaterThan(0);
    }
  });

  it("uses the default efficiency factors, not per-row constants", () => {
    expect(validateServingModel(DEFAULT_INFERENCE_EFFICIENCY).medianAbsolutePercentError).toBe(
      report.medianAbsolutePercentError,
    );
  });

  // Dense models (Llama 3.1 8B, Llama 3.3 70B; 40 rows): the bound is 15%; 6.9% at the time of writing.
  it("dense rows: median absolute error <= 10% on output tokens/s", () => {
    expect(report.denseMedianAbsolutePercentError).toBeLessThanOrEqual(10);
  });

  // All 75 rows. The Llama 4 MoE rows are over-predicted about 1.7x (median +71%; see docs/serving-methodology.md);
  // these bounds record the current state so that regressions show, they are NOT the 15% target.
  it("all rows: median absolute error recorded (target 15%, not met: Llama 4 MoE rows)", () => {
    expect(report.medianAbsolutePercentError).toBeLessThanOrEqual(21);
    expect(report.moeMedianAbsolutePercentError).toBeLessThanOrEqual(80);
  });

  it("the simulated benchmark never beats the steady-state max-throughput point by more than 2%", () => {
    for (const row of report.rows.filter((r) => r.inMedian)) {
      expect(row.predicted).toBeLessThanOrEqual(row.predictedSteadyState * 1.02);
    }
  });

  it("DeepSeek-V3 prefill input tokens/s per GPU within 25%", () => {
    const prefill = report.rows.find((r) => r.id === "deepseek-day6-prefill");
    expect(Math.abs(prefill?.errorRatio ?? 1)).toBeLessThanOrEqual(0.25);
  });
});
