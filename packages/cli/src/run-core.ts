import { type AifError, closestMatches, isAifError, isUserError } from "@aifactory/core";
import type { FactoryCatalog } from "@aifactory/planner";
import cliProgress from "cli-progress";
import { Command, CommanderError } from "commander";
import type { CliContext, CliIo, ProgressReporter } from "./context";

/**
 * The outcome of one CLI invocation.
 *
 * @since 0.1.0
 * @category CLI
 */
export interface CliResult {
  /** 0 success, 1 failure while working, 2 bad input. */
  exitCode: number;
  /** Everything written to stdout. */
  stdout: string;
  /** Everything written to stderr. */
  stderr: string;
}

/** Registers commands on the program: every group, or (the binary) only the group the arguments name. */
export type CommandRegistrar = (program: Command, context: CliContext) => void | Promise<void>;

function createContext(program: Command, io: CliIo, packs: { catalog?: FactoryCatalog }): CliContext {
  return {
    get catalog() {
      return packs.catalog;
    },
    get json() {
      return Boolean(program.opts().json);
    },
    get debug() {
      return Boolean(program.opts().debug);
    },
    print(result, render) {
      if (program.opts().json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else io.stdout(`${render()}\n`);
    },
    note(text) {
      io.stderr(`${text}\n`);
    },
    progress(label, total): ProgressReporter {
      if (!io.stderrIsTty) return { update() {}, stop() {} };
      const bar = new cliProgress.SingleBar(
        { format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      return {
        update(done) {
          bar.update(done);
        },
        stop() {
          bar.stop();
        },
      };
    },
  };
}

/** The bare `aif` program (global options, no commands yet) and its context. */
export function createBareProgram(io: CliIo, version: string): { program: Command; context: CliContext } {
  const program = new Command("aif");
  program
    .description("aifactory: plan AI factories — hardware, workloads, energy, cost, memory and benchmarks")
    .version(version, "-v, --version", "print the version")
    .option("--json", "print machine-readable JSON on stdout (nothing else)")
    .option("--debug", "print stack traces for errors")
    .option(
      "--pack <file|package>",
      "load a pack (accelerators, systems, fabrics, architectures, grid regions, prices): a JSON/YAML file or an installed package; repeatable",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .showSuggestionAfterError(true)
    .showHelpAfterError("(run `aif --help` or `aif <command> --help` for usage)")
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    })
    .exitOverride();
  const packs: { catalog?: FactoryCatalog } = {};
  // Packs load once, before the command's action, so every command looks ids up in the same catalog.
  program.hook("preAction", async () => {
    const specs = program.opts().pack as string[] | undefined;
    if (specs === undefined || specs.length === 0 || packs.catalog !== undefined) return;
    const { loadPackCatalog } = await import("./packs");
    packs.catalog = await loadPackCatalog(specs);
  });
  return { program, context: createContext(program, io, packs) };
}

/**
 * Flags people type for a quantity that aif names otherwise (other tools' names, the other command's name),
 * and the aif flags they may mean, in order of preference. An unknown flag's hint names the first the command has.
 */
const FLAG_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  "--region": ["--grid"],
  "--grid": ["--region"],
  "--location": ["--region", "--grid"],
  "--accelerator": ["--gpu"],
  "--device": ["--gpu"],
  "--num-gpus": ["--gpus", "--tp"],
  "--n-gpus": ["--gpus", "--tp"],
  "--gpu-count": ["--gpus", "--tp"],
  "--accelerators": ["--gpus", "--chips"],
  "--accelerator-count": ["--gpus", "--chips"],
  "--input-tokens": ["--isl"],
  "--input-len": ["--isl"],
  "--prompt-tokens": ["--isl"],
  "--output-tokens": ["--osl"],
  "--output-len": ["--osl"],
  "--max-tokens": ["--osl"],
  "--seq-len": ["--seq"],
  "--seqlen": ["--seq"],
  "--sequence-length": ["--seq"],
  "--gbs": ["--global-batch"],
  "--mbs": ["--micro-batch"],
  "--batch-size": ["--global-batch", "--micro-batch"],
  "--tensor-parallel": ["--tp"],
  "--tensor-parallel-size": ["--tp"],
  "--pipeline-parallel": ["--pp"],
  "--pipeline-parallel-size": ["--pp"],
  "--expert-parallel": ["--ep"],
  "--expert-parallel-size": ["--ep"],
  "--data-parallel": ["--dp"],
  "--context-parallel": ["--cp"],
  "--dtype": ["--precision", "--weights"],
  "--quantization": ["--weights"],
  "--ttft": ["--ttft-ms", "--slo-ttft-ms"],
  "--tpot": ["--tpot-ms", "--slo-tpot-ms"],
  "--power": ["--power-mw"],
  "--mw": ["--power-mw"],
  "--qps": ["--rate"],
  "--rps": ["--rate"],
  "--request-rate": ["--rate"],
  "--lifetime": ["--years"],
};

/**
 * An unknown flag's error: the flags this command has that people mean by it ({@link FLAG_SYNONYMS}), else the
 * nearest of its own and the global flags (commander's own hint also offers `--version`, which only the bare
 * `aif` takes: `aif energy --region` got "Did you mean --version?").
 */
function unknownOptionMessage(command: Command, flag: string): string {
  const typed = flag.split("=")[0] ?? flag;
  const own = new Set<string>();
  for (let at: Command | null = command; at !== null; at = at.parent) {
    for (const option of at.options) {
      if (option.long !== undefined && !option.hidden && option.long !== "--version") own.add(option.long);
    }
  }
  const meant = (FLAG_SYNONYMS[typed] ?? []).filter((candidate) => own.has(candidate)).slice(0, 1);
  const path: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) path.unshift(at.name());
  const hint =
    meant.length > 0
      ? `\n(${path.join(" ")} calls it ${meant[0]})`
      : typed.startsWith("--")
        ? ((near) => (near.length > 0 ? `\n(Did you mean ${near.join(" or ")}?)` : ""))(closestMatches(typed, own, 2))
        : "";
  return `error: unknown option '${flag}'${hint}`;
}

export function applyOverrides(command: Command, io: CliIo): void {
  command
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) });
  // commander's Command.unknownOption (a method outside its type declarations) reports a flag the command does not
  // take; this one gives aif's hint instead of commander's.
  (command as unknown as { unknownOption(flag: string): never }).unknownOption = (flag: string) =>
    command.error(unknownOptionMessage(command, flag), { code: "commander.unknownOption" });
  for (const sub of command.commands) applyOverrides(sub, io);
}

/** The most problems an error lists under `--json` (the count of the others is given). */
const MAX_JSON_PROBLEMS = 25;

/** An error's JSON with at most {@link MAX_JSON_PROBLEMS} problems, so that a huge bad input gives a short error. */
function boundedErrorJson(error: ReturnType<AifError["toJSON"]>): ReturnType<AifError["toJSON"]> {
  const problems = error.details?.problems;
  if (!Array.isArray(problems) || problems.length <= MAX_JSON_PROBLEMS) return error;
  return {
    ...error,
    details: {
      ...error.details,
      problems: problems.slice(0, MAX_JSON_PROBLEMS),
      problemsNotShown: problems.length - MAX_JSON_PROBLEMS,
    },
  };
}

function reportError(error: unknown, io: CliIo, json: boolean, debug: boolean): number {
  const exitCode = isUserError(error) ? 2 : 1;
  if (isAifError(error)) {
    if (json) io.stderr(`${JSON.stringify({ error: boundedErrorJson(error.toJSON()) })}\n`);
    else {
      io.stderr(`error: ${error.message}\n`);
      if (error.hint) io.stderr(`hint: ${error.hint}\n`);
    }
  } else {
    const message = error instanceof Error ? error.message : String(error);
    if (json) io.stderr(`${JSON.stringify({ error: { code: "INTERNAL", message } })}\n`);
    else
      io.stderr(`error: unexpected failure: ${message}\n${debug ? "" : "hint: run again with --debug for details\n"}`);
  }
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return exitCode;
}

/** Runs the CLI with the commands `register` adds (see {@link runCli} for the contract). */
export async function runCliWith(
  argv: readonly string[],
  version: string,
  register: CommandRegistrar,
  io?: Partial<CliIo>,
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const sink: CliIo = {
    stdout:
      io?.stdout ??
      ((text) => {
        stdout += text;
      }),
    stderr:
      io?.stderr ??
      ((text) => {
        stderr += text;
      }),
    // Read when a progress display is made, not now: the binary's answer makes process.stderr (see bin-main.ts).
    get stderrIsTty() {
      return io?.stderrIsTty ?? false;
    },
  };
  const { program, context } = createBareProgram(sink, version);
  await register(program, context);
  for (const command of program.commands) applyOverrides(command, sink);
  const json = argv.includes("--json");
  const debug = argv.includes("--debug");
  if (argv.length === 0) {
    sink.stdout(program.helpInformation());
    return { exitCode: 0, stdout, stderr };
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok =
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help";
      return { exitCode: ok ? 0 : 2, stdout, stderr };
    }
    return { exitCode: reportError(error, sink, json, debug), stdout, stderr };
  }
}
