import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILT_IN_ACCELERATORS } from "@aifactory/hardware";
import { describe, expect, it } from "vitest";
import { runCli } from "../run";

/**
 * Runs `aif` in-process. Uses `runCli` once `registerHwCommands` is wired into the program; until then it
 * registers the command on a fresh program and maps errors to exit codes the way the runner does.
 */
const aif = (argv: string[]) => runCli(argv);

const dir = mkdtempSync(join(tmpdir(), "aif-hw-"));

describe("aif hw", () => {
  it("list --json prints every accelerator, and --vendor filters", async () => {
    const all = await aif(["hw", "list", "--json"]);
    expect(all.exitCode).toBe(0);
    expect(JSON.parse(all.stdout)).toHaveLength(BUILT_IN_ACCELERATORS.length);
    const amd = await aif(["hw", "list", "--vendor", "amd", "--json"]);
    expect(JSON.parse(amd.stdout).map((a: { id: string }) => a.id)).toEqual([
      "amd-mi250x",
      "amd-mi300x",
      "amd-mi325x",
      "amd-mi355x",
    ]);
  });

  it("list renders tables for every kind", async () => {
    for (const kind of ["accelerator", "system", "fabric", "storage"]) {
      const result = await aif(["hw", "list", "--kind", kind]);
      expect(result.exitCode, kind).toBe(0);
      expect(result.stdout.length, kind).toBeGreaterThan(100);
    }
    const bad = await aif(["hw", "list", "--kind", "sytem"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("--kind system");
  });

  it("show prints the entry with its sources, as a table or JSON", async () => {
    const text = await aif(["hw", "show", "nvidia-h100-sxm"]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain("3350 GB/s");
    expect(text.stdout).toContain("989");
    expect(text.stdout).toContain("sources:");
    expect(text.stdout).toContain("aiconfigurator");
    const json = await aif(["hw", "show", "nvidia-h100-sxm", "--json"]);
    const output = JSON.parse(json.stdout);
    expect(output.kind).toBe("accelerator");
    expect(output.entry.denseTflops.bf16).toBe(989);
    expect(output.entry.sources.length).toBeGreaterThan(0);
    expect(output.metrics.find((m: { dtype: string }) => m.dtype === "bf16").ridgePointFlopsPerByte).toBeCloseTo(
      989 / 3.35,
      9,
    );
    const system = await aif(["hw", "show", "nvidia-dgx-h100", "--json"]);
    expect(JSON.parse(system.stdout).entry.systemPowerWatts).toBe(10_200);
  });

  it("show nvidia-h100-sx exits 2 and suggests nvidia-h100-sxm", async () => {
    const result = await aif(["hw", "show", "nvidia-h100-sx"]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('unknown hardware id "nvidia-h100-sx"');
    expect(result.stderr).toContain('did you mean "nvidia-h100-sxm"');
  });

  it("compare puts accelerators side by side", async () => {
    const result = await aif(["hw", "compare", "nvidia-h100-sxm", "amd-mi300x", "--dtype", "fp8", "--json"]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.dtype).toBe("fp8");
    expect(output.rows.map((r: { denseTflops: number }) => r.denseTflops)).toEqual([1979, 2615]);
    const text = await aif(["hw", "compare", "nvidia-h100-sxm", "amd-mi300x"]);
    expect(text.stdout).toContain("bf16 dense TFLOPS");
    const bad = await aif(["hw", "compare", "nvidia-h100-sxm", "--dtype", "fp9"]);
    expect(bad.exitCode).toBe(2);
  });

  it("roofline prints the ridge point and points", async () => {
    const result = await aif(["hw", "roofline", "nvidia-h100-sxm", "--dtype", "bf16", "--points", "5", "--json"]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.ridgePointFlopsPerByte).toBeCloseTo(295.22, 2);
    expect(output.points.length).toBeGreaterThanOrEqual(5);
    const text = await aif(["hw", "roofline", "nvidia-h100-sxm"]);
    expect(text.stdout).toContain("ridge point");
    const missing = await aif(["hw", "roofline", "nvidia-h100-sxm", "--dtype", "fp4"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("no published dense fp4 peak");
  });

  it("cluster prints totals", async () => {
    const result = await aif(["hw", "cluster", "--system", "nvidia-dgx-h100", "--count", "128", "--json"]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.acceleratorCount).toBe(1024);
    expect(output.itPowerWatts).toBe(1_305_600);
  });

  it("validate accepts a good pack and lists every problem of a bad one with exit 2", async () => {
    const h100 = BUILT_IN_ACCELERATORS.find((a) => a.id === "nvidia-h100-sxm")!;
    const good = join(dir, "good.json");
    writeFileSync(
      good,
      JSON.stringify({
        name: "aifactory-pack-acme",
        version: "1.0.0",
        hardware: { accelerators: [{ ...h100, id: "acme-x1" }] },
      }),
    );
    const ok = await aif(["hw", "validate", good, "--json"]);
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout).valid).toBe(true);
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        name: "aifactory-pack-acme",
        version: "1.0.0",
        hardware: { accelerators: [{ ...h100, id: "acme-x1", sources: [], memoryGB: -5 }], sytems: [] },
      }),
    );
    const result = await aif(["hw", "validate", bad]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("hardware.accelerators[0].sources");
    expect(result.stderr).toContain("hardware.accelerators[0].memoryGB");
    expect(result.stderr).toContain("hardware.sytems");
    const missing = await aif(["hw", "validate", join(dir, "nope.json")]);
    expect(missing.exitCode).toBe(2);
  });
});
