#!/usr/bin/env node
// `pnpm start`: the main job. Builds and serves the reference planner app on 127.0.0.1 with its default
// scenario when the app exists; until then it shows what the `aif` CLI can do.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" };
const turbo = join(root, "node_modules/.bin/turbo");

if (existsSync(join(root, "apps/planner/index.html"))) {
  const build = spawnSync(turbo, ["run", "build", "--filter=@aifactory/planner-app...", "--output-logs=errors-only"], {
    cwd: root,
    stdio: "inherit",
    env,
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
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

const build = spawnSync(turbo, ["run", "build", "--filter=@aifactory/cli...", "--output-logs=errors-only"], {
  cwd: root,
  stdio: "inherit",
  env,
});
if (build.status !== 0) process.exit(build.status ?? 1);
const bin = join(root, "packages/cli/dist/bin.js");
const tour = [["--help"], ["units", "convert", "80", "GiB", "GB"]];
for (const args of tour) {
  console.log(`\n$ aif ${args.join(" ")}`);
  spawnSync(process.execPath, [bin, ...args], { stdio: "inherit" });
}
