import { spawn } from "node:child_process";
import { AifError } from "@aifactory/core";

/**
 * Options of {@link runCommand}.
 *
 * @example
 * ```ts
 * import type { RunCommandOptions } from "@aifactory/bench";
 * const options: RunCommandOptions = { timeoutSeconds: 60, env: { CUDA_VISIBLE_DEVICES: "0" }, maxOutputBytes: 1 << 20 };
 * ```
 * @since 0.1.0
 * @category Runners
 */
export interface RunCommandOptions {
  /** Kill the process after this many seconds; default 600. */
  timeoutSeconds?: number;
  /** Extra environment variables (merged over `process.env`). */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
  /** Cap on captured stdout/stderr, bytes each; default 64 MiB. */
  maxOutputBytes?: number;
  /** Called with each stdout chunk as it arrives (telemetry, progress). */
  onStdout?: (chunk: string) => void;
  /** An abort signal that kills the process. */
  signal?: AbortSignal;
}

/**
 * What a finished command produced.
 *
 * @example
 * ```ts
 * import type { RunCommandResult } from "@aifactory/bench";
 * const succeeded = (result: RunCommandResult) => result.exitCode === 0 && !result.timedOut;
 * ```
 * @since 0.1.0
 * @category Runners
 */
export interface RunCommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationSeconds: number;
  timedOut: boolean;
}

/**
 * Runs an external program with an argument array (never through a shell, so no quoting or injection issues)
 * and a timeout, capturing its output. A missing program is an `UNSUPPORTED` error; a non-zero exit is not
 * thrown here: callers decide (see {@link runCommandOrThrow}).
 *
 * @param program - executable name or path (`nvidia-smi`, `./build/all_reduce_perf`)
 * @param args - arguments, one element each
 * @param options - timeout, env, cwd
 * @returns exit code, output and duration
 * @throws AifError `UNSUPPORTED` when the program does not exist
 * @example
 * ```ts
 * import { runCommand } from "@aifactory/bench";
 * // e.g. runCommand("nvidia-smi", ["-L"], { timeoutSeconds: 10 }); here a program every machine has:
 * const { exitCode, stdout } = await runCommand(process.execPath, ["--version"], { timeoutSeconds: 10 });
 * exitCode; // 0
 * stdout.startsWith("v"); // true
 * ```
 * @since 0.1.0
 * @category Runners
 */
export function runCommand(
  program: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<RunCommandResult> {
  const timeoutMs = (options.timeoutSeconds ?? 600) * 1000;
  const maxBytes = options.maxOutputBytes ?? 64 * 1024 * 1024;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...args], {
      shell: false,
      cwd: options.cwd,
      env: options.env === undefined ? process.env : { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (stdout.length < maxBytes) stdout += chunk;
      options.onStdout?.(chunk);
    });
    child.stderr.on("data", (chunk: string) => {
      if (stderr.length < maxBytes) stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const onAbort = (): void => {
      child.kill("SIGTERM");
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (error.code === "ENOENT") {
        reject(
          new AifError("UNSUPPORTED", `program "${program}" was not found`, {
            hint: `install ${program} or put it on PATH, or pass its full path`,
            cause: error,
          }),
        );
      } else {
        reject(
          new AifError("EXTERNAL_TOOL_FAILURE", `could not start "${program}": ${error.message}`, { cause: error }),
        );
      }
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      resolve({ exitCode, signal, stdout, stderr, timedOut, durationSeconds: (performance.now() - started) / 1000 });
    });
  });
}

/**
 * {@link runCommand}, but a timeout or a non-zero exit is an `EXTERNAL_TOOL_FAILURE` error carrying the tail of
 * stderr: a tool that failed produces no numbers.
 *
 * @param program - executable
 * @param args - argument array
 * @param options - see {@link RunCommandOptions}
 * @returns the result of a successful run
 * @throws AifError `EXTERNAL_TOOL_FAILURE` or `UNSUPPORTED`
 * @example
 * ```ts
 * import { runCommandOrThrow } from "@aifactory/bench";
 * // e.g. runCommandOrThrow("nvbandwidth", ["-t", "device_local_copy"]); here a program every machine has:
 * const { stdout } = await runCommandOrThrow(process.execPath, ["-e", "console.log(6 * 7)"]);
 * stdout.trim(); // "42"
 * ```
 * @since 0.1.0
 * @category Runners
 */
export async function runCommandOrThrow(
  program: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<RunCommandResult> {
  const result = await runCommand(program, args, options);
  if (result.timedOut) {
    throw new AifError("EXTERNAL_TOOL_FAILURE", `"${program}" timed out after ${options.timeoutSeconds ?? 600} s`, {
      hint: "raise the timeout or reduce the problem size",
      details: { stderrTail: result.stderr.slice(-2000) },
    });
  }
  if (result.exitCode !== 0) {
    throw new AifError(
      "EXTERNAL_TOOL_FAILURE",
      `"${program} ${args.join(" ")}" exited with code ${String(result.exitCode ?? result.signal)}`,
      { hint: "read the tool's stderr in details.stderrTail", details: { stderrTail: result.stderr.slice(-2000) } },
    );
  }
  return result;
}
