import type { Source } from "@aifactory/core";

/**
 * One published max-throughput serving measurement the serving model is validated against.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface ServingCalibrationRow {
  id: string;
  architectureId: string;
  acceleratorId: string;
  inputTokens: number;
  outputTokens: number;
  /** GPUs of the run (TensorRT-LLM's TP column; pipeline parallelism 1). */
  tp: number;
  /** MoE runs use expert parallelism over all GPUs with attention data-parallel (the table's notes). */
  moe: boolean;
  /** Published total output tokens/s of the run. */
  outputTokensPerSecond: number;
  /** Requests in the run's synthetic dataset (the page's `$num_requests` table for this ISL/OSL). */
  numRequests: number;
  sources: Source[];
}

/**
 * `$num_requests` per ISL/OSL from the same page's "Preparing a Dataset" table (more requests for short sequences
 * so that the run reaches a steady state).
 */
const NUM_REQUESTS: Readonly<Record<string, number>> = Object.freeze({
  "128/128": 30000,
  "128/2048": 3000,
  "128/4096": 1500,
  "1000/2000": 1500,
  "2048/128": 3000,
  "2048/2048": 1500,
  "5000/500": 1500,
  "1000/1000": 3000,
  "500/2000": 3000,
  "20000/2000": 1000,
});

const TRTLLM_SOURCE: Source = {
  title: "TensorRT-LLM documentation, Performance Overview (v1.0 era), Throughput Measurements tables",
  url: "https://github.com/NVIDIA/TensorRT-LLM/blob/00f37686aa854010d68bcbd0f4ab000221541ca6/docs/source/performance/perf-overview.md",
  publisher: "NVIDIA",
  locator:
    "Throughput Measurements tables (FP8, H100 SXM / H200 SXM; trtllm-bench, offline max load); Preparing a Dataset ($num_requests per ISL/OSL)",
  evidence: "verified",
};

function numRequestsFor(isl: number, osl: number): number {
  const n = NUM_REQUESTS[`${isl}/${osl}`];
  if (n === undefined) throw new Error(`no $num_requests entry for ISL/OSL ${isl}/${osl}`);
  return n;
}

type Compact = readonly [
  id: string,
  model: string,
  gpu: string,
  inputTokens: number,
  outputTokens: number,
  tp: number,
  tps: number,
];

// Rows of ../shared/reference/inference-runs.json (75 TensorRT-LLM rows), copied with their source.
const ROWS: readonly Compact[] = [
  ["trtllm-perf-llama-33-70b-h200-128-128", "llama-3.3-70b", "nvidia-h200-sxm", 128, 128, 1, 3803],
  ["trtllm-perf-llama-33-70b-h200-128-2048", "llama-3.3-70b", "nvidia-h200-sxm", 128, 2048, 1, 4336],
  ["trtllm-perf-llama-33-70b-h200-128-4096", "llama-3.3-70b", "nvidia-h200-sxm", 128, 4096, 1, 2872],
  ["trtllm-perf-llama-33-70b-h200-500-2000", "llama-3.3-70b", "nvidia-h200-sxm", 500, 2000, 1, 3666],
  ["trtllm-perf-llama-33-70b-h200-1000-1000", "llama-3.3-70b", "nvidia-h200-sxm", 1000, 1000, 1, 2909],
  ["trtllm-perf-llama-33-70b-h200-1000-2000", "llama-3.3-70b", "nvidia-h200-sxm", 1000, 2000, 1, 2994],
  ["trtllm-perf-llama-33-70b-h200-2048-128", "llama-3.3-70b", "nvidia-h200-sxm", 2048, 128, 1, 442],
  ["trtllm-perf-llama-33-70b-h200-2048-2048", "llama-3.3-70b", "nvidia-h200-sxm", 2048, 2048, 1, 2003],
  ["trtllm-perf-llama-33-70b-h200-5000-500", "llama-3.3-70b", "nvidia-h200-sxm", 5000, 500, 1, 566],
  ["trtllm-perf-llama-33-70b-h200-20000-2000", "llama-3.3-70b", "nvidia-h200-sxm", 20000, 2000, 1, 283],
  ["trtllm-perf-llama-33-70b-h100-128-128", "llama-3.3-70b", "nvidia-h100-sxm", 128, 128, 2, 6378],
  ["trtllm-perf-llama-33-70b-h100-128-2048", "llama-3.3-70b", "nvidia-h100-sxm", 128, 2048, 2, 6651],
  ["trtllm-perf-llama-33-70b-h100-128-4096", "llama-3.3-70b", "nvidia-h100-sxm", 128, 4096, 2, 4199],
  ["trtllm-perf-llama-33-70b-h100-500-2000", "llama-3.3-70b", "nvidia-h100-sxm", 500, 2000, 2, 5222],
  ["trtllm-perf-llama-33-70b-h100-1000-1000", "llama-3.3-70b", "nvidia-h100-sxm", 1000, 1000, 2, 4205],
  ["trtllm-perf-llama-33-70b-h100-1000-2000", "llama-3.3-70b", "nvidia-h100-sxm", 1000, 2000, 2, 4146],
  ["trtllm-perf-llama-33-70b-h100-2048-128", "llama-3.3-70b", "nvidia-h100-sxm", 2048, 128, 2, 762],
  ["trtllm-perf-llama-33-70b-h100-2048-2048", "llama-3.3-70b", "nvidia-h100-sxm", 2048, 2048, 2, 3082],
  ["trtllm-perf-llama-33-70b-h100-5000-500", "llama-3.3-70b", "nvidia-h100-sxm", 5000, 500, 2, 898],
  ["trtllm-perf-llama-33-70b-h100-20000-2000", "llama-3.3-70b", "nvidia-h100-sxm", 20000, 2000, 2, 437],
  ["trtllm-perf-llama-31-8b-h200-128-128", "llama-3.1-8b", "nvidia-h200-sxm", 128, 128, 1, 27911],
  ["trtllm-perf-llama-31-8b-h200-128-2048", "llama-3.1-8b", "nvidia-h200-sxm", 128, 2048, 1, 26221],
  ["trtllm-perf-llama-31-8b-h200-128-4096", "llama-3.1-8b", "nvidia-h200-sxm", 128, 4096, 1, 18027],
  ["trtllm-perf-llama-31-8b-h200-500-2000", "llama-3.1-8b", "nvidia-h200-sxm", 500, 2000, 1, 20770],
  ["trtllm-perf-llama-31-8b-h200-1000-1000", "llama-3.1-8b", "nvidia-h200-sxm", 1000, 1000, 1, 17744],
  ["trtllm-perf-llama-31-8b-h200-1000-2000", "llama-3.1-8b", "nvidia-h200-sxm", 1000, 2000, 1, 16828],
  ["trtllm-perf-llama-31-8b-h200-2048-128", "llama-3.1-8b", "nvidia-h200-sxm", 2048, 128, 1, 3538],
  ["trtllm-perf-llama-31-8b-h200-2048-2048", "llama-3.1-8b", "nvidia-h200-sxm", 2048, 2048, 1, 12194],
  ["trtllm-perf-llama-31-8b-h200-5000-500", "llama-3.1-8b", "nvidia-h200-sxm", 5000, 500, 1, 3902],
  ["trtllm-perf-llama-31-8b-h200-20000-2000", "llama-3.1-8b", "nvidia-h200-sxm", 20000, 2000, 1, 1804],
  ["trtllm-perf-llama-31-8b-h100-128-128", "llama-3.1-8b", "nvidia-h100-sxm", 128, 128, 1, 28312],
  ["trtllm-perf-llama-31-8b-h100-128-2048", "llama-3.1-8b", "nvidia-h100-sxm", 128, 2048, 1, 22714],
  ["trtllm-perf-llama-31-8b-h100-128-4096", "llama-3.1-8b", "nvidia-h100-sxm", 128, 4096, 1, 14325],
  ["trtllm-perf-llama-31-8b-h100-500-2000", "llama-3.1-8b", "nvidia-h100-sxm", 500, 2000, 1, 17660],
  ["trtllm-perf-llama-31-8b-h100-1000-1000", "llama-3.1-8b", "nvidia-h100-sxm", 1000, 1000, 1, 15220],
  ["trtllm-perf-llama-31-8b-h100-1000-2000", "llama-3.1-8b", "nvidia-h100-sxm", 1000, 2000, 1, 13899],
  ["trtllm-perf-llama-31-8b-h100-2048-128", "llama-3.1-8b", "nvidia-h100-sxm", 2048, 128, 1, 3450],
  ["trtllm-perf-llama-31-8b-h100-2048-2048", "llama-3.1-8b", "nvidia-h100-sxm", 2048, 2048, 1, 9305],
  ["trtllm-perf-llama-31-8b-h100-5000-500", "llama-3.1-8b", "nvidia-h100-sxm", 5000, 500, 1, 3459],
  ["trtllm-perf-llama-31-8b-h100-20000-2000", "llama-3.1-8b", "nvidia-h100-sxm", 20000, 2000, 1, 1351],
  ["trtllm-perf-llama-4-scout-h200-128-128", "llama-4-scout", "nvidia-h200-sxm", 128, 128, 4, 30354],
  ["trtllm-perf-llama-4-scout-h200-128-2048", "llama-4-scout", "nvidia-h200-sxm", 128, 2048, 4, 34316],
  ["trtllm-perf-llama-4-scout-h200-128-4096", "llama-4-scout", "nvidia-h200-sxm", 128, 4096, 4, 21332],
  ["trtllm-perf-llama-4-scout-h200-500-2000", "llama-4-scout", "nvidia-h200-sxm", 500, 2000, 4, 24630],
  ["trtllm-perf-llama-4-scout-h200-1000-1000", "llama-4-scout", "nvidia-h200-sxm", 1000, 1000, 4, 21636],
  ["trtllm-perf-llama-4-scout-h200-1000-2000", "llama-4-scout", "nvidia-h200-sxm", 1000, 2000, 4, 18499],
  ["trtllm-perf-llama-4-scout-h200-2048-128", "llama-4-scout", "nvidia-h200-sxm", 2048, 128, 4, 3699],
  ["trtllm-perf-llama-4-scout-h200-2048-2048", "llama-4-scout", "nvidia-h200-sxm", 2048, 2048, 4, 14949],
  ["trtllm-perf-llama-4-scout-h200-5000-500", "llama-4-scout", "nvidia-h200-sxm", 5000, 500, 4, 4605],
  ["trtllm-perf-llama-4-scout-h200-20000-2000", "llama-4-scout", "nvidia-h200-sxm", 20000, 2000, 4, 2105],
  ["trtllm-perf-llama-4-scout-h100-128-2048", "llama-4-scout", "nvidia-h100-sxm", 128, 2048, 4, 15130],
  ["trtllm-perf-llama-4-scout-h100-128-4096", "llama-4-scout", "nvidia-h100-sxm", 128, 4096, 4, 8603],
  ["trtllm-perf-llama-4-scout-h100-500-2000", "llama-4-scout", "nvidia-h100-sxm", 500, 2000, 4, 12399],
  ["trtllm-perf-llama-4-scout-h100-1000-1000", "llama-4-scout", "nvidia-h100-sxm", 1000, 1000, 4, 12129],
  ["trtllm-perf-llama-4-scout-h100-1000-2000", "llama-4-scout", "nvidia-h100-sxm", 1000, 2000, 4, 9838],
  ["trtllm-perf-llama-4-scout-h100-2048-128", "llama-4-scout", "nvidia-h100-sxm", 2048, 128, 4, 3253],
  ["trtllm-perf-llama-4-scout-h100-2048-2048", "llama-4-scout", "nvidia-h100-sxm", 2048, 2048, 4, 7972],
  ["trtllm-perf-llama-4-scout-h100-5000-500", "llama-4-scout", "nvidia-h100-sxm", 5000, 500, 4, 3342],
  ["trtllm-perf-llama-4-maverick-h200-128-128", "llama-4-maverick", "nvidia-h200-sxm", 128, 128, 8, 63994],
  ["trtllm-perf-llama-4-maverick-h200-128-2048", "llama-4-maverick", "nvidia-h200-sxm", 128, 2048, 8, 40572],
  ["trtllm-perf-llama-4-maverick-h200-128-4096", "llama-4-maverick", "nvidia-h200-sxm", 128, 4096, 8, 24616],
  ["trtllm-perf-llama-4-maverick-h200-500-2000", "llama-4-maverick", "nvidia-h200-sxm", 500, 2000, 8, 37835],
  ["trtllm-perf-llama-4-maverick-h200-1000-1000", "llama-4-maverick", "nvidia-h200-sxm", 1000, 1000, 8, 31782],
  ["trtllm-perf-llama-4-maverick-h200-1000-2000", "llama-4-maverick", "nvidia-h200-sxm", 1000, 2000, 8, 34734],
  ["trtllm-perf-llama-4-maverick-h200-2048-128", "llama-4-maverick", "nvidia-h200-sxm", 2048, 128, 8, 7307],
  ["trtllm-perf-llama-4-maverick-h200-2048-2048", "llama-4-maverick", "nvidia-h200-sxm", 2048, 2048, 8, 20957],
  ["trtllm-perf-llama-4-maverick-h200-5000-500", "llama-4-maverick", "nvidia-h200-sxm", 5000, 500, 8, 8456],
  ["trtllm-perf-llama-4-maverick-h200-20000-2000", "llama-4-maverick", "nvidia-h200-sxm", 20000, 2000, 8, 4106],
  ["trtllm-perf-llama-4-maverick-h100-128-2048", "llama-4-maverick", "nvidia-h100-sxm", 128, 2048, 8, 10829],
  ["trtllm-perf-llama-4-maverick-h100-128-4096", "llama-4-maverick", "nvidia-h100-sxm", 128, 4096, 8, 6744],
  ["trtllm-perf-llama-4-maverick-h100-500-2000", "llama-4-maverick", "nvidia-h100-sxm", 500, 2000, 8, 10108],
  ["trtllm-perf-llama-4-maverick-h100-1000-1000", "llama-4-maverick", "nvidia-h100-sxm", 1000, 1000, 8, 9677],
  ["trtllm-perf-llama-4-maverick-h100-1000-2000", "llama-4-maverick", "nvidia-h100-sxm", 1000, 2000, 8, 9151],
  ["trtllm-perf-llama-4-maverick-h100-2048-2048", "llama-4-maverick", "nvidia-h100-sxm", 2048, 2048, 8, 6916],
  ["trtllm-perf-llama-4-maverick-h100-5000-500", "llama-4-maverick", "nvidia-h100-sxm", 5000, 500, 8, 3457],
];

/**
 * The serving calibration set: TensorRT-LLM's published max-throughput rows for Llama 3.3 70B, Llama 3.1 8B,
 * Llama 4 Scout and Maverick on H100 SXM and H200 SXM (FP8), from the pinned perf-overview page.
 *
 * @example
 * ```ts
 * import { SERVING_CALIBRATION_ROWS } from "@aifactory/workloads";
 * SERVING_CALIBRATION_ROWS.length; // 75
 * ```
 * @since 0.1.0
 * @category Inference
 */
export const SERVING_CALIBRATION_ROWS: readonly ServingCalibrationRow[] = Object.freeze(
  ROWS.map(([id, model, gpu, isl, osl, tp, tps]) => ({
    id,
    architectureId: model,
    acceleratorId: gpu,
    inputTokens: isl,
    outputTokens: osl,
    tp,
    moe: model.startsWith("llama-4"),
    outputTokensPerSecond: tps,
    numRequests: numRequestsFor(isl, osl),
    sources: [TRTLLM_SOURCE],
  })),
);

/**
 * DeepSeek's published production serving figures (V3/R1 on H800, 2025-02-27/28), per GPU: decode output
 * 14.8k tokens/s per node and prefill input 73.7k tokens/s per node (cache hits included), 56.3% of input
 * tokens hit the on-disk KV cache, and the average KV length per output token is 4,989.
 *
 * @example
 * ```ts
 * import { DEEPSEEK_SERVING_FIGURES } from "@aifactory/workloads";
 * DEEPSEEK_SERVING_FIGURES.decodeOutputTokensPerSecondPerGpu; // 1850
 * ```
 * @since 0.1.0
 * @category Inference
 */
export const DEEPSEEK_SERVING_FIGURES = Object.freeze({
  decodeOutputTokensPerSecondPerGpu: 14800 / 8,
  prefillInputTokensPerSecondPerGpu: 73700 / 8,
  cacheHitRatio: 0.563,
  meanKvLengthPerOutputToken: 4989,
  decodeGpus: 144,
  prefillGpus: 32,
  sources: [
    {
      title: "DeepSeek Open Source Week day 6: DeepSeek-V3/R1 Inference System Overview (2025-03-01)",
      url: "https://github.com/deepseek-ai/open-infra-index/blob/56d86855fcf6e08fdfd45ce6280bd24322c93351/202502OpenSourceWeek/day_6_one_more_thing_deepseekV3R1_inference_system_overview.md",
      publisher: "DeepSeek",
      locator:
        "Statistics of DeepSeek's Online Service; deployment units (prefill EP32 / 4 nodes, decode EP144 / 18 nodes)",
      evidence: "verified",
      note: "Per-GPU figures derived: per-node / 8.",
    },
  ] as Source[],
});
