import type { Command } from "commander";
import type { CliContext } from "../context";
import { registerAgentCommands } from "./agent";
import { registerBenchCommands } from "./bench";
import { registerEnergyCommands } from "./energy";
import { registerFleetCommands } from "./fleet";
import { registerGridCommands } from "./grid";
import { registerHwCommands } from "./hw";
import { registerKernelCommands } from "./kernel";
import { registerKvCommands } from "./kv";
import { registerMcpCommands } from "./mcp";
import { registerMemoryCommands } from "./memory";
import { registerModelCommands } from "./model";
import { registerPlanCommands } from "./plan";
import { registerRlCommands } from "./rl";
import { registerServeCommands } from "./serve";
import { registerSiteCommands } from "./site";
import { registerSupplyCommands } from "./supply";
import { registerTcoCommands } from "./tco";
import { registerTokenCostCommands } from "./token-cost";
import { registerTrainCommands } from "./train";
import { registerUnitsCommands } from "./units";
import { registerValidateServingCommand } from "./validate-serving";
import { registerValidateTrainingCommands } from "./validate-training";

/**
 * Registers every `aif` command group on the program, in help order.
 *
 * @param program - the root command
 * @param context - output helpers
 * @since 0.1.0
 * @category CLI
 */
export function registerAllCommands(program: Command, context: CliContext): void {
  registerPlanCommands(program, context);
  registerHwCommands(program, context);
  registerModelCommands(program, context);
  registerTrainCommands(program, context);
  registerServeCommands(program, context);
  registerFleetCommands(program, context);
  registerRlCommands(program, context);
  registerAgentCommands(program, context);
  registerEnergyCommands(program, context);
  registerGridCommands(program, context);
  registerTcoCommands(program, context);
  registerTokenCostCommands(program, context);
  registerSupplyCommands(program, context);
  registerSiteCommands(program, context);
  registerMemoryCommands(program, context);
  registerKvCommands(program, context);
  registerBenchCommands(program, context);
  registerKernelCommands(program, context);
  registerValidateTrainingCommands(program, context);
  const validate = program.commands.find((command) => command.name() === "validate");
  if (validate) registerValidateServingCommand(validate, context);
  registerUnitsCommands(program, context);
  registerMcpCommands(program, context);
}
