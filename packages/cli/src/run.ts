import type { Command } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { registerAllCommands } from "./commands/index";
import type { CliContext, CliIo } from "./context";
import { applyOverrides, type CliResult, createBareProgram, runCliWith } from "./run-core";

export type { CliResult } from "./run-core";

/**
 * The version of the `aif` CLI (the `@aifactory/cli` package version).
 *
 * @since 0.1.0
 * @category CLI
 */
export const CLI_VERSION: string = packageJson.version;

/**
 * Builds the `aif` program (commander) with every command registered, writing to `io`.
 *
 * @param io - where output goes
 * @returns the program and its context
 * @example
 * ```ts
 * import { createProgram } from "@aifactory/cli";
 * const { program } = createProgram({ stdout: () => {}, stderr: () => {}, stderrIsTty: false });
 * program.commands.map((command) => command.name());
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function createProgram(io: CliIo): { program: Command; context: CliContext } {
  const { program, context } = createBareProgram(io, CLI_VERSION);
  registerAllCommands(program, context);
  for (const command of program.commands) applyOverrides(command, io);
  return { program, context };
}

/**
 * Runs the CLI on an argument list and captures its output, without exiting the process. The binary
 * (`aif`) is a thin wrapper around this; tests call it directly.
 *
 * @param argv - arguments after the program name, e.g. `["hw", "show", "nvidia-h100-sxm", "--json"]`
 * @param io - where to write (default: capture into the returned strings)
 * @returns the exit code and what was written
 * @example
 * ```ts
 * import { runCli } from "@aifactory/cli";
 * const { exitCode, stdout } = await runCli(["--version"]);
 * ```
 * @since 0.1.0
 * @category CLI
 */
export async function runCli(argv: readonly string[], io?: Partial<CliIo>): Promise<CliResult> {
  return runCliWith(argv, CLI_VERSION, registerAllCommands, io);
}
