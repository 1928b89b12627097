import type { Command } from "commander";
import type { CliContext } from "../context";

type Register = (program: Command, context: CliContext) => void;

/**
 * Each top-level command's registration, loaded on demand: the binary imports only the group its arguments
 * name, so `aif train` does not load PGlite, the planner or the benchmark adapters. Keep in step with
 * `registerAllCommands` (a test checks that both register the same commands).
 */
const LOADERS: Readonly<Record<string, () => Promise<Register[]>>> = Object.freeze({
  plan: async () => [(await import("./plan")).registerPlanCommands],
  hw: async () => [(await import("./hw")).registerHwCommands],
  model: async () => [(await import("./model")).registerModelCommands],
  train: async () => [(await import("./train")).registerTrainCommands],
  serve: async () => [(await import("./serve")).registerServeCommands],
  fleet: async () => [(await import("./fleet")).registerFleetCommands],
  rl: async () => [(await import("./rl")).registerRlCommands],
  agent: async () => [(await import("./agent")).registerAgentCommands],
  energy: async () => [(await import("./energy")).registerEnergyCommands],
  grid: async () => [(await import("./grid")).registerGridCommands],
  tco: async () => [(await import("./tco")).registerTcoCommands],
  "token-cost": async () => [(await import("./token-cost")).registerTokenCostCommands],
  supply: async () => [(await import("./supply")).registerSupplyCommands],
  site: async () => [(await import("./site")).registerSiteCommands],
  memory: async () => [(await import("./memory")).registerMemoryCommands],
  kv: async () => [(await import("./kv")).registerKvCommands],
  bench: async () => [(await import("./bench")).registerBenchCommands],
  kernel: async () => [(await import("./kernel")).registerKernelCommands],
  validate: async () => {
    const training = await import("./validate-training");
    const serving = await import("./validate-serving");
    return [
      training.registerValidateTrainingCommands,
      (program, context) => {
        const validate = program.commands.find((command) => command.name() === "validate");
        if (validate) serving.registerValidateServingCommand(validate, context);
      },
    ];
  },
  units: async () => [(await import("./units")).registerUnitsCommands],
  mcp: async () => [(await import("./mcp")).registerMcpCommands],
});

/** Top-level command names the lazy registrar knows. */
export const LAZY_COMMAND_NAMES: readonly string[] = Object.freeze(Object.keys(LOADERS));

/**
 * Registers only the command group that `argv` names (its first word that is not a global option); every group
 * when it names none or an unknown one (help, suggestions for a typo).
 *
 * @param argv - the arguments after the program name
 * @returns a registrar for {@link runCliWith}
 */
export function lazyRegistrar(argv: readonly string[]): (program: Command, context: CliContext) => Promise<void> {
  const name = argv.find((arg) => !arg.startsWith("-"));
  const wanted = name !== undefined && name in LOADERS ? [name] : LAZY_COMMAND_NAMES;
  return async (program, context) => {
    const groups = await Promise.all(wanted.map((key) => (LOADERS[key] as () => Promise<Register[]>)()));
    for (const registers of groups) for (const register of registers) register(program, context);
  };
}
