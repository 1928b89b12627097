import { describe, expect, it } from "vitest";
import { runCli } from "../run";

// These run the whole validation (75 simulated offline runs, or the training tables twice): up to 20 s on a
// loaded 2-core machine, so they get more than the default 20 s.
describe("aif validate serving", () => {
  it("--json prints rows and the median absolute percentage error", async () => {
    const out = await runCli(["validate", "serving", "--json"]);
    expect(out.exitCode).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.rows.length).toBeGreaterThanOrEqual(75);
    expect(result.rows[0]).toHaveProperty("published");
    expect(result.rows[0]).toHaveProperty("predicted");
    expect(typeof result.medianAbsolutePercentError).toBe("number");
  }, 60_000);

  it("prints the table", async () => {
    const out = await runCli(["validate", "serving"]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("median absolute percentage error");
  }, 60_000);
});
