import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

describe("aif site", () => {
  it("designs 150 MW in Texas from 2027-Q3 with direct-to-chip liquid cooling (JSON)", async () => {
    const result = await aif([
      "site",
      "--power-mw",
      "150",
      "--region",
      "us-tx",
      "--date",
      "2027-Q3",
      "--cooling",
      "direct-to-chip-liquid",
      "--climate",
      "hot",
      "--systems",
      "nvidia-dgx-b200,nvidia-gb200-nvl72",
      "--json",
    ]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.designs).toHaveLength(2);
    for (const design of output.designs) {
      expect(design.feasible).toBe(true);
      expect(design.power.gridUsedWatts).toBeLessThanOrEqual(150e6);
    }
    expect(result.stdout).not.toMatch(/NaN/);
  });

  it("--leaf-oversubscription designs a 2:1 leaf and --storage-node picks the training storage", async () => {
    const leaf = await aif([
      "site",
      "--power-mw",
      "5",
      "--date",
      "2027-Q1",
      "--systems",
      "nvidia-dgx-h100",
      "--leaf-oversubscription",
      "2",
      "--json",
    ]);
    expect(leaf.exitCode).toBe(0);
    const design = JSON.parse(leaf.stdout).designs[0];
    expect(design.network.scaleOutFabric.leafOversubscriptionRatio).toBeGreaterThan(1);
    const bad = await aif(["site", "--power-mw", "5", "--date", "2027-Q1", "--leaf-oversubscription", "0.5"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--leaf-oversubscription/);
    const unknown = await aif([
      "site",
      "--power-mw",
      "5",
      "--date",
      "2027-Q1",
      "--systems",
      "nvidia-dgx-h100",
      "--train",
      "llama-3.1-8b",
      "--tokens",
      "1e12",
      "--global-batch",
      "512",
      "--seq",
      "8192",
      "--storage-node",
      "ddn-ai9000",
    ]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/--storage-node/);
  });

  it("prints a table, the power breakdown and the BOM; --csv prints the BOM as CSV", async () => {
    const text = await aif(["site", "--power-mw", "5", "--date", "2027-Q1", "--systems", "nvidia-dgx-h100"]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/power breakdown of nvidia-dgx-h100/);
    expect(text.stdout).toMatch(/bill of materials/);
    expect(text.stdout).not.toMatch(/NaN|undefined/);
    const csv = await aif(["site", "--power-mw", "5", "--date", "2027-Q1", "--systems", "nvidia-dgx-h100", "--csv"]);
    expect(csv.stdout.split("\n")[0]).toBe("design,category,item,quantity,powerWatts,priceUsd,note");
  });

  it("serving output and power caps without published serving points are reported, not invented", async () => {
    const result = await aif([
      "site",
      "--power-mw",
      "3",
      "--date",
      "2027-Q3",
      "--systems",
      "nvidia-dgx-h100,nvidia-dgx-h100@600,nvidia-dgx-b200@825",
      "--serve",
      "llama-3.1-8b",
      "--json",
    ]);
    expect(result.exitCode).toBe(0);
    const [uncapped, h100Capped, b200Capped] = JSON.parse(result.stdout).designs;
    expect(uncapped.production.kind).toBe("serving");
    expect(uncapped.production.outputTokensPerSecond).toBeGreaterThan(0);
    // H100 at 600 W has one published serving point (5-8% slower, secondary); B200 has none for serving.
    expect(h100Capped.feasible).toBe(true);
    expect(h100Capped.powerCap.throughputRatio).toBe(0.935);
    expect(b200Capped.feasible).toBe(false);
    expect(b200Capped.reason).toMatch(/no published power-cap points/);
  });

  it.each([
    [["--power-mw", "5", "--date", "2027-3"], "--date"],
    [["--power-mw", "-5", "--date", "2027-Q1"], "--power-mw"],
    [["--date", "2027-Q1"], "--power-mw"],
    [["--power-mw", "5", "--date", "2027-Q1", "--cooling", "water"], "--cooling"],
    [["--power-mw", "5", "--date", "2027-Q1", "--systems", "nvidia-dgx-h100@x"], "--systems"],
    [["--power-mw", "5", "--date", "2027-Q1", "--train", "llama-3.1-8b"], "--tokens"],
    [["--power-mw", "5", "--date", "2027-Q1", "--serve", "llama-9"], "llama-9"],
    [["--power-mw", "5", "--date", "2027-Q1", "--region", "atlantis"], "atlantis"],
    [["--power-mw", "5", "--date", "2027-Q1", "--systems", "nvidia-dgx-h1000"], "nvidia-dgx-h1000"],
  ])("exits 2 and names the flag for %j", async (args, flag) => {
    const result = await aif(["site", ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(flag);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
