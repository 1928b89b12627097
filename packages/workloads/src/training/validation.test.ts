import { describe, expect, it } from "vitest";
import { validateTrainingModel } from "./validation";

const report = validateTrainingModel();
const analytic = validateTrainingModel({}, "none");

describe("validation against published runs, one set of default efficiency factors", () => {
  // With the measured A100 kernels (AIConfigurator's 2025 TensorRT-LLM 1.0 collection) the 2021-22 Megatron-LM rows
  // come out at 6.4% MAPE: GEMMs and the NCCL all-reduce of small TP groups measure slower than the flat factors
  // assumed, so the small models (1.7B-18.4B, no pipeline) are up to 18% slow while the pipelined large ones stay
  // 2-10% fast. The analytic path, whose factors were fitted on these rows, keeps its own bound below.
  it.each(report.rows.map((r) => [r.id, r] as const))("%s: |error| <= 20% with the measured kernels", (_id, row) => {
    expect(Math.abs(row.errorRatio)).toBeLessThanOrEqual(0.2);
    expect(row.fits).toBe(true);
  });

  it("Narayanan et al. 2021 Table 1 + Korthikanti et al. 2022 Table 5: step-time MAPE <= 7% (measured kernels)", () => {
    expect(report.rows).toHaveLength(18);
    expect(report.meanAbsolutePercentError).toBeLessThanOrEqual(7);
  });

  it.each(analytic.rows.map((r) => [r.id, r] as const))("%s: |error| <= 10% on the analytic path", (_id, row) => {
    expect(Math.abs(row.errorRatio)).toBeLessThanOrEqual(0.1);
  });

  it("the analytic path alone: step-time MAPE <= 5%", () => {
    expect(analytic.meanAbsolutePercentError).toBeLessThanOrEqual(5);
  });

  it("Korthikanti 2022 MFU of the selective+SP runs is reproduced within 5 points", () => {
    const published: Record<string, number> = {
      "korthikanti2022-t5-22b-selective-sp": 0.415,
      "korthikanti2022-t5-gpt-3-175b-selective-sp": 0.514,
      "korthikanti2022-t5-mt-nlg-530b-selective-sp": 0.56,
      "korthikanti2022-t5-1t-selective-sp": 0.563,
    };
    for (const [id, mfu] of Object.entries(published)) {
      const row = report.rows.find((r) => r.id === id);
      expect(Math.abs((row?.predictedMfuRatio ?? 0) - mfu)).toBeLessThan(0.05);
    }
  });
});

describe("methodology page", () => {
  it("carries the validation table the code generates", async () => {
    const { readFileSync } = await import("node:fs");
    const { fileURLToPath } = await import("node:url");
    const { trainingValidationMarkdown } = await import("./validation");
    const page = readFileSync(fileURLToPath(new URL("../../docs/training-methodology.md", import.meta.url)), "utf8");
    const block = page.split("<!-- validation-table:start -->\n")[1]?.split("\n<!-- validation-table:end -->")[0];
    expect(block).toBe(trainingValidationMarkdown(report));
  });
});
