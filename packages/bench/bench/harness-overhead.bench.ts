/**
 * `pnpm --filter @aifactory/bench bench`: measures this harness against mitata and tinybench in one process,
 * as ratios (per-iteration time reported for a no-op; lower is less overhead), and the coefficient of
 * variation of a stable CPU kernel. Needs the devDependencies mitata and tinybench.
 */
import { cpuSuite, defineBenchmark, median, medianAbsoluteDeviation, runBenchmark } from "../src/index";

interface Row {
  tool: string;
  noopNsPerIteration: number;
}

async function measureOurs(): Promise<number> {
  let sink = 0;
  const result = await runBenchmark(
    defineBenchmark({
      id: "noop",
      run: () => {
        sink += 1;
      },
    }),
    { sampling: { timeBudgetSeconds: 1, minSampleSeconds: 0.001, targetRelativeCiHalfWidth: 0.005 } },
  );
  if (result.summary === undefined || sink === 0) throw new Error(`no-op benchmark failed: ${result.failure?.message}`);
  return result.summary.median * 1e9;
}

async function measureMitata(): Promise<number> {
  const { measure } = await import("mitata");
  let sink = 0;
  const stats = await measure(() => {
    sink += 1;
  });
  if (sink === 0) throw new Error("mitata ran nothing");
  return stats.p50;
}

async function measureTinybench(): Promise<number> {
  const { Bench } = await import("tinybench");
  let sink = 0;
  const bench = new Bench({ time: 1000 });
  bench.add("noop", () => {
    sink += 1;
  });
  await bench.run();
  const result = bench.tasks[0]?.result as { latency?: { p50: number } } | undefined;
  if (result?.latency === undefined || sink === 0) throw new Error("tinybench ran nothing");
  return result.latency.p50 * 1e6;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  // Interleave twice so that JIT warm-up and frequency changes do not favour whichever runs last.
  for (let round = 0; round < 2; round += 1) {
    rows.push({ tool: "aifactory", noopNsPerIteration: await measureOurs() });
    rows.push({ tool: "mitata", noopNsPerIteration: await measureMitata() });
    rows.push({ tool: "tinybench", noopNsPerIteration: await measureTinybench() });
  }
  const best = (tool: string) => Math.min(...rows.filter((r) => r.tool === tool).map((r) => r.noopNsPerIteration));
  const ours = best("aifactory");
  const mitata = best("mitata");
  const tinybench = best("tinybench");
  console.log("no-op per-iteration time (best of 2 rounds, ns):");
  console.table({ aifactory: ours, mitata, tinybench });
  const ratioMitata = ours / mitata;
  const ratioTinybench = ours / tinybench;
  console.log(`ratio aifactory / mitata    = ${ratioMitata.toFixed(3)}`);
  console.log(`ratio aifactory / tinybench = ${ratioTinybench.toFixed(3)}`);

  const cvRows: Array<{
    benchmark: string;
    samples: number;
    cvPercent: number;
    robustCvPercent: number;
    stop: string;
  }> = [];
  for (const benchmark of cpuSuite.benchmarks) {
    const result = await runBenchmark(benchmark, { suite: "cpu", sampling: { timeBudgetSeconds: 3 } });
    if (result.summary === undefined) throw new Error(`${benchmark.id} failed: ${result.failure?.message}`);
    cvRows.push({
      benchmark: benchmark.id,
      samples: result.samplesSeconds.length,
      cvPercent: result.summary.coefficientOfVariation * 100,
      // 1.4826 x MAD / median: the CV a normal distribution would have, insensitive to preemption outliers.
      robustCvPercent:
        ((1.4826 * medianAbsoluteDeviation(result.samplesSeconds)) / median(result.samplesSeconds)) * 100,
      stop: result.stopReason,
    });
  }
  console.log("coefficient of variation of the CPU suite's samples:");
  console.table(cvRows);
  // One-percent tolerance on the ratio absorbs timer noise at sub-nanosecond per-iteration times.
  const overheadOk = ratioMitata <= 1.01 && ratioTinybench <= 1.01;
  const cvOk = cvRows.some((r) => r.benchmark === "matmul" && r.cvPercent <= 2);
  const robustCvOk = cvRows.some((r) => r.benchmark === "matmul" && r.robustCvPercent <= 2);
  console.log(`overhead no worse than mitata and tinybench: ${overheadOk ? "yes" : "NO"}`);
  console.log(`CV <= 2 % on the stable CPU kernel (matmul): ${cvOk ? "yes" : "NO"}`);
  console.log(`robust CV <= 2 % on the stable CPU kernel (matmul): ${robustCvOk ? "yes" : "NO"}`);
}

await main();
