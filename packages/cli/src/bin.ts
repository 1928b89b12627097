#!/usr/bin/env node
import packageJson from "../package.json" with { type: "json" };

const argv = process.argv.slice(2);
// A reader that closes the pipe early (`aif hw list --json | head -1`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
// `aif --version` answers before anything else is loaded.
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`${packageJson.version}\n`);
} else {
  const [{ runCliWith }, { lazyRegistrar }] = await Promise.all([import("./run-core"), import("./commands/lazy")]);
  // `--pack <file>` takes a value: it must not be read as the command name.
  const commandWords = argv.filter((arg, index) => arg !== "--pack" && argv[index - 1] !== "--pack");
  const result = await runCliWith(argv, packageJson.version, lazyRegistrar(commandWords), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: Boolean(process.stderr.isTTY),
  });
  process.exitCode = result.exitCode;
}
