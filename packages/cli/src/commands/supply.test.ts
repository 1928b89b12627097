import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

describe("aif supply", () => {
  it("prints earliestOnlineQuarter, bindingConstraint and perQuarter", async () => {
    const result = await aif([
      "supply",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "100000",
      "--start",
      "2027-Q1",
      "--power-mw",
      "50",
      "--allocation-share",
      "0.05",
      "--json",
    ]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.earliestOnlineQuarter).toBe("2032-Q1");
    expect(output.bindingConstraint).toBe("interconnection");
    expect(output.perQuarter[0].quarter).toBe("2027-Q1");
  });

  it("is supply-bound when the site has the power", async () => {
    const result = await aif([
      "supply",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "100000",
      "--start",
      "2027-Q1",
      "--power-mw",
      "500",
      "--allocation-share",
      "0.001",
      "--json",
    ]);
    const output = JSON.parse(result.stdout);
    expect(output.bindingConstraint).toBe("cowos");
    expect(output.perQuarter.length).toBeGreaterThan(1);
  });

  it("exits 2 for a malformed quarter", async () => {
    const result = await aif(["supply", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--start", "2027Q1"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/YYYY-Qn/);
  });
});
