import type { Command } from "commander";
import type { CliContext } from "../context";
import { registerUnitsCommands } from "./units";

/**
 * Registers every `aif` command group on the program, in help order.
 *
 * @param program - the root command
 * @param context - output helpers
 * @since 0.1.0
 * @category CLI
 */
export function registerAllCommands(program: Command, context: CliContext): void {
  registerUnitsCommands(program, context);
}
