#!/usr/bin/env node
// `pnpm start`: the main job. Builds and serves the reference planner app on 127.0.0.1 with its default
// scenario when the app exists; until then it shows what the `aif` CLI can do. While the build runs (about 80 s
// on a fresh clone, a second or two when turbo's cache has it), stderr shows which package is building and for
// how long: a status line on a terminal, one plain line otherwise.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildWithProgress, failureOutput } from "./build-progress.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" };

async function build(filter, what, firstRunSeconds) {
  const result = await buildWithProgress({
    root,
    filter,
    label: `building ${what}`,
    plainLine: `building ${what} (first run: about ${firstRunSeconds} s)...`,
    env,
    summary: true,
  });
  if (!result.ok) {
    process.stderr.write(`${failureOutput(result.output)}\n`);
    process.stderr.write(`error: building ${what} failed (above)\n`);
    process.exit(result.status || 1);
  }
}

if (existsSync(join(root, "apps/planner/index.html"))) {
  await build("@aifactory/planner-app...", "the planner app and its packages", 80);
  const port = process.env.PORT ?? "4173";
  console.log(`\naifactory planner: http://127.0.0.1:${port}/  (Ctrl+C to stop)\n`);
  const serve = spawnSync(
    join(root, "apps/planner/node_modules/.bin/vite"),
    ["preview", "--host", "127.0.0.1", "--port", port, "--strictPort"],
    {
      cwd: join(root, "apps/planner"),
      stdio: "inherit",
      env,
    },
  );
  process.exit(serve.status ?? 0);
}

await build("@aifactory/cli...", "the CLI", 35);
const bin = join(root, "packages/cli/dist/bin.js");
const tour = [["--help"], ["units", "convert", "80", "GiB", "GB"]];
for (const args of tour) {
  console.log(`\n$ aif ${args.join(" ")}`);
  spawnSync(process.execPath, [bin, ...args], { stdio: "inherit" });
}
