import { config } from "zod";

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
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // A getter: making process.stderr costs a start 3-4 ms of CPU when it is a pipe, and a command that shows no
    // progress and no error never needs it.
    get stderrIsTty() {
      return Boolean(process.stderr.isTTY);
    },
  });
  return result.exitCode;
}
