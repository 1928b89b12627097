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
import { registerValidateServingCommand } from "./validate-serving";

function register(program: Command, context: CliContext): void {
  const validate = program.commands.find((command) => command.name() === "validate") ?? program.command("validate");
  if (!validate.commands.some((command) => command.name() === "serving")) {
    registerValidateServingCommand(validate, context);
  }
}

describe("aif validate serving", () => {
  it("--json prints rows and the median absolute percentage error", async () => {
    const out = await aifWith(register, ["validate", "serving", "--json"]);
    expect(out.exitCode).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.rows.length).toBeGreaterThanOrEqual(75);
    expect(result.rows[0]).toHaveProperty("published");
    expect(result.rows[0]).toHaveProperty("predicted");
    expect(typeof result.medianAbsolutePercentError).toBe("number");
  });

  it("prints the table", async () => {
    const out = await aifWith(register, ["validate", "serving"]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("median absolute percentage error");
  });
});
