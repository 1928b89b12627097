/**
 * `@aifactory/cli`: the `aif` command — a thin face over the aifactory packages. The programmatic API runs
 * the CLI in-process (`runCli`) and offers the helpers every command uses.
 *
 * @packageDocumentation
 */
export type { CliContext, CliIo, ProgressReporter } from "./context";
export { SERVE_FLAG_NAMES, TRAIN_FLAG_NAMES, withFlagNames } from "./flag-names";
export { type KernelTablesFlag, loadKernelTablesFlag } from "./kernel-tables-flag";
export {
  parseBytesOption,
  parseChoiceOption,
  parseNumberOption,
  parseRatioOption,
  readDataFile,
  readJsonFile,
  requiredOption,
} from "./options";
export { CLI_VERSION, type CliResult, createProgram, runCli } from "./run";
export { renderKeyValues, renderTable, type TableColumn } from "./table";
