import { isAifError, isUserError } from "@aifactory/core";
import { type Command, CommanderError } from "commander";
import type { CliContext } from "../context";
import { type CliResult, createProgram } from "../run";

/** Runs `aif` in-process on a fresh program with the given registration (errors mapped as the runner does). */
async function aifWith(register: (program: Command, context: CliContext) => void, argv: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const { program, context } = createProgram({
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stderrIsTty: false,
  });
  if (!program.commands.some((command) => command.name() === argv[0] && argv[0] !== "validate"))
    register(program, context);
  const override = (command: Command): void => {
    command.exitOverride().configureOutput({
      writeOut: (text) => {
        stdout += text;
      },
      writeErr: (text) => {
        stderr += text;
      },
    });
    for (const sub of command.commands) override(sub);
  };
  override(program);
  try {
    await program.parseAsync(argv, { from: "user" });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError)
      return { exitCode: error.code === "commander.helpDisplayed" ? 0 : 2, stdout, stderr };
    if (isAifError(error)) stderr += `error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ""}`;
    return { exitCode: isUserError(error) ? 2 : 1, stdout, stderr };
  }
}

import { describe, expect, it } from "vitest";
import { registerAgentCommands } from "./agent";

const aif = (argv: string[]) => aifWith(registerAgentCommands, argv);

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
