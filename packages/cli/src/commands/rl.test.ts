import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

describe("aif rl", () => {
  it("--json prints stepTimeSeconds, phases, boundBy, samplesPerSecond", async () => {
    const out = await aif([
      "rl",
      "--policy",
      "qwen3-32b",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "32",
      "--prompts-per-step",
      "128",
      "--group-size",
      "8",
      "--isl",
      "1024",
      "--osl-mean",
      "4096",
      "--osl-max",
      "16384",
      "--placement",
      "disaggregated",
      "--async",
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.stepTimeSeconds).toBeGreaterThan(0);
    expect(result.phases).toHaveProperty("rolloutSeconds");
    expect(typeof result.boundBy).toBe("string");
    expect(result.samplesPerSecond).toBeGreaterThan(0);
  });

  it("prints a human summary and exits 2 on a bad placement", async () => {
    const ok = await aif([
      "rl",
      "--policy",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "8",
      "--prompts-per-step",
      "64",
      "--isl",
      "512",
      "--osl-mean",
      "1024",
    ]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain("bound by");
    const bad = await aif([
      "rl",
      "--policy",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "8",
      "--prompts-per-step",
      "64",
      "--isl",
      "512",
      "--osl-mean",
      "1024",
      "--placement",
      "remote",
    ]);
    expect(bad.exitCode).toBe(2);
  });
});
