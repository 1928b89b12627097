import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

describe("aif validate training", () => {
  it("prints one row per published run with source, published, predicted, error and the MAPE", async () => {
    const result = await aif(["--json", "validate", "training"]);
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout) as {
      rows: { source: string; published: number; predicted: number; error: number }[];
      meanAbsolutePercentError: number;
    };
    expect(out.rows).toHaveLength(18);
    for (const row of out.rows) {
      expect(row.source.length).toBeGreaterThan(10);
      expect(row.error).toBeCloseTo((row.predicted - row.published) / row.published, 9);
    }
    expect(out.meanAbsolutePercentError).toBeLessThanOrEqual(7); // measured A100 kernels; 4.1% on the analytic path
  });

  it("renders a table with the mean absolute percentage error", async () => {
    const result = await aif(["validate", "training"]);
    expect(result.stdout).toMatch(/mean absolute percentage error: \d/);
  });
});
