import type { BenchmarkResult } from "../harness/result-schema";
import { type CollectiveId, NCCL_COLLECTIVES } from "../parsers/collectives";
import { type NcclTestsReport, ncclTestsToResults, parseNcclTests } from "../parsers/nccl-tests";
import { type RunCommandOptions, runCommandOrThrow } from "./run-command";

/**
 * Options of an nccl-tests run.
 *
 * @example
 * ```ts
 * import { buildNcclTestsCommand, type NcclTestsOptions } from "@aifactory/bench";
 * const options: NcclTestsOptions = { collective: "all-gather", binaryDirectory: "./build", gpusPerProcess: 8, maxBytes: "1G" };
 * buildNcclTestsCommand(options).program; // "./build/all_gather_perf"
 * ```
 * @since 0.1.0
 * @category nccl-tests
 */
export interface NcclTestsOptions {
  collective: CollectiveId;
  /** Directory of the nccl-tests binaries (`./build`); default: on PATH. */
  binaryDirectory?: string;
  /** `-b`, smallest message (nccl-tests syntax: `8`, `32K`, `1M`); default `8`. */
  minBytes?: string;
  /** `-e`, largest message; default `8G`. */
  maxBytes?: string;
  /** `-f`, multiplication factor between sizes; default 2. */
  stepFactor?: number;
  /** `-g`, GPUs per process; default 1. */
  gpusPerProcess?: number;
  /** `-n`, timed iterations; default 20. */
  iterations?: number;
  /** `-w`, warmup iterations; default 5. */
  warmupIterations?: number;
  /** `-c`, check results (keep 1: unchecked results are not trusted); default 1. */
  check?: 0 | 1;
  /** `-d`, data type; default float. */
  dataType?: string;
  /** A launcher in front (`mpirun -np 16 ...` or `srun ...`): program and its arguments. */
  launcher?: { program: string; args: readonly string[] };
  /** Extra arguments appended verbatim (one element each). */
  extraArgs?: readonly string[];
}

/**
 * Builds the program and argument array for an nccl-tests run (no shell, no quoting).
 *
 * @param options - the run options
 * @returns `{ program, args }`
 * @example
 * ```ts
 * import { buildNcclTestsCommand } from "@aifactory/bench";
 * buildNcclTestsCommand({ collective: "all-reduce", binaryDirectory: "./build", gpusPerProcess: 8 });
 * // { program: "./build/all_reduce_perf", args: ["-b", "8", "-e", "8G", "-f", "2", "-g", "8", ...] }
 * ```
 * @since 0.1.0
 * @category nccl-tests
 */
export function buildNcclTestsCommand(options: NcclTestsOptions): { program: string; args: string[] } {
  const binary = NCCL_COLLECTIVES[options.collective];
  const path =
    options.binaryDirectory === undefined ? binary : `${options.binaryDirectory.replace(/\/$/, "")}/${binary}`;
  const toolArgs = [
    "-b",
    options.minBytes ?? "8",
    "-e",
    options.maxBytes ?? "8G",
    "-f",
    String(options.stepFactor ?? 2),
    "-g",
    String(options.gpusPerProcess ?? 1),
    "-n",
    String(options.iterations ?? 20),
    "-w",
    String(options.warmupIterations ?? 5),
    "-c",
    String(options.check ?? 1),
    "-d",
    options.dataType ?? "float",
    ...(options.extraArgs ?? []),
  ];
  if (options.launcher === undefined) return { program: path, args: toolArgs };
  return { program: options.launcher.program, args: [...options.launcher.args, path, ...toolArgs] };
}

/**
 * Runs an nccl-tests binary, parses its output and returns the report with one benchmark result per size.
 * A non-zero exit, a timeout, wrong values or a failed out-of-bounds check all give failures, not numbers.
 *
 * @param options - what to run
 * @param commandOptions - timeout (default 600 s), env (e.g. `NCCL_DEBUG`)
 * @returns the parsed report and results
 * @throws AifError `UNSUPPORTED` when the binary is missing; `EXTERNAL_TOOL_FAILURE` when it fails
 * @example
 * ```ts
 * // not run in tests: needs NVIDIA GPUs and a nccl-tests build
 * import { runNcclTests } from "@aifactory/bench";
 * const { results } = await runNcclTests({ collective: "all-reduce", binaryDirectory: "/opt/nccl-tests/build", gpusPerProcess: 8 });
 * ```
 * @since 0.1.0
 * @category nccl-tests
 */
export async function runNcclTests(
  options: NcclTestsOptions,
  commandOptions: RunCommandOptions = {},
): Promise<{ report: NcclTestsReport; results: BenchmarkResult[]; command: string[] }> {
  const { program, args } = buildNcclTestsCommand(options);
  const { stdout } = await runCommandOrThrow(program, args, commandOptions);
  const report = parseNcclTests(stdout, options.collective);
  return { report, results: ncclTestsToResults(report), command: [program, ...args] };
}
