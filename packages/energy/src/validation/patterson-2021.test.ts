import { describe, expect, it } from "vitest";
import { validatePatterson2021 } from "./patterson-2021";

// Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training", Table 4 (arXiv:2104.10350).
describe("validation: Patterson et al. 2021 Table 4 reproduced from its own inputs", () => {
  const rows = validatePatterson2021();

  it("has the five published rows", () => {
    expect(rows.map((row) => row.id)).toEqual(["t5", "meena", "gshard-600b", "switch-transformer", "gpt-3"]);
  });

  it.each(rows)("$model: energy (chips x hours x avg system W x PUE) within 1 % of the published MWh", (row) => {
    expect(Math.abs(row.energyErrorPercent)).toBeLessThan(1);
  });

  it.each(rows)("$model: tCO2e (published MWh x net grid intensity) within 1 % of the published tCO2e", (row) => {
    expect(Math.abs(row.co2eErrorPercent)).toBeLessThan(1);
  });

  it.each(rows)("$model: tCO2e chained from the predicted energy within 2 % (energy error + tCO2e rounding)", (row) => {
    // GShard's published 4.3 t has two significant figures (+-1.2 % rounding) on top of its -0.76 % energy error.
    expect(Math.abs(row.chainedCo2eErrorPercent)).toBeLessThan(2);
  });

  it("matches the known deltas of the table's rounded inputs (T5 -0.43 %, GShard -0.76 %)", () => {
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get("t5")!.energyErrorPercent).toBeCloseTo(-0.43, 1);
    expect(byId.get("gshard-600b")!.energyErrorPercent).toBeCloseTo(-0.76, 1);
  });
});
