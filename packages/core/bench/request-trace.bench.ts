/**
 * `pnpm --filter @aifactory/core bench`: how long the request-trace reader takes on the fuzz suite's worst
 * inputs (src/random/request-trace.fuzz.test.ts no longer bounds wall-clock time, which fails on a loaded
 * machine). Each case is timed at a size n and 10 n (median of 5 calls): linear work gives a ratio near 10,
 * super-linear backtracking 100 or more. The fuzz suite's old bound was 1000 ms per call at ~100 KB.
 */
import { parseRequestTrace, type RequestTraceFormat } from "../src/index";

const REPEATS = 5;

const round = <T extends Record<string, number>>(row: T): T =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v.toPrecision(3))])) as T;

function medianMs(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const start = performance.now();
    try {
      run();
    } catch {
      // A typed rejection of hostile input is a result too; its time counts.
    }
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)] ?? Number.NaN;
}

const cases: Array<{ name: string; format?: RequestTraceFormat; input: (n: number) => string }> = [
  {
    name: "mooncake: one JSONL line of n characters",
    format: "mooncake",
    input: (n) => `{"timestamp": 0, "input_length": 10, "output_length": 5, "hash_ids": [${"1,".repeat(n / 2)}1]}\n`,
  },
  {
    name: "azure CSV: one row of n digits",
    format: "azure-csv",
    input: (n) => `TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,${"9".repeat(n)},5\n`,
  },
  {
    name: "aif JSONL: one line of n characters",
    format: "aif-jsonl",
    input: (n) => `{"arrivalSeconds": 0, "inputTokens": 10, "outputTokens": 5, "x": "${"y".repeat(n)}"}\n`,
  },
  { name: "detected layout: one line of n '{' characters", input: (n) => `${"{".repeat(n)}\n` },
  { name: "detected layout: n short lines", input: (n) => "0,1,1\n".repeat(n / 6) },
];

const small = 10_000;
const large = 100_000;
const rows: Record<string, { msAt10k: number; msAt100k: number; ratio: number }> = {};
for (const c of cases) {
  const msAt10k = medianMs(() => parseRequestTrace(c.input(small), c.format));
  const msAt100k = medianMs(() => parseRequestTrace(c.input(large), c.format));
  rows[c.name] = round({ msAt10k, msAt100k, ratio: msAt100k / msAt10k });
}
console.log(`request-trace reader on its worst inputs (median of ${REPEATS} calls; linear work: ratio near 10):`);
console.table(rows);
const worst = Math.max(...Object.values(rows).map((r) => r.msAt100k));
console.log(`slowest call at 100 KB: ${worst.toFixed(1)} ms (the fuzz suite's old bound: 1000 ms)`);
