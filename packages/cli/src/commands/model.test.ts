import { isAifError, isUserError } from "@aifactory/core";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { type CliResult, createProgram, runCli } from "../run";
import { registerModelCommands } from "./model";

/** Runs `aif` in-process; registers the command itself until the lead wires it into the program. */
async function aif(argv: string[]): Promise<CliResult> {
  const probe = createProgram({ stdout: () => {}, stderr: () => {}, stderrIsTty: false });
  if (probe.program.commands.some((command) => command.name() === "model")) return runCli(argv);
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
  registerModelCommands(program, context);
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

describe("aif model", () => {
  it("lists the catalog as JSON", async () => {
    const result = await aif(["--json", "model", "list"]);
    expect(result.exitCode).toBe(0);
    const rows = JSON.parse(result.stdout) as { id: string; totalParams: number }[];
    expect(rows.map((r) => r.id)).toContain("deepseek-v3");
  });

  it("shows totalParams, activeParams and kvBytesPerToken", async () => {
    const result = await aif(["--json", "model", "show", "deepseek-v3"]);
    expect(result.exitCode).toBe(0);
    const shown = JSON.parse(result.stdout) as { totalParams: number; activeParams: number; kvBytesPerToken: number };
    expect(shown.kvBytesPerToken).toBe((512 + 64) * 61 * 2);
    expect(shown.totalParams / 1e9).toBeCloseTo(671, 0);
    expect(shown.activeParams).toBeLessThan(shown.totalParams);
  });

  it("prints a human summary and exits 2 with a suggestion for an unknown id", async () => {
    const human = await aif(["model", "show", "llama-3.1-405b"]);
    expect(human.stdout).toMatch(/total params\s+405\.\d+B/);
    const unknown = await aif(["model", "show", "llama-3.1-406b"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/did you mean "llama-3.1-405b"/);
  });
});
