/**
 * Start-up benchmark of the built `aif` binary against `node -e 0` on the same machine, interleaved (one run of
 * each case per round, so load changes hit every case alike), median of the rounds. Prints the ratios and the
 * targets of issue #23: `aif --version` within 1.5x of `node -e 0`, one `aif train --json` / `aif serve --json`
 * within 2.5x. Timings are reported, never asserted (the machine is shared).
 *
 * The binary keeps V8's code cache per command group (src/bin.ts): the `aif` cases run with a cache of their
 * own, in a temporary folder, made by one untimed run of each before the rounds, as every start after a
 * command's first finds it; the `(no compile cache)` cases run with `AIF_COMPILE_CACHE=off`, as a first start.
 *
 * Run: `pnpm exec turbo run build --filter=@aifactory/cli...`, then `STARTUP_ROUNDS=7 pnpm exec tsx
 * bench/startup.bench.ts` in packages/cli.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The file the `aif` bin of package.json runs.
const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.cjs");
if (!existsSync(bin)) throw new Error(`build the CLI first: ${bin} is missing`);

const train = [bin, "--json", "train", "--model", "llama-3.1-8b", "--gpu", "nvidia-h100-sxm", "--gpus", "8"].concat([
  "--global-batch",
  "64",
  "--seq",
  "4096",
]);
const serve = [bin, "--json", "serve", "--model", "llama-3.1-8b", "--gpu", "nvidia-h100-sxm", "--isl", "1000"].concat([
  "--osl",
  "1000",
  "--concurrency",
  "64",
]);
const cacheFolder = mkdtempSync(join(tmpdir(), "aif-startup-bench-"));
const noCache = { AIF_COMPILE_CACHE: "off" };

/** Each case, with the target as a multiple of `node -e 0` where it sets one. */
const cases: { name: string; args: string[]; target?: number; env?: Record<string, string> }[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "aif --version", args: [bin, "--version"], target: 1.5 },
  { name: "aif units list", args: [bin, "units", "list"] },
  { name: "aif train --json", target: 2.5, args: train },
  { name: "aif serve --json", target: 2.5, args: serve },
  { name: "aif train --json (no compile cache)", args: train, env: noCache },
  { name: "aif serve --json (no compile cache)", args: serve, env: noCache },
  // dist/bin.js, the launcher's former path, still works: it loads dist/bin.cjs through the ES module loader.
  { name: "aif serve --json via dist/bin.js", args: [join(dirname(bin), "bin.js"), ...serve.slice(1)] },
];
const rounds = Number(process.env.STARTUP_ROUNDS ?? 9);
const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
const run = (c: (typeof cases)[number]) =>
  spawnSync(process.execPath, c.args, {
    encoding: "utf8",
    env: { ...process.env, AIF_COMPILE_CACHE: cacheFolder, ...c.env },
  });
for (const c of cases) run(c);
for (let round = 0; round < rounds; round++) {
  for (const c of cases) {
    const started = performance.now();
    const result = run(c);
    const elapsed = performance.now() - started;
    if (result.status !== 0) throw new Error(`${c.name} failed: ${result.stderr}`);
    times.get(c.name)?.push(elapsed);
  }
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const baseline = median(times.get("node -e 0") ?? []);
const rows = cases.map((c) => {
  const ms = median(times.get(c.name) ?? []);
  const ratio = ms / baseline;
  return {
    case: c.name,
    "median ms": Number(ms.toFixed(1)),
    "x node -e 0": Number(ratio.toFixed(2)),
    target: c.target === undefined ? "" : `<= ${c.target}x`,
    met: c.target === undefined ? "" : ratio <= c.target ? "yes" : "no",
  };
});
console.log(
  `aif start-up, median of ${rounds} interleaved rounds; ${cpus()[0]?.model ?? "unknown CPU"}, ` +
    `${availableParallelism()} cores, Node ${process.version}, load average ${loadavg()[0]?.toFixed(2)}`,
);
console.table(rows);
rmSync(cacheFolder, { recursive: true, force: true });
