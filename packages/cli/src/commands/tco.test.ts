import { isAifError, isUserError } from "@aifactory/core";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { type CliResult, createProgram, runCli } from "../run";
import { registerTcoCommands } from "./tco";

/** Runs `aif` in-process: through `runCli` once the command is wired, else on a fresh program. */
async function aif(argv: string[]): Promise<CliResult> {
  const probe = createProgram({ stdout: () => {}, stderr: () => {}, stderrIsTty: false });
  if (probe.program.commands.some((command) => command.name() === "tco")) return runCli(argv);
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
  registerTcoCommands(program, context);
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

describe("aif tco", () => {
  it("prints capexUsd, opexUsdPerYear, costPerGpuHourUsd and breakdown as JSON", async () => {
    const result = await aif(["tco", "--gpu", "nvidia-h100-sxm", "--gpus", "1024", "--years", "5", "--json"]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.capexUsd).toBeGreaterThan(0);
    expect(output.opexUsdPerYear).toBeGreaterThan(0);
    expect(output.costPerGpuHourUsd).toBeGreaterThan(0);
    expect(output.breakdown.capex.serversUsd).toBeGreaterThan(0);
  });

  it("gets dearer with a higher price and scales per useful hour with utilisation", async () => {
    const base = [
      "tco",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "8",
      "--years",
      "4",
      "--electricity-usd-per-kwh",
      "0.1",
      "--pue",
      "1.2",
    ];
    const cheap = JSON.parse((await aif([...base, "--price-usd", "20000", "--json"])).stdout);
    const dear = JSON.parse((await aif([...base, "--price-usd", "30000", "--utilization", "0.5", "--json"])).stdout);
    expect(dear.costPerGpuHourUsd).toBeGreaterThan(cheap.costPerGpuHourUsd);
    expect(dear.costPerUsefulGpuHourUsd).toBeCloseTo(dear.costPerGpuHourUsd * 2, 9);
  });

  it("exits 2 for an unknown GPU", async () => {
    const result = await aif(["tco", "--gpu", "nvidia-h10", "--gpus", "8", "--years", "5"]);
    expect(result.exitCode).toBe(2);
  });
});
