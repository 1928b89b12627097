import { isAifError, isUserError } from "@aifactory/core";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { type CliResult, createProgram, runCli } from "../run";
import { registerValidateTrainingCommands } from "./validate-training";

/** Runs `aif` in-process; registers the command itself until the lead wires it into the program. */
async function aif(argv: string[]): Promise<CliResult> {
  const probe = createProgram({ stdout: () => {}, stderr: () => {}, stderrIsTty: false });
  if (
    probe.program.commands.some(
      (command) => command.name() === "validate" && command.commands.some((sub) => sub.name() === "training"),
    )
  )
    return runCli(argv);
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
  registerValidateTrainingCommands(program, context);
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

describe("aif validate training", () => {
  it("prints one row per published run with source, published, predicted, error and the MAPE", async () => {
    const result = await aif(["--json", "validate", "training"]);
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout) as {
      rows: { source: string; published: number; predicted: number; error: number }[];
      meanAbsolutePercentError: number;
    };
    expect(out.rows).toHaveLength(18);
    for (const row of out.rows) {
      expect(row.source.length).toBeGreaterThan(10);
      expect(row.error).toBeCloseTo((row.predicted - row.published) / row.published, 9);
    }
    expect(out.meanAbsolutePercentError).toBeLessThanOrEqual(5);
  });

  it("renders a table with the mean absolute percentage error", async () => {
    const result = await aif(["validate", "training"]);
    expect(result.stdout).toMatch(/mean absolute percentage error: \d/);
  });
});
