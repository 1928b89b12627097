import { writeSync } from "node:fs";
import { config } from "zod";

/** Set once stdout's output goes through `process.stdout` (see {@link writeStdout}). */
let stdoutStream = false;

/**
 * Writes on stdout with `fs.writeSync` (all of it, in order) instead of making `process.stdout`: for a pipe that
 * stream costs a start the net module (about 6 ms of CPU, 10 ms of wall time here), and nothing else in the CLI
 * writes on stdout. A reader that closed the pipe ends the process quietly, as the stream's EPIPE handler does
 * (src/bin.ts); a non-blocking descriptor that is full (EAGAIN) hands the rest, and all later output, to
 * `process.stdout`, which waits for it.
 */
function writeStdout(text: string): void {
  if (stdoutStream) {
    process.stdout.write(text);
    return;
  }
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(1, bytes, offset, bytes.length - offset);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EPIPE") process.exit(process.exitCode ?? 0);
    if (code !== "EAGAIN") throw error;
    stdoutStream = true;
    process.stdout.write(bytes.subarray(offset));
  }
}

/**
 * The `aif` binary's work after `--version`: registers the command group the arguments name, runs it on the
 * process's streams and returns the exit code. The build bundles this file and everything it loads into one
 * CommonJS file (`dist/bin-main.cjs`), which `dist/bin.cjs` compiles with V8's code cache (see
 * packages/cli/README.md, "Start-up"); library users call `runCli` instead.
 *
 * @param argv - the arguments after the program name
 * @param version - the version `aif --version` prints
 * @returns the process exit code: 0 success, 1 failure while working, 2 bad input
 * @example
 * ```ts
 * // not run in tests: writes to the process's stdout and stderr
 * import { main } from "./bin-main";
 * process.exitCode = await main(["units", "list"], "0.1.0");
 * ```
 * @since 0.1.0
 * @category CLI
 */
export async function main(argv: readonly string[], version: string): Promise<number> {
  // zod compiles a specialised parser (`new Function`) for each object schema on its first parse: a gain for a
  // server that parses the same shape many times, a loss for a process that parses each input once. Results are
  // the same. It must be set before the packages build their schemas, hence the dynamic imports below.
  config({ jitless: true });
  const [{ runCliWith }, { lazyRegistrar }] = await Promise.all([import("./run-core"), import("./commands/lazy")]);
  // `--pack <file>` takes a value: it must not be read as the command name.
  const commandWords = argv.filter((arg, index) => arg !== "--pack" && argv[index - 1] !== "--pack");
  const result = await runCliWith(argv, version, lazyRegistrar(commandWords), {
    stdout: writeStdout,
    stderr: (text) => process.stderr.write(text),
    // A getter: making process.stderr costs a start 3-4 ms of CPU when it is a pipe, and a command that shows no
    // progress and no error never needs it.
    get stderrIsTty() {
      return Boolean(process.stderr.isTTY);
    },
  });
  return result.exitCode;
}
