import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getDefaultScenario } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const dir = mkdtempSync(join(tmpdir(), "aif-plan-"));
const base = getDefaultScenario("llama-3.1-70b-pretraining-1024-h100");

describe("aif plan", () => {
  it("plans the default scenario as a readable report", async () => {
    const result = await runCli(["plan"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Llama 3.1 70B pretraining on 1,024 H100");
    expect(result.stdout).toContain("time to train");
    expect(result.stdout).not.toMatch(/NaN|Infinity/);
  });

  it("prints only the plan as JSON with --json", async () => {
    const result = await runCli(["plan", "deepseek-v3-serving-h200-slo", "--json"]);
    expect(result.exitCode).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan.performance.kind).toBe("serving");
    expect(plan.metrics.map((m: { id: string }) => m.id)).toContain("outputTokensPerSecondPerGpu");
    expect(result.stderr).toBe("");
  });

  it("reads JSON and YAML scenario files", async () => {
    const json = join(dir, "scenario.json");
    writeFileSync(
      json,
      JSON.stringify({ ...base, id: "from-file", site: { region: "fr", electricityUsdPerKWh: 0.1 } }),
    );
    const fromJson = await runCli(["plan", json, "--json"]);
    expect(fromJson.exitCode).toBe(0);
    expect(JSON.parse(fromJson.stdout).carbon.regionId).toBe("fr");
    const yaml = join(dir, "scenario.yaml");
    writeFileSync(
      yaml,
      "id: small\nname: small run\nworkload: { kind: pretraining, model: llama-3.1-8b, tokens: 1.0e+11, globalBatchSequences: 256, sequenceTokens: 4096 }\nhardware: { accelerator: nvidia-h100-sxm, count: 16 }\n",
    );
    const fromYaml = await runCli(["plan", yaml, "--json"]);
    expect(fromYaml.exitCode).toBe(0);
    expect(JSON.parse(fromYaml.stdout).performance.searched).toBe(true);
  });

  it("exits 2 naming every problem of an invalid scenario, and suggests default ids", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ ...base, hardware: { accelerator: "nvidia-h100-sxm", count: 0 }, site: { pue: 0.2 } }),
    );
    const result = await runCli(["plan", bad]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("hardware.count");
    expect(result.stderr).toContain("site.pue");
    expect(result.stdout).toBe("");
    const unknown = await runCli(["plan", "llama-3.1-70b-pretraining"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("llama-3.1-70b-pretraining-1024-h100");
  });

  it("lists the built-in scenarios", async () => {
    const result = await runCli(["plan", "list", "--json"]);
    expect(JSON.parse(result.stdout).map((row: { workload: string }) => row.workload)).toEqual([
      "pretraining",
      "serving",
      "rl",
      "agentic",
      "fleet",
    ]);
  });

  it("compares scenarios and reports failures per scenario", async () => {
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ ...base, id: "unknown-gpu", hardware: { accelerator: "nope", count: 8 } }));
    const result = await runCli(["plan", "compare", "llama-3.1-70b-pretraining-1024-h100", other, "--json"]);
    // The comparison is printed, and a scenario that cannot be planned makes the command fail (exit 2).
    expect(result.exitCode).toBe(2);
    const entries = JSON.parse(result.stdout);
    expect(entries[0].plan.performance.kind).toBe("pretraining");
    expect(entries[1].error.code).toBe("NOT_FOUND");
    expect(JSON.parse(result.stderr).error.message).toContain("1 of 2 scenarios could not be planned");
    const text = await runCli(["plan", "compare", "llama-3.1-70b-pretraining-1024-h100", other]);
    expect(text.exitCode).toBe(2);
    expect(text.stderr).toContain("unknown-gpu: ");
    expect(text.stderr).toContain("nope");
  });

  it("explores a design space and prints the Pareto front", async () => {
    const space = join(dir, "space.json");
    writeFileSync(space, JSON.stringify({ base, counts: [512, 1024] }));
    const result = await runCli(["plan", "explore", space, "--json"]);
    expect(result.exitCode).toBe(0);
    const explored = JSON.parse(result.stdout);
    expect(explored.evaluatedCount).toBe(2);
    expect(explored.front.length).toBeGreaterThan(0);
  });

  it("--kernels none overrides the scenario's measured kernel tables", async () => {
    const measured = JSON.parse((await runCli(["--json", "plan"])).stdout) as { performance: { mfuRatio?: number } };
    const analytic = JSON.parse((await runCli(["--json", "plan", "--kernels", "none"])).stdout) as typeof measured;
    expect(measured.performance.mfuRatio).not.toBe(analytic.performance.mfuRatio);
    const bad = await runCli(["plan", "--kernels", "/no/such/tables.json"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--kernels/);
  });
});

describe("aif plan solve", () => {
  it("answers the 30-day question per accelerator type, with the chosen parallelism and cost basis", async () => {
    const result = await runCli(["plan", "solve", "--days", "30", "--gpu", "nvidia-h100-sxm,nvidia-b200"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Goal: finish within 30 days; objective: cheapest.");
    expect(result.stdout).toMatch(/nvidia-h100-sxm/);
    expect(result.stdout).toMatch(/nvidia-b200/);
    expect(result.stdout).toMatch(/TP \d+ x PP \d+/);
    expect(result.stdout).toMatch(/owned TCO/);
    expect(result.stdout).toMatch(/^Best: [\d,]+ x nvidia-/m);
    expect(result.stdout).not.toMatch(/NaN|Infinity|undefined/);
  });

  it("gives every point under --json, and the serving goal for a serving scenario", async () => {
    const result = await runCli([
      "plan",
      "solve",
      "deepseek-v3-serving-h200-slo",
      "--tokens-per-second",
      "100000",
      "--json",
    ]);
    expect(result.exitCode).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer.goal).toEqual({ kind: "throughput", outputTokensPerSecond: 100000 });
    expect(answer.best.outputTokensPerSecond).toBeGreaterThanOrEqual(100000);
    expect(answer.results[0].evaluated.length).toBeGreaterThan(1);
  });

  it("names the flag for a missing or bad goal (exit 2)", async () => {
    const none = await runCli(["plan", "solve"]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/--days/);
    expect(none.stderr).toMatch(/--tokens-per-second/);
    const bad = await runCli(["plan", "solve", "--days", "-3"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--days/);
    const wrongKind = await runCli(["plan", "solve", "deepseek-v3-serving-h200-slo", "--days", "3"]);
    expect(wrongKind.exitCode).toBe(2);
    expect(wrongKind.stderr).toMatch(/--tokens-per-second/);
  });

  it("an unknown --gpu id is an input error with the nearest ids, not a table that says none meets the goal", async () => {
    const typo = await runCli(["plan", "solve", "--days", "30", "--gpu", "nvidia-b200,nvidia-h100"]);
    expect(typo.exitCode).toBe(2);
    expect(typo.stdout).toBe("");
    expect(typo.stderr).toContain('--gpu: unknown accelerator "nvidia-h100"');
    expect(typo.stderr).toContain('"nvidia-h100-sxm"');
  });
});
