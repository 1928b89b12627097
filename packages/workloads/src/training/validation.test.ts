import { describe, expect, it } from "vitest";
import { validateTrainingModel } from "./validation";

const report = validateTrainingModel();

describe("validation against published runs, one set of default efficiency factors", () => {
  it.each(report.rows.map((r) => [r.id, r] as const))("%s: |error| <= 10%", (_id, row) => {
    expect(Math.abs(row.errorRatio)).toBeLessThanOrEqual(0.1);
    expect(row.fits).toBe(true);
  });

  it("Narayanan et al. 2021 Table 1 + Korthikanti et al. 2022 Table 5: step-time MAPE <= 5%", () => {
    expect(report.rows).toHaveLength(18);
    expect(report.meanAbsolutePercentError).toBeLessThanOrEqual(5);
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
