import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

describe("aif agent", () => {
  it("--json prints gpuSecondsPerTask, ttftMsPerTurn, prefillSavedRatio, kvBytesHeldPeak", async () => {
    const out = await aif([
      "agent",
      "--model",
      "llama-3.1-70b",
      "--gpu",
      "nvidia-h100-sxm",
      "--tp",
      "4",
      "--turns",
      "30",
      "--tokens-per-turn",
      "800",
      "--output-tokens-per-turn",
      "300",
      "--tool-latency-ms",
      "2000",
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.gpuSecondsPerTask).toBeGreaterThan(0);
    expect(result.ttftMsPerTurn).toHaveLength(30);
    expect(result.prefillSavedRatio).toBeGreaterThan(0);
    expect(result.kvBytesHeldPeak).toBeGreaterThan(0);
  });

  it("prints a human summary and exits 2 without --turns", async () => {
    const ok = await aif([
      "agent",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--turns",
      "5",
      "--tokens-per-turn",
      "100",
      "--output-tokens-per-turn",
      "50",
      "--tool-latency-ms",
      "500",
      "--kv-policy",
      "offload",
    ]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain("GPU-seconds per task");
    const missing = await aif(["agent", "--model", "llama-3.1-8b", "--gpu", "nvidia-h100-sxm"]);
    expect(missing.exitCode).toBe(2);
  });
});

describe("aif agent on hardware that cannot hold the model", () => {
  it("gpt-oss-120b on one H100 prints what it would take, then fails with exit 2", async () => {
    const argv = ["agent", "--model", "gpt-oss-120b", "--gpu", "nvidia-h100-sxm", "--tp", "1", "--turns", "10"];
    const rest = ["--tokens-per-turn", "800", "--output-tokens-per-turn", "300", "--tool-latency-ms", "2000"];
    const out = await aif([...argv, ...rest, "--weights", "bf16"]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain("does not fit on 1 x nvidia-h100-sxm");
  });
});
