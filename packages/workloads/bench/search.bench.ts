/**
 * Search benchmark: configurations per second of `searchTrainingConfigs` on the two reference spaces, against a
 * naive baseline run in the same process (every configuration built as an object and sent through the public,
 * validating `estimateTrainingStep`, the way a straightforward implementation or Calculon's loop does it).
 *
 * A second baseline times the public `estimateTrainingStep` on valid configurations only (no exceptions), so
 * the ratio is not inflated by the cost of rejecting invalid points.
 *
 * Run: `pnpm --filter @aifactory/workloads bench` (or `tsx bench/search.bench.ts`).
 */
import {
  type AcceleratorSpec,
  estimateTrainingStep,
  getArchitecture,
  searchTrainingConfigs,
  type TrainingConfigInput,
} from "../src/index";

const A100: AcceleratorSpec = {
  id: "nvidia-a100-sxm-80gb",
  denseTflops: { bf16: 312, fp16: 312 },
  memoryGB: 80,
  memoryBandwidthGBps: 2039,
  scaleUp: { bandwidthGBpsPerDirection: 300, scaleUpDomainSize: 8 },
  scaleOutGbitpsPerAccelerator: 200,
};
const H100: AcceleratorSpec = {
  id: "nvidia-h100-sxm",
  denseTflops: { bf16: 989, fp16: 989, fp8: 1979 },
  memoryGB: 80,
  memoryBandwidthGBps: 3350,
  scaleUp: { bandwidthGBpsPerDirection: 450, scaleUpDomainSize: 8 },
  scaleOutGbitpsPerAccelerator: 400,
};

interface Case {
  name: string;
  architecture: string;
  accelerator: AcceleratorSpec;
  acceleratorCount: number;
  globalBatch: number;
  sequenceTokens: number;
}

const CASES: Case[] = [
  {
    name: "GPT-3 175B x 4,096 A100",
    architecture: "gpt-3-175b",
    accelerator: A100,
    acceleratorCount: 4096,
    globalBatch: 1536,
    sequenceTokens: 2048,
  },
  {
    name: "Llama 3.1 405B x 16,384 H100",
    architecture: "llama-3.1-405b",
    accelerator: H100,
    acceleratorCount: 16384,
    globalBatch: 2048,
    sequenceTokens: 8192,
  },
];

const CALCULON_CONFIGS_PER_SECOND = 570; // issue 4: Calculon on this 2-core machine

function divisors(n: number, max = n): number[] {
  const out: number[] = [];
  for (let d = 1; d <= Math.min(n, max); d += 1) if (n % d === 0) out.push(d);
  return out;
}

/** Naive baseline: the same space, every point built as an object and run through the validating public model. */
function naiveSearch(c: Case, budgetMs: number): { evaluated: number; elapsedMs: number } {
  const arch = getArchitecture(c.architecture);
  const started = performance.now();
  let evaluated = 0;
  let best = 0;
  const recomputes = ["none", "selective", "full"] as const;
  outer: for (const tp of divisors(c.acceleratorCount, c.accelerator.scaleUp.scaleUpDomainSize)) {
    for (const pp of divisors(c.acceleratorCount, arch.layers)) {
      for (const cp of [1, 2, 4, 8, 16]) {
        for (const mb of [1, 2, 4, 8, 16]) {
          for (const vpp of [1, 2, 3, 4, 6, 8]) {
            for (const sp of [true, false]) {
              for (const recompute of recomputes) {
                for (const zeroStage of [0, 1, 2, 3] as const) {
                  for (const dataParallel of [true, false]) {
                    for (const tensorParallel of [false, true]) {
                      const config: TrainingConfigInput = {
                        acceleratorCount: c.acceleratorCount,
                        tp,
                        pp,
                        vpp,
                        cp,
                        microBatch: mb,
                        globalBatch: c.globalBatch,
                        sequenceTokens: c.sequenceTokens,
                        sequenceParallel: sp,
                        recompute,
                        zeroStage,
                        overlap: { dataParallel, tensorParallel },
                      };
                      try {
                        const r = estimateTrainingStep({ architecture: arch, accelerator: c.accelerator, config });
                        evaluated += 1;
                        if (r.memory.fits && r.tokensPerSecond > best) best = r.tokensPerSecond;
                      } catch {
                        // invalid point: skipped, as the fast search skips it
                      }
                      if (performance.now() - started > budgetMs) break outer;
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return { evaluated, elapsedMs: performance.now() - started };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

interface Measured {
  c: Case;
  evaluated: number;
  fastMs: number;
  bestMfu: number;
  configs: TrainingConfigInput[];
}

/** Public-API rate on valid points only: estimateTrainingStep (parse, validate, full breakdown) per config. */
function publicApiRate(c: Case, configs: TrainingConfigInput[], budgetMs: number): number {
  const arch = getArchitecture(c.architecture);
  const started = performance.now();
  let evaluated = 0;
  while (performance.now() - started < budgetMs) {
    for (const config of configs) {
      estimateTrainingStep({ architecture: arch, accelerator: c.accelerator, config });
      evaluated += 1;
    }
  }
  return (evaluated / (performance.now() - started)) * 1000;
}

// Fast searches first (all cases), then the naive baseline, so that neither perturbs the other's JIT state.
const measured: Measured[] = CASES.map((c) => {
  const input = {
    architecture: c.architecture,
    accelerator: c.accelerator,
    acceleratorCount: c.acceleratorCount,
    globalBatch: c.globalBatch,
    sequenceTokens: c.sequenceTokens,
    top: 10,
  };
  for (let i = 0; i < 3; i += 1) searchTrainingConfigs(input); // warm-up (JIT)
  const times: number[] = [];
  let evaluated = 0;
  let bestMfu = 0;
  let configs: TrainingConfigInput[] = [];
  for (let i = 0; i < 9; i += 1) {
    const result = searchTrainingConfigs(input);
    times.push(result.elapsedMs);
    evaluated = result.evaluatedCount;
    bestMfu = result.results[0]?.mfuRatio ?? 0;
    configs = result.results.map((r) => r.config);
  }
  return { c, evaluated, fastMs: median(times), bestMfu, configs };
});

const rows = measured.map(({ c, evaluated, fastMs, bestMfu, configs }) => {
  const fastRate = (evaluated / fastMs) * 1000;
  naiveSearch(c, 300); // warm-up
  const naive = naiveSearch(c, 3000);
  const naiveRate = (naive.evaluated / naive.elapsedMs) * 1000;
  publicApiRate(c, configs, 200); // warm-up
  const apiRate = publicApiRate(c, configs, 1500);
  return {
    case: c.name,
    evaluated,
    "full search ms (median of 9)": Number(fastMs.toFixed(1)),
    "configs/s": Math.round(fastRate),
    "naive configs/s": Math.round(naiveRate),
    "x naive": Number((fastRate / naiveRate).toFixed(1)),
    "estimateTrainingStep/s (valid only)": Math.round(apiRate),
    "x per-config API": Number((fastRate / apiRate).toFixed(1)),
    "x Calculon (570/s)": Math.round(fastRate / CALCULON_CONFIGS_PER_SECOND),
    "best MFU": Number(bestMfu.toFixed(3)),
  };
});
console.table(rows);
