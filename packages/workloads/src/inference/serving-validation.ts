import { DEEPSEEK_SERVING_FIGURES, SERVING_CALIBRATION_ROWS } from "../data/inference-calibration";
import type { KernelTablesOption } from "../kernels/kernel-option";
import { resolveAccelerator } from "../training/accelerator-spec";
import { medianOf } from "../validation-statistics";
import { evaluateDecodePool, evaluatePrefillPool } from "./disaggregated";
import { type InferenceEfficiencyInput, inferenceEfficiencySchema } from "./inference-efficiency";
import { simulateOfflineRun, trtllmBenchEngineLimits } from "./offline-run";
import { resolveServingArchitecture, servingHardware, servingTerms } from "./serving-terms";

/**
 * The CUDA-graph batch sizes of the TensorRT-LLM performance overview's `llm_options.yml` (with `enable_padding:
 * true`), for dense and MoE runs alike; the engine captures those up to its max batch
 * ({@link capturedCudaGraphBatchSizes}).
 *
 * @example
 * ```ts
 * import { TRTLLM_PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES } from "@aifactory/workloads";
 * TRTLLM_PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES.at(-1); // 8192
 * ```
 * @since 0.3.0
 * @category Inference
 */
export const TRTLLM_PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES: readonly number[] = Object.freeze([
  1, 2, 4, 8, 16, 32, 64, 128, 256, 384, 512, 1024, 2048, 4096, 8192,
]);

/**
 * One row of the serving validation table.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface ServingValidationRow {
  id: string;
  model: string;
  gpu: string;
  acceleratorCount: number;
  inputTokens: number;
  outputTokens: number;
  /** What is compared: output tokens/s of the run (TensorRT-LLM) or per GPU (DeepSeek decode/prefill). */
  metric: "outputTokensPerSecond" | "outputTokensPerSecondPerGpu" | "inputTokensPerSecondPerGpu";
  published: number;
  predicted: number;
  /** The steady-state max-throughput estimate (no ramp, no partial last wave), for comparison. */
  predictedSteadyState: number;
  /** predicted / published - 1. */
  errorRatio: number;
  source: string;
  url?: string;
  /** Whether the row counts toward the asserted median (TensorRT-LLM max-throughput rows). */
  inMedian: boolean;
}

/**
 * The serving validation table with its summary statistics.
 *
 * @since 0.1.0
 * @category Inference
 */
export interface ServingValidationReport {
  rows: ServingValidationRow[];
  /** Median |error| over the TensorRT-LLM max-throughput rows, percent. */
  medianAbsolutePercentError: number;
  /** Median |error| over the dense-model rows, percent. */
  denseMedianAbsolutePercentError: number;
  /** Median |error| over the MoE rows, percent. */
  moeMedianAbsolutePercentError: number;
  maxAbsolutePercentError: number;
}

/**
 * Runs the serving model against every published calibration measurement with one set of efficiency factors
 * (the defaults unless given) and returns (published, predicted, error, source) rows.
 *
 * TensorRT-LLM rows are simulated as the benchmark ran them ({@link simulateOfflineRun}): the page's
 * `$num_requests` requests queued at once, the engine limits trtllm-bench derives ({@link trtllmBenchEngineLimits}),
 * no chunked prefill (its default), the page's padded CUDA-graph batch sizes
 * ({@link TRTLLM_PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES}), FP8 weights and FP8 KV cache (ModelOpt FP8 checkpoints), TP = the table's GPU
 * count; MoE rows (Llama 4) use expert parallelism over all GPUs with attention data-parallel, as the page says. DeepSeek rows: a decode instance of EP144 / attention-DP 144 on H800 at the published
 * mean KV length of 4,989 tokens (BF16 latent cache, FP8 weights, two-micro-batch overlap), and a prefill
 * instance of EP32 at the published 56.3% cache-hit ratio (prompt length 4,989 assumed).
 *
 * @param efficiency - efficiency factors (default: the package defaults)
 * @returns the table and summary statistics
 * @example
 * ```ts
 * // not run in tests: models every published run of the table (seconds); serving-validation.test.ts runs it
 * import { validateServingModel } from "@aifactory/workloads";
 * const report = validateServingModel();
 * report.rows.length > 70; // true
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function validateServingModel(
  efficiency: InferenceEfficiencyInput = {},
  kernels: KernelTablesOption = "builtin",
): ServingValidationReport {
  const rows: ServingValidationRow[] = [];
  for (const row of SERVING_CALIBRATION_ROWS) {
    const limits = trtllmBenchEngineLimits({
      architecture: row.architectureId,
      accelerator: row.acceleratorId,
      tp: row.tp,
      pp: 1,
      weights: "fp8",
      kv: "fp8",
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
    });
    const result = simulateOfflineRun({
      architecture: row.architectureId,
      accelerator: row.acceleratorId,
      config: {
        tp: row.tp,
        ep: row.moe ? row.tp : 1,
        attentionDp: row.moe,
        moeDispatch: "allgather",
        weights: "fp8",
        kv: "fp8",
        inputTokens: row.inputTokens,
        outputTokens: row.outputTokens,
        maxThroughput: true,
        maxBatchSize: limits.maxBatchSize,
        maxNumTokens: limits.maxNumTokens,
      },
      efficiency,
      kernels,
      run: {
        requests: row.numRequests,
        chunkedPrefill: false,
        cudaGraphBatchSizes: [...TRTLLM_PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES],
      },
    });
    const source = row.sources[0];
    rows.push({
      id: row.id,
      model: row.architectureId,
      gpu: row.acceleratorId,
      acceleratorCount: row.tp,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      metric: "outputTokensPerSecond",
      published: row.outputTokensPerSecond,
      predicted: result.outputTokensPerSecond,
      predictedSteadyState: result.steadyStateOutputTokensPerSecond,
      errorRatio: result.outputTokensPerSecond / row.outputTokensPerSecond - 1,
      source: source?.title ?? "",
      ...(source?.url === undefined ? {} : { url: source.url }),
      inMedian: true,
    });
  }

  // DeepSeek-V3/R1 production figures (H800, disaggregated).
  const parsed = inferenceEfficiencySchema.parse(efficiency);
  const arch = resolveServingArchitecture("deepseek-v3");
  const h800 = resolveAccelerator("nvidia-h800-sxm");
  const terms = servingTerms(arch, "fp8", "bf16");
  const hw = servingHardware(h800, parsed, "fp8", kernels);
  const context = DEEPSEEK_SERVING_FIGURES.meanKvLengthPerOutputToken;
  const workload = {
    inputTokens: context,
    outputTokens: 2,
    prefixHitRatio: DEEPSEEK_SERVING_FIGURES.cacheHitRatio,
    mtpAcceptance: 0,
    mtpDraftTokens: 1,
    maxBatchSize: 2048,
    maxNumTokens: 8192,
  };
  const decode = evaluateDecodePool(
    terms,
    hw,
    {
      tp: DEEPSEEK_SERVING_FIGURES.decodeGpus,
      pp: 1,
      ep: DEEPSEEK_SERVING_FIGURES.decodeGpus,
      attentionDp: true,
      microBatchOverlap: true,
    },
    parsed,
    { ...workload, inputTokens: context - 1 },
  );
  const deepseekSource = DEEPSEEK_SERVING_FIGURES.sources[0];
  const decodePerGpu = decode.outputTokensPerSecond / DEEPSEEK_SERVING_FIGURES.decodeGpus;
  rows.push({
    id: "deepseek-day6-decode",
    model: "deepseek-v3",
    gpu: "nvidia-h800-sxm",
    acceleratorCount: DEEPSEEK_SERVING_FIGURES.decodeGpus,
    inputTokens: context,
    outputTokens: 0,
    metric: "outputTokensPerSecondPerGpu",
    published: DEEPSEEK_SERVING_FIGURES.decodeOutputTokensPerSecondPerGpu,
    predicted: decodePerGpu,
    predictedSteadyState: decodePerGpu,
    errorRatio: decodePerGpu / DEEPSEEK_SERVING_FIGURES.decodeOutputTokensPerSecondPerGpu - 1,
    source: deepseekSource?.title ?? "",
    ...(deepseekSource?.url === undefined ? {} : { url: deepseekSource.url }),
    inMedian: false,
  });
  const prefill = evaluatePrefillPool(
    terms,
    hw,
    {
      tp: DEEPSEEK_SERVING_FIGURES.prefillGpus,
      pp: 1,
      ep: DEEPSEEK_SERVING_FIGURES.prefillGpus,
      attentionDp: true,
      microBatchOverlap: true,
    },
    parsed,
    workload,
  );
  const prefillPerGpu = prefill.inputTokensPerSecond / DEEPSEEK_SERVING_FIGURES.prefillGpus;
  rows.push({
    id: "deepseek-day6-prefill",
    model: "deepseek-v3",
    gpu: "nvidia-h800-sxm",
    acceleratorCount: DEEPSEEK_SERVING_FIGURES.prefillGpus,
    inputTokens: context,
    outputTokens: 0,
    metric: "inputTokensPerSecondPerGpu",
    published: DEEPSEEK_SERVING_FIGURES.prefillInputTokensPerSecondPerGpu,
    predicted: prefillPerGpu,
    predictedSteadyState: prefillPerGpu,
    errorRatio: prefillPerGpu / DEEPSEEK_SERVING_FIGURES.prefillInputTokensPerSecondPerGpu - 1,
    source: deepseekSource?.title ?? "",
    ...(deepseekSource?.url === undefined ? {} : { url: deepseekSource.url }),
    inMedian: false,
  });

  const counted = rows.filter((r) => r.inMedian);
  const abs = (r: ServingValidationRow) => Math.abs(r.errorRatio) * 100;
  const isMoe = (r: ServingValidationRow) => r.model.startsWith("llama-4");
  return {
    rows,
    medianAbsolutePercentError: medianOf(counted.map(abs), 0),
    denseMedianAbsolutePercentError: medianOf(counted.filter((r) => !isMoe(r)).map(abs), 0),
    moeMedianAbsolutePercentError: medianOf(counted.filter(isMoe).map(abs), 0),
    maxAbsolutePercentError: Math.max(...counted.map(abs)),
  };
}

/**
 * Renders the serving validation table as Markdown (the methodology page embeds it).
 *
 * @param report - a validation report (default: the defaults' report)
 * @returns a Markdown table followed by the summary line
 * @example
 * ```ts
 * // not run in tests: models every published run of the table (seconds); serving-validation.test.ts runs it
 * import { servingValidationMarkdown } from "@aifactory/workloads";
 * servingValidationMarkdown().startsWith("| run |"); // true
 * ```
 * @since 0.1.0
 * @category Inference
 */
export function servingValidationMarkdown(report: ServingValidationReport = validateServingModel()): string {
  const lines = [
    "| run | GPUs | isl/osl | metric | published | predicted | error |",
    "|---|---:|---:|---|---:|---:|---:|",
  ];
  for (const row of report.rows) {
    const sign = row.errorRatio >= 0 ? "+" : "";
    lines.push(
      `| ${row.id} | ${row.acceleratorCount} | ${row.inputTokens}/${row.outputTokens} | ${row.metric} | ${Math.round(row.published)} | ${Math.round(row.predicted)} | ${sign}${(row.errorRatio * 100).toFixed(1)}% |`,
    );
  }
  lines.push("");
  lines.push(
    `Median absolute error: all TensorRT-LLM rows ${report.medianAbsolutePercentError.toFixed(1)}%, dense ${report.denseMedianAbsolutePercentError.toFixed(1)}%, MoE (Llama 4) ${report.moeMedianAbsolutePercentError.toFixed(1)}%; max ${report.maxAbsolutePercentError.toFixed(1)}%.`,
  );
  return lines.join("\n");
}
