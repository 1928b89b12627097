/**
 * Start-up benchmark of the built `aif` binary against `node -e 0` on the same machine, interleaved (one run of
 * each case per round, so load changes hit every case alike), median of the rounds. Prints the ratios the
 * first-hour issue asks for: `aif --version` within 1.5x of `node -e 0`, one `aif train` / `aif serve --json`
 * within 2.5x.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");
if (!existsSync(bin)) throw new Error(`build the CLI first: ${bin} is missing`);

const cases: { name: string; args: string[] }[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "aif --version", args: [bin, "--version"] },
  { name: "aif units list", args: [bin, "units", "list"] },
  {
    name: "aif train --json",
    args: [bin, "--json", "train", "--model", "llama-3.1-8b", "--gpu", "nvidia-h100-sxm", "--gpus", "8"].concat([
      "--global-batch",
      "64",
      "--seq",
      "4096",
    ]),
  },
  {
    name: "aif serve --json",
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
  return { case: c.name, "median ms": Number(ms.toFixed(1)), "x node -e 0": Number((ms / baseline).toFixed(2)) };
});
console.log(`aif start-up, median of ${rounds} interleaved rounds; load average ${loadavg()[0]?.toFixed(2)}`);
console.table(rows);
