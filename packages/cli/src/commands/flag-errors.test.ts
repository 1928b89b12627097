import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidInputError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { withFlagNames } from "../flag-names";
import { runCli } from "../run";

/**
 * Issue #22 item 17: every command that passes user values into a library function names the flag the user
 * typed in its errors, never the library's field (`acceleratorCount`, `inputTokens`, `(root)`).
 */
async function expectFlagNamed(argv: string[], flag: string, libraryNames: readonly string[]): Promise<string> {
  const result = await runCli(argv);
  expect(result.exitCode, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(`  - ${flag}:`);
  for (const name of [...libraryNames, "(root)"]) expect(result.stderr).not.toContain(`  - ${name}`);
  return result.stderr;
}

const H100 = ["--gpu", "nvidia-h100-sxm"];

describe("errors name the flag the user typed", () => {
  it("aif energy: --gpus and --chips (acceleratorCount)", async () => {
    await expectFlagNamed(["energy", ...H100, "--gpus", "1e20", "--hours", "1"], "--gpus", ["acceleratorCount"]);
    await expectFlagNamed(["energy", "--chips", "1e20", "--avg-power-watts", "500", "--hours", "1"], "--chips", [
      "acceleratorCount",
    ]);
  });

  it("aif tco: --gpus (acceleratorCount)", async () => {
    await expectFlagNamed(["tco", ...H100, "--gpus", "1e20", "--years", "5"], "--gpus", ["acceleratorCount"]);
  });

  it("aif supply: --start (startQuarter), checked by the library", async () => {
    await expectFlagNamed(["supply", ...H100, "--gpus", "1000", "--start", "2027-Q5"], "--start", ["startQuarter"]);
  });

  it("aif token-cost: --tokens-per-second-per-gpu", async () => {
    await expectFlagNamed(
      ["token-cost", "--gpu-hour-usd", "2", "--tokens-per-second-per-gpu", "0"],
      "--tokens-per-second-per-gpu",
      ["tokensPerSecondPerAccelerator"],
    );
  });

  it("aif rl: --gpus", async () => {
    const argv = ["rl", "--policy", "qwen3-32b", ...H100, "--prompts-per-step", "64", "--isl", "512"];
    await expectFlagNamed([...argv, "--gpus", "1e20", "--osl-mean", "1024"], "--gpus", ["acceleratorCount"]);
  });

  it("aif agent: --turns, checked by the library (at most 100,000)", async () => {
    const stderr = await expectFlagNamed(
      [
        "agent",
        "--model",
        "llama-3.1-8b",
        ...H100,
        "--turns",
        "200000",
        "--tokens-per-turn",
        "100",
        "--output-tokens-per-turn",
        "10",
        "--tool-latency-ms",
        "100",
      ],
      "--turns",
      ["turns"],
    );
    expect(stderr).toContain("at most 100,000 turns");
  });

  it("aif fleet simulate: --weights and --isl, checked by the library", async () => {
    const argv = ["fleet", "simulate", "--model", "llama-3.1-8b", ...H100, "--rate", "1", "--requests", "10"];
    await expectFlagNamed([...argv, "--isl", "100", "--osl", "10", "--weights", "fp9"], "--weights", [
      "[0].engine.weights",
      "engine.weights",
    ]);
    await expectFlagNamed([...argv, "--isl", "1e20", "--osl", "10"], "--isl", ["inputTokens"]);
  });

  it("aif kernel: --m", async () => {
    await expectFlagNamed(["kernel", "gemm", ...H100, "--m", "1e20", "--n", "8", "--k", "8"], "--m", ["m"]);
  });

  it("aif model: --seq and --id", async () => {
    await expectFlagNamed(["model", "show", "llama-3.1-8b", "--seq", "1e20"], "--seq", ["sequenceTokens"]);
    const dir = mkdtempSync(join(tmpdir(), "aif-flags-"));
    const config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        architectures: ["LlamaForCausalLM"],
        model_type: "llama",
        hidden_size: 4096,
        intermediate_size: 14336,
        num_hidden_layers: 32,
        num_attention_heads: 32,
        num_key_value_heads: 8,
        vocab_size: 128256,
        max_position_embeddings: 8192,
      }),
    );
    await expectFlagNamed(["model", "import", config, "--id", "Not An Id"], "--id", ["id"]);
  });

  it("aif units convert: <from> and <value>", async () => {
    await expectFlagNamed(["units", "convert", "80", "Gib", "GB"], "<from>", ["from"]);
    await expectFlagNamed(["units", "convert", "1e308", "TB", "B"], "<value>", ["value"]);
  });

  it("aif validate serving / training: --kernels", async () => {
    await expectFlagNamed(["validate", "serving", "--kernels", "bultin"], "--kernels", []);
    await expectFlagNamed(["validate", "training", "--kernels", "bultin"], "--kernels", []);
  });

  it("caps the message: 100,000 problems print a bounded number of lines, the flag renamed", () => {
    const problems = Array.from({ length: 100_000 }, (_, index) => ({
      path: `traffic.inputTokens`,
      message: `problem ${index}`,
    }));
    let caught: unknown;
    try {
      withFlagNames({ "traffic.inputTokens": "--isl" }, () => {
        throw new InvalidInputError("fleet traffic", problems);
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    const message = (caught as InvalidInputError).message;
    expect(message.split("\n").length).toBeLessThanOrEqual(25);
    expect(message).toContain("  - --isl: problem 0");
    expect(message).toContain("99980 more problems");
    expect(message.length).toBeLessThan(5000);
  });

  it("renames nested and indexed library paths to the parent's flag", () => {
    let caught: unknown;
    try {
      withFlagNames({ inputTokens: "--isl", "engine.weights": "--weights" }, () => {
        throw new InvalidInputError("x", [
          { path: "inputTokens.tokens", message: "too big" },
          { path: "[2].engine.weights", message: "unknown" },
          { path: "other", message: "kept" },
        ]);
      });
    } catch (error) {
      caught = error;
    }
    expect((caught as InvalidInputError).problems.map((p) => p.path)).toEqual(["--isl", "--weights", "other"]);
  });
});
