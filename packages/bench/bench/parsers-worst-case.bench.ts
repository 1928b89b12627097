/**
 * `pnpm --filter @aifactory/bench bench`: how long the benchmark-output parsers take on the fuzz suite's worst
 * inputs (src/parsers/fuzz.test.ts no longer bounds wall-clock time, which fails on a loaded machine). Each case
 * is timed at a size n and 10 n (median of 5 calls): linear work gives a ratio near 10, super-linear
 * backtracking 100 or more. The fuzz suite's old bound was 1000 ms per call at ~100 KB.
 */
import {
  parseMllog,
  parseNcclTests,
  parseNvbandwidth,
  parseNvidiaSmiCsv,
  parseTelemetryCsv,
  readSseData,
} from "../src/index";

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

async function medianMsAsync(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const start = performance.now();
    try {
      await run();
    } catch {
      // as above
    }
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)] ?? Number.NaN;
}

const cases: Array<{ name: string; input: (n: number) => string; parse: (text: string) => unknown }> = [
  {
    name: "nvbandwidth: device line of n ' (' pairs",
    input: (n) => `Device 0: x${" (".repeat(n)}\nRunning t.\nd\n 0\n 0 1.5\n`,
    parse: parseNvbandwidth,
  },
  {
    name: "nvbandwidth: one line of n digits",
    input: (n) => `Running t.\nd\n 0\n 0 ${"9".repeat(n)}\n`,
    parse: parseNvbandwidth,
  },
  {
    name: "nccl-tests: one row of n characters",
    input: (n) => `#  size count type redop root time algbw busbw #wrong\n ${"8 ".repeat(n / 2)}\n`,
    parse: (text) => parseNcclTests(text),
  },
  {
    name: "nvidia-smi CSV: one field of n characters",
    input: (n) => `index, name\n0, ${"x,".repeat(n / 2)}\n`,
    parse: (text) => parseNvidiaSmiCsv(text),
  },
  {
    name: "nvidia-smi telemetry: one line of n characters",
    input: (n) => `2026/11/25 10:00:00.000, 0, ${"1".repeat(n)}.00, 1980\n`,
    parse: (text) => parseTelemetryCsv(text),
  },
  {
    name: "mllog: one :::MLLOG line of n characters",
    input: (n) => `:::MLLOG {"key": "${"k".repeat(n)}", "value": 1, "time_ms": 1}\n`,
    parse: parseMllog,
  },
];

async function sseMs(n: number): Promise<number> {
  const bytes = new TextEncoder().encode(`data: ${"x".repeat(n)}\n\n`);
  return medianMsAsync(async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    for await (const _ of readSseData(body)) {
      // drain
    }
  });
}

async function main(): Promise<void> {
  const small = 10_000;
  const large = 100_000;
  const rows: Record<string, { msAt10k: number; msAt100k: number; ratio: number }> = {};
  for (const c of cases) {
    const msAt10k = medianMs(() => c.parse(c.input(small)));
    const msAt100k = medianMs(() => c.parse(c.input(large)));
    rows[c.name] = round({ msAt10k, msAt100k, ratio: msAt100k / msAt10k });
  }
  const sseSmall = await sseMs(small);
  const sseLarge = await sseMs(large);
  rows["SSE reader: one data line of n characters"] = round({
    msAt10k: sseSmall,
    msAt100k: sseLarge,
    ratio: sseLarge / sseSmall,
  });
  console.log(`parsers on their worst inputs (median of ${REPEATS} calls; linear work: ratio near 10):`);
  console.table(rows);
  const worst = Math.max(...Object.values(rows).map((r) => r.msAt100k));
  console.log(`slowest call at 100 KB: ${worst.toFixed(1)} ms (the fuzz suite's old bound: 1000 ms)`);
}

await main();
