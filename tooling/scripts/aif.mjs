#!/usr/bin/env node
// `pnpm --silent aif <args>`: builds the CLI and what it depends on (quietly, cached by turbo), then runs it.
// Build output goes to a log file; it is shown only if the build fails, so stdout stays the CLI's own. While a
// build runs on a terminal, one status line on stderr says which package is building and for how long; off a
// terminal (scripts, `--json` consumers) nothing is printed unless the build fails.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildWithProgress, failureOutput } from "./build-progress.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
mkdirSync(join(root, ".artifacts"), { recursive: true });
const log = join(root, ".artifacts", "aif-build.log");
const build = await buildWithProgress({
  root,
  filter: "@aifactory/cli...",
  label: "building the CLI",
  logFile: log,
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" },
});
if (!build.ok) {
  process.stderr.write(`${failureOutput(build.output)}\n`);
  process.stderr.write(`error: building the CLI failed (above; whole log: ${log})\n`);
  process.exit(1);
}
const run = spawnSync(process.execPath, [join(root, "packages/cli/dist/bin.js"), ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(run.status ?? 1);
