/**
 * Kernel-table benchmark: what the measured-kernel layer costs the models, as ratios against the analytic path
 * run in the same process.
 *
 * - The training search on the GPT-3 175B x 4,096 A100 space with `kernels: "builtin"` vs `"none"` (the target:
 *   at or above 1M configurations/s with the tables).
 * - One serving estimate (`estimateServingResolved`, terms and hardware resolved once, as searches call it) for a
 *   dense and a MoE model on H200, tables vs analytic (the target: under 50 µs with the tables).
 *
 * Run: `pnpm --filter @aifactory/workloads bench` (or `tsx bench/kernels.bench.ts`).
 */
import { loadavg } from "node:os";
import {
  DEFAULT_INFERENCE_EFFICIENCY,
  type KernelTablesOption,
  resolveAccelerator,
  resolveServingArchitecture,
  searchTrainingConfigs,
  servingConfigSchema,
} from "../src/index";
import { estimateServingResolved, servingHardware, servingTerms } from "../src/internal";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function searchRate(kernels: KernelTablesOption): { rate: number; evaluated: number } {
  const input = {
    architecture: "gpt-3-175b",
    accelerator: "nvidia-a100-sxm-80gb",
    acceleratorCount: 4096,
    globalBatch: 1536,
    sequenceTokens: 2048,
    top: 10,
    kernels,
  };
  for (let i = 0; i < 3; i += 1) searchTrainingConfigs(input);
  const rates: number[] = [];
  let evaluated = 0;
  for (let i = 0; i < 7; i += 1) {
    const result = searchTrainingConfigs(input);
    evaluated = result.evaluatedCount;
    rates.push((result.evaluatedCount / result.elapsedMs) * 1000);
  }
  return { rate: median(rates), evaluated };
}

function servingMicroseconds(model: string, config: Record<string, unknown>, kernels: KernelTablesOption): number {
  const parsed = servingConfigSchema.parse(config);
  const terms = servingTerms(resolveServingArchitecture(model), parsed.weights, parsed.kv);
  const hw = servingHardware(
    resolveAccelerator("nvidia-h200-sxm"),
    DEFAULT_INFERENCE_EFFICIENCY,
    parsed.weights,
    kernels,
  );
  for (let i = 0; i < 2000; i += 1) estimateServingResolved(terms, hw, parsed, DEFAULT_INFERENCE_EFFICIENCY);
  const samples: number[] = [];
  for (let s = 0; s < 9; s += 1) {
    const started = performance.now();
    for (let i = 0; i < 2000; i += 1) estimateServingResolved(terms, hw, parsed, DEFAULT_INFERENCE_EFFICIENCY);
    samples.push(((performance.now() - started) / 2000) * 1000);
  }
  return median(samples);
}

const analyticSearch = searchRate("none");
const tableSearch = searchRate("builtin");
const dense = { tp: 1, weights: "fp8", kv: "fp8", inputTokens: 1000, outputTokens: 1000, concurrency: 256 };
const moe = {
  tp: 8,
  ep: 8,
  attentionDp: true,
  weights: "fp8",
  kv: "fp8",
  inputTokens: 1000,
  outputTokens: 1000,
  concurrency: 1024,
};
const rows = [
  {
    case: "training search, GPT-3 175B x 4,096 A100",
    analytic: `${Math.round(analyticSearch.rate).toLocaleString("en-US")} configs/s`,
    tables: `${Math.round(tableSearch.rate).toLocaleString("en-US")} configs/s`,
    "tables / analytic": Number((tableSearch.rate / analyticSearch.rate).toFixed(2)),
  },
  ...[
    ["serving estimate, Llama 3.1 8B FP8 on H200", "llama-3.1-8b", dense],
    ["serving estimate, Llama 4 Maverick FP8 on 8 x H200", "llama-4-maverick", moe],
  ].map(([name, model, config]) => {
    const analytic = servingMicroseconds(model as string, config as Record<string, unknown>, "none");
    const tables = servingMicroseconds(model as string, config as Record<string, unknown>, "builtin");
    return {
      case: name as string,
      analytic: `${analytic.toFixed(1)} µs`,
      tables: `${tables.toFixed(1)} µs`,
      "tables / analytic": Number((tables / analytic).toFixed(2)),
    };
  }),
];
console.log(`kernel tables vs the analytic path (load average ${loadavg()[0]?.toFixed(2)})`);
console.table(rows);
