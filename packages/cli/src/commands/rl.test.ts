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
import { registerRlCommands } from "./rl";

const aif = (argv: string[]) => aifWith(registerRlCommands, argv);

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
