import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

describe("aif energy", () => {
  it("estimates a catalog GPU usage with host power, grid region and embodied carbon as JSON", async () => {
    const result = await aif([
      "energy",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "1024",
      "--hours",
      "720",
      "--utilization",
      "0.9",
      "--grid",
      "us-va",
      "--include-host",
      "--embodied",
      "--json",
    ]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.energyMWh).toBeGreaterThan(output.itEnergyMWh);
    expect(output.co2eTonnes.total).toBeCloseTo(output.co2eTonnes.operational + output.co2eTonnes.embodied, 9);
    expect(output.co2eTonnes.embodied).toBeGreaterThan(0);
    expect(output.waterLiters).toBeGreaterThan(0);
    expect(output.breakdown.hostEnergyMWh).toBeGreaterThan(0);
    expect(Array.isArray(output.assumptions)).toBe(true);
    expect(Array.isArray(output.warnings)).toBe(true);
  });

  it("reproduces a Patterson 2021 row from chips, measured power, PUE and intensity", async () => {
    const result = await aif([
      "energy",
      "--chips",
      "1024",
      "--avg-power-watts",
      "289",
      "--hours",
      "720",
      "--pue",
      "1.09",
      "--grid-kg-per-kwh",
      "0.415",
      "--json",
    ]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(Math.abs(output.energyMWh - 232) / 232).toBeLessThan(0.01);
  });

  it("prints a human summary without --json", async () => {
    const result = await aif(["energy", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--hours", "24"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/facility energy/);
  });

  it("--region is --grid by the name aif site and aif fleet use: the same result, its own name in errors", async () => {
    const base = ["energy", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--hours", "10", "--json"];
    const byGrid = await aif([...base, "--grid", "fr"]);
    const byRegion = await aif([...base, "--region", "fr"]);
    expect(byRegion.exitCode).toBe(0);
    expect(byRegion.stdout).toBe(byGrid.stdout);
    const both = await aif([...base, "--grid", "fr", "--region", "fr"]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain("--grid and --region are the same option");
    const unknown = await aif(["energy", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--hours", "1", "--region", "frr"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('unknown grid region "frr"');
    const withIntensity = await aif([...base, "--region", "fr", "--grid-kg-per-kwh", "0.1"]);
    expect(withIntensity.exitCode).toBe(2);
    expect(withIntensity.stderr).toContain("--region and --grid-kg-per-kwh exclude each other");
  });

  it("exits 2 with a hint for bad input", async () => {
    const both = await aif(["energy", "--gpu", "nvidia-h100-sxm", "--chips", "8", "--hours", "1"]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toMatch(/hint:/);
    const unknownGrid = await aif([
      "energy",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "8",
      "--hours",
      "1",
      "--grid",
      "frr",
    ]);
    expect(unknownGrid.exitCode).toBe(2);
    expect(unknownGrid.stderr).toMatch(/fr/);
    const badUtil = await aif([
      "energy",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "8",
      "--hours",
      "1",
      "--utilization",
      "2",
    ]);
    expect(badUtil.exitCode).toBe(2);
  });
});

describe("no non-finite figure is passed off as a result", () => {
  it("inputs that overflow the energy model are refused with the fields named (exit 2), not printed as n/a", async () => {
    const out = await runCli(["energy", "--gpu", "nvidia-h100-sxm", "--gpus", "9007199254740991", "--hours", "1e300"]);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain("no finite value for $.energyMWh");
    const json = await runCli([
      "--json",
      "energy",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "9007199254740991",
      "--hours",
      "1e300",
    ]);
    expect(json.stdout).toBe("");
    expect(JSON.parse(json.stderr).error.code).toBe("INVALID_INPUT");
  });
});
