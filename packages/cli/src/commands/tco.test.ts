import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

describe("aif tco", () => {
  it("prints capexUsd, opexUsdPerYear, costPerGpuHourUsd and breakdown as JSON", async () => {
    const result = await aif(["tco", "--gpu", "nvidia-h100-sxm", "--gpus", "1024", "--years", "5", "--json"]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.capexUsd).toBeGreaterThan(0);
    expect(output.opexUsdPerYear).toBeGreaterThan(0);
    expect(output.costPerGpuHourUsd).toBeGreaterThan(0);
    expect(output.breakdown.capex.serversUsd).toBeGreaterThan(0);
  });

  it("gets dearer with a higher price and scales per useful hour with utilisation", async () => {
    const base = [
      "tco",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "8",
      "--years",
      "4",
      "--electricity-usd-per-kwh",
      "0.1",
      "--pue",
      "1.2",
    ];
    const cheap = JSON.parse((await aif([...base, "--price-usd", "20000", "--json"])).stdout);
    const dear = JSON.parse((await aif([...base, "--price-usd", "30000", "--utilization", "0.5", "--json"])).stdout);
    expect(dear.costPerGpuHourUsd).toBeGreaterThan(cheap.costPerGpuHourUsd);
    expect(dear.costPerUsefulGpuHourUsd).toBeCloseTo(dear.costPerGpuHourUsd * 2, 9);
  });

  it("exits 2 for an unknown GPU", async () => {
    const result = await aif(["tco", "--gpu", "nvidia-h10", "--gpus", "8", "--years", "5"]);
    expect(result.exitCode).toBe(2);
  });
});
