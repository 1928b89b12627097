import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

// These run the whole validation (75 simulated offline runs, or the training tables twice): up to 20 s on a
// loaded 2-core machine, so they get more than the default 20 s.
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
  }, 60_000);

  it("renders a table with the mean absolute percentage error", async () => {
    const result = await aif(["validate", "training"]);
    expect(result.stdout).toMatch(/mean absolute percentage error: \d/);
  }, 60_000);

  it("reports the MoE runs with the reason a row is left out, and --kernels none the analytic path", async () => {
    const measured = JSON.parse((await aif(["--json", "validate", "training"])).stdout) as {
      moe: { rows: { excludedBecause?: string }[]; medianAbsolutePercentError: number };
    };
    const analytic = JSON.parse((await aif(["--json", "validate", "training", "--kernels", "none"])).stdout) as {
      meanAbsolutePercentError: number;
      moe: { medianAbsolutePercentError: number };
    };
    expect(measured.moe.rows.some((r) => r.excludedBecause !== undefined)).toBe(true);
    expect(measured.moe.medianAbsolutePercentError).toBeLessThan(analytic.moe.medianAbsolutePercentError);
    expect(analytic.meanAbsolutePercentError).toBeLessThanOrEqual(5);
    expect((await aif(["validate", "training", "--kernels", "typo"])).exitCode).toBe(2);
  }, 60_000);

  it("aif validate families prints one row per family", async () => {
    const result = await aif(["--json", "validate", "families"]);
    const out = JSON.parse(result.stdout) as { families: { family: string }[] };
    expect(out.families.map((f) => f.family)).toContain("training, MoE, Blackwell");
  }, 60_000);
});
