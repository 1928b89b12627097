#!/usr/bin/env node
// `pnpm --silent aif <args>`: builds the CLI and what it depends on (quietly, cached by turbo), then runs it.
// Build output goes to a log file; it is shown only if the build fails, so stdout stays the CLI's own.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
mkdirSync(join(root, ".artifacts"), { recursive: true });
const log = join(root, ".artifacts", "aif-build.log");
const build = spawnSync(
  "sh",
  [
    "-c",
    `"${join(root, "node_modules/.bin/turbo")}" run build --filter=@aifactory/cli... --output-logs=errors-only > "${log}" 2>&1`,
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" },
  },
);
if (build.status !== 0) {
  process.stderr.write(readFileSync(log, "utf8"));
  process.stderr.write("error: building the CLI failed (log above)\n");
  process.exit(1);
}
const run = spawnSync(process.execPath, [join(root, "packages/cli/dist/bin.js"), ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(run.status ?? 1);
