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

  // Dense models (Llama 3.1 8B, Llama 3.3 70B; 40 rows): 5.4% at the time of writing.
  it("dense rows: median absolute error <= 7% on output tokens/s", () => {
    expect(report.denseMedianAbsolutePercentError).toBeLessThanOrEqual(7);
  });

  // All 75 rows: the bound. The Llama 4 MoE rows are still over-predicted (median |error| 32% at the time
  // of writing, H100 rows worst; see docs/serving-methodology.md), so the MoE bound records the current state.
  it("all rows: median absolute error <= 15% (the issue's bound); MoE rows recorded", () => {
    expect(report.medianAbsolutePercentError).toBeLessThanOrEqual(15);
    expect(report.moeMedianAbsolutePercentError).toBeLessThanOrEqual(35);
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
