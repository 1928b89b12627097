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

  // All 75 rows with the measured kernel tables (AIConfigurator's H100/H200 database): 7.1% at the time of
  // writing (the analytic path alone: 14.1%). The Llama 4 MoE rows: 18.6% (analytic: 31.6%); the H100 rows stay
  // optimistic (KV-capacity-bound runs, see docs/serving-methodology.md).
  it("all rows: median absolute error <= 9% with the measured kernels; MoE rows <= 22%", () => {
    expect(report.medianAbsolutePercentError).toBeLessThanOrEqual(9);
    expect(report.moeMedianAbsolutePercentError).toBeLessThanOrEqual(22);
  });

  // The analytic path (no tables: TPU, AMD, Gaudi, hardware packs) keeps its own bound.
  it("the analytic path alone: median absolute error <= 15%, dense <= 7%", () => {
    const analytic = validateServingModel({}, "none");
    expect(analytic.medianAbsolutePercentError).toBeLessThanOrEqual(15);
    expect(analytic.denseMedianAbsolutePercentError).toBeLessThanOrEqual(7);
  });

  // Measured kernel times are not linear in batch and context (tile and wave quantisation, latency floors), so the
  // time average over a run's varying batch can sit slightly above the steady max-batch point (2.7% at most here).
  it("the simulated benchmark never beats the steady-state max-throughput point by more than 3%", () => {
    for (const row of report.rows.filter((r) => r.inMedian)) {
      expect(row.predicted).toBeLessThanOrEqual(row.predictedSteadyState * 1.03);
    }
  });

  it("DeepSeek-V3 prefill input tokens/s per GPU within 25%", () => {
    const prefill = report.rows.find((r) => r.id === "deepseek-day6-prefill");
    expect(Math.abs(prefill?.errorRatio ?? 1)).toBeLessThanOrEqual(0.25);
  });
});
