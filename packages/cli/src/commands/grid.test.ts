import { isAifError, isUserError } from "@aifactory/core";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { type CliResult, createProgram, runCli } from "../run";
import { registerGridCommands } from "./grid";

/** Runs `aif` in-process: through `runCli` once the command is wired, else on a fresh program. */
async function aif(argv: string[]): Promise<CliResult> {
  const probe = createProgram({ stdout: () => {}, stderr: () => {}, stderrIsTty: false });
  if (probe.program.commands.some((command) => command.name() === "grid")) return runCli(argv);
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
  registerGridCommands(program, context);
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

describe("aif grid", () => {
  it("lists regions with intensity, year and basis as JSON", async () => {
    const result = await aif(["grid", "list", "--json"]);
    expect(result.exitCode).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<{ id: string; gCo2ePerKWh: number; year: number; basis: string }>;
    expect(rows.map((row) => row.id)).toEqual(
      expect.arrayContaining(["world", "us", "us-va", "us-tx", "fr", "de", "no"]),
    );
    expect(rows.find((row) => row.id === "fr")).toMatchObject({ gCo2ePerKWh: 56, year: 2023, basis: "location" });
  });

  it("shows one region with every figure", async () => {
    const result = await aif(["grid", "show", "no", "--json"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).intensities.length).toBe(2);
    const text = await aif(["grid", "show", "no"]);
    expect(text.stdout).toMatch(/Norway/);
  });

  it("suggests the nearest region for an unknown id", async () => {
    const result = await aif(["grid", "show", "us-vaa"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/us-va/);
  });
});
