/**
 * Start-up benchmark of the built `aif` binary against `node -e 0` on the same machine, interleaved (one run of
 * each case per round, so load changes hit every case alike), median of the rounds. Prints the ratios and the
 * targets of issue #23: `aif --version` within 1.5x of `node -e 0`, one `aif train --json` / `aif serve --json`
 * within 2.5x. Timings are reported, never asserted (the machine is shared).
 *
 * Run: `pnpm exec turbo run build --filter=@aifactory/cli...`, then `STARTUP_ROUNDS=7 pnpm exec tsx
 * bench/startup.bench.ts` in packages/cli.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");
if (!existsSync(bin)) throw new Error(`build the CLI first: ${bin} is missing`);

/** Each case, with the target as a multiple of `node -e 0` where it sets one. */
const cases: { name: string; args: string[]; target?: number }[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "aif --version", args: [bin, "--version"], target: 1.5 },
  { name: "aif units list", args: [bin, "units", "list"] },
  {
    name: "aif train --json",
    target: 2.5,
    args: [bin, "--json", "train", "--model", "llama-3.1-8b", "--gpu", "nvidia-h100-sxm", "--gpus", "8"].concat([
      "--global-batch",
      "64",
      "--seq",
      "4096",
    ]),
  },
  {
    name: "aif serve --json",
    target: 2.5,
    args: [bin, "--json", "serve", "--model", "llama-3.1-8b", "--gpu", "nvidia-h100-sxm", "--isl", "1000"].concat([
      "--osl",
      "1000",
      "--concurrency",
      "64",
    ]),
  },
];
const rounds = Number(process.env.STARTUP_ROUNDS ?? 9);
const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (let round = 0; round < rounds; round++) {
  for (const c of cases) {
    const started = performance.now();
    const result = spawnSync(process.execPath, c.args, { encoding: "utf8" });
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
