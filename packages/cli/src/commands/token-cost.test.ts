import { isAifError, isUserError } from "@aifactory/core";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { type CliResult, createProgram, runCli } from "../run";
import { registerTokenCostCommands } from "./token-cost";

/** Runs `aif` in-process: through `runCli` once the command is wired, else on a fresh program. */
async function aif(argv: string[]): Promise<CliResult> {
  const probe = createProgram({ stdout: () => {}, stderr: () => {}, stderrIsTty: false });
  if (probe.program.commands.some((command) => command.name() === "token-cost")) return runCli(argv);
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
  registerTokenCostCommands(program, context);
  const override = (command: typeof program): void => {
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

describe("aif token-cost", () => {
  it("prints usdPerMillionTokens", async () => {
    const result = await aif(["token-cost", "--gpu-hour-usd", "3.6", "--tokens-per-second-per-gpu", "1000", "--json"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).usdPerMillionTokens).toBeCloseTo(1, 12);
  });

  it("exits 2 for a zero throughput", async () => {
    const result = await aif(["token-cost", "--gpu-hour-usd", "2", "--tokens-per-second-per-gpu", "0"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/tokens-per-second-per-gpu/);
  });
});
