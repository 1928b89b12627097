import { isAifError, isUserError } from "@aifactory/core";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { type CliResult, createProgram, runCli } from "../run";
import { registerSupplyCommands } from "./supply";

/** Runs `aif` in-process: through `runCli` once the command is wired, else on a fresh program. */
async function aif(argv: string[]): Promise<CliResult> {
  const probe = createProgram({ stdout: () => {}, stderr: () => {}, stderrIsTty: false });
  if (probe.program.commands.some((command) => command.name() === "supply")) return runCli(argv);
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
  registerSupplyCommands(program, context);
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

describe("aif supply", () => {
  it("prints earliestOnlineQuarter, bindingConstraint and perQuarter", async () => {
    const result = await aif([
      "supply",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "100000",
      "--start",
      "2027-Q1",
      "--power-mw",
      "50",
      "--allocation-share",
      "0.05",
      "--json",
    ]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.earliestOnlineQuarter).toBe("2032-Q1");
    expect(output.bindingConstraint).toBe("interconnection");
    expect(output.perQuarter[0].quarter).toBe("2027-Q1");
  });

  it("is supply-bound when the site has the power", async () => {
    const result = await aif([
      "supply",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "100000",
      "--start",
      "2027-Q1",
      "--power-mw",
      "500",
      "--allocation-share",
      "0.001",
      "--json",
    ]);
    const output = JSON.parse(result.stdout);
    expect(output.bindingConstraint).toBe("cowos");
    expect(output.perQuarter.length).toBeGreaterThan(1);
  });

  it("exits 2 for a malformed quarter", async () => {
    const result = await aif(["supply", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--start", "2027Q1"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/YYYY-Qn/);
  });
});
