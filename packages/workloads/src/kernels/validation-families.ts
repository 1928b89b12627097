import { validateServingModel } from "../inference/serving-validation";
import { validateMoeTrainingModel } from "../training/moe-validation";
import { validateTrainingModel } from "../training/validation";
import { medianOf } from "../validation-statistics";

/**
 * One family of the validation (dense or MoE x accelerator generation x training or serving), with its error
 * on the measured-kernel path (the default) and on the analytic path (`kernels: "none"`).
 *
 * @since 0.4.0
 * @category Validation
 */
export interface ValidationFamily {
  family: string;
  /** Rows in the statistic (rows the model cannot express are left out). */
  rows: number;
  /** Which statistic: median or mean absolute percentage error. */
  statistic: "median" | "mean";
  /** Absolute percentage error with the measured kernel tables. */
  measuredKernelsPercent: number;
  /** The same on the analytic path. */
  analyticPercent: number;
  note: string;
}

/**
 * The validation by family: serving (TensorRT-LLM perf-overview rows, DeepSeek day-6) and training
 * (Megatron-LM 2021-22 dense rows on A100; Megatron-Core MoE runs on H100 and GB200), each with the measured
 * kernel tables and on the analytic path. Blackwell serving and Hopper dense training have no rows in the
 * calibration set (they are held out), and are listed with 0 rows.
 *
 * @returns one entry per family
 * @example
 * ```ts
 * // not run in tests: replays every calibration row twice (seconds of CPU); validation-families.test.ts checks it
 * import { validationFamilies } from "@aifactory/workloads";
 * validationFamilies().find((f) => f.family.startsWith("serving, dense"))?.rows; // 40
 * ```
 * @since 0.4.0
 * @category Validation
 */
export function validationFamilies(): ValidationFamily[] {
  const servingMeasured = validateServingModel({}, "builtin");
  const servingAnalytic = validateServingModel({}, "none");
  const servingErrors = (report: typeof servingMeasured, moe: boolean) =>
    report.rows
      .filter((r) => r.inMedian && /llama-4|deepseek|mixtral|qwen3-30b|qwen3-235b|gpt-oss/.test(r.model) === moe)
      .map((r) => Math.abs(r.errorRatio) * 100);
  const training = validateTrainingModel({}, "builtin");
  const trainingAnalytic = validateTrainingModel({}, "none");
  const moe = validateMoeTrainingModel({}, "builtin");
  const moeAnalytic = validateMoeTrainingModel({}, "none");
  const moeErrors = (report: typeof moe, pattern: RegExp) =>
    report.rows
      .filter((r) => r.excludedBecause === undefined && pattern.test(r.gpu))
      .map((r) => Math.abs(r.errorRatio) * 100);
  const hopper = /h100|h200|h800/;
  const blackwell = /b200|b300/;
  return [
    {
      family: "serving, dense, Hopper",
      rows: servingErrors(servingMeasured, false).length,
      statistic: "median",
      measuredKernelsPercent: medianOf(servingErrors(servingMeasured, false)),
      analyticPercent: medianOf(servingErrors(servingAnalytic, false)),
      note: "TensorRT-LLM max-throughput, Llama 3.1 8B and 3.3 70B FP8 on H100/H200",
    },
    {
      family: "serving, MoE, Hopper",
      rows: servingErrors(servingMeasured, true).length,
      statistic: "median",
      measuredKernelsPercent: medianOf(servingErrors(servingMeasured, true)),
      analyticPercent: medianOf(servingErrors(servingAnalytic, true)),
      note: "Llama 4 Scout/Maverick FP8 on H100/H200; the H100 rows stay optimistic",
    },
    {
      family: "serving, Blackwell",
      rows: 0,
      statistic: "median",
      measuredKernelsPercent: Number.NaN,
      analyticPercent: Number.NaN,
      note: "no calibration rows (held out)",
    },
    {
      family: "training, dense, Ampere",
      rows: training.rows.length,
      statistic: "mean",
      measuredKernelsPercent: training.meanAbsolutePercentError,
      analyticPercent: trainingAnalytic.meanAbsolutePercentError,
      note: "Megatron-LM 2021-22 on A100; the analytic factors were fitted on these rows",
    },
    {
      family: "training, MoE, Hopper",
      rows: moeErrors(moe, hopper).length,
      statistic: "median",
      measuredKernelsPercent: medianOf(moeErrors(moe, hopper)),
      analyticPercent: medianOf(moeErrors(moeAnalytic, hopper)),
      note: "Megatron-Core Qwen3-235B and Mixtral 8x22B on H100",
    },
    {
      family: "training, MoE, Blackwell",
      rows: moeErrors(moe, blackwell).length,
      statistic: "median",
      measuredKernelsPercent: medianOf(moeErrors(moe, blackwell)),
      analyticPercent: medianOf(moeErrors(moeAnalytic, blackwell)),
      note: "Megatron-Core DeepSeek-V3 and Qwen3-235B on GB200",
    },
  ];
}

/**
 * {@link validationFamilies} as a Markdown table.
 *
 * @param families - the families (default: computed now)
 * @returns Markdown
 * @example
 * ```ts
 * import { validationFamiliesMarkdown } from "@aifactory/workloads";
 * validationFamiliesMarkdown().startsWith("| family |"); // true
 * ```
 * @since 0.4.0
 * @category Validation
 */
export function validationFamiliesMarkdown(families: ValidationFamily[] = validationFamilies()): string {
  const cell = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)}%` : "-");
  return [
    "| family | rows | statistic | measured kernels | analytic path | what |",
    "|---|---:|---|---:|---:|---|",
    ...families.map(
      (f) =>
        `| ${f.family} | ${f.rows} | ${f.statistic} abs. error | ${cell(f.measuredKernelsPercent)} | ${cell(f.analyticPercent)} | ${f.note} |`,
    ),
  ].join("\n");
}
