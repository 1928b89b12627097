import { TRAINING_CALIBRATION_ROWS, type TrainingCalibrationRow } from "../data/training-calibration";
import type { KernelTablesOption } from "../kernels/kernel-option";
import type { AcceleratorSpec } from "./accelerator-spec";
import type { TrainingEfficiencyInput } from "./efficiency";
import { estimateTrainingStep } from "./training-step";

/**
 * The A100 SXM 80GB figures the calibration runs used (the reference accelerators.json row: 312 TFLOPS dense
 * BF16/FP16, 2,039 GB/s HBM, NVLink 3 at 300 GB/s per direction in 8-GPU domains, 200 Gb/s HDR per GPU).
 *
 * @example
 * ```ts
 * import { CALIBRATION_A100 } from "@aifactory/workloads";
 * CALIBRATION_A100.denseTflops.bf16; // 312
 * ```
 * @since 0.1.0
 * @category Validation
 */
export const CALIBRATION_A100: AcceleratorSpec = Object.freeze({
  id: "nvidia-a100-sxm-80gb",
  name: "NVIDIA A100 SXM 80GB",
  denseTflops: { bf16: 312, fp16: 312 },
  memoryGB: 80,
  memoryBandwidthGBps: 2039,
  scaleUp: { bandwidthGBpsPerDirection: 300, scaleUpDomainSize: 8 },
  scaleOutGbitpsPerAccelerator: 200,
});

/**
 * One validation row: published vs predicted step time.
 *
 * @example
 * ```ts
 * import { type TrainingValidationRow, validateTrainingModel } from "@aifactory/workloads";
 * const row: TrainingValidationRow | undefined = validateTrainingModel().rows[0];
 * ```
 * @since 0.1.0
 * @category Validation
 */
export interface TrainingValidationRow {
  id: string;
  source: string;
  url?: string;
  model: string;
  acceleratorCount: number;
  parallelism: string;
  publishedStepSeconds: number;
  predictedStepSeconds: number;
  /** (predicted - published) / published. */
  errorRatio: number;
  predictedMfuRatio: number;
  predictedHfuRatio: number;
  fits: boolean;
}

/**
 * The whole validation table and its mean absolute percentage error.
 *
 * @example
 * ```ts
 * import { type TrainingValidationReport, validateTrainingModel } from "@aifactory/workloads";
 * const report: TrainingValidationReport = validateTrainingModel();
 * report.meanAbsolutePercentError < 5; // true
 * ```
 * @since 0.1.0
 * @category Validation
 */
export interface TrainingValidationReport {
  rows: TrainingValidationRow[];
  /** Mean of |errorRatio| x 100. */
  meanAbsolutePercentError: number;
  /** Largest |errorRatio| x 100. */
  maxAbsolutePercentError: number;
  efficiency: TrainingEfficiencyInput;
}

function predict(row: TrainingCalibrationRow, efficiency: TrainingEfficiencyInput, kernels: KernelTablesOption) {
  return estimateTrainingStep({
    kernels,
    architecture: {
      id: "calibration-model",
      name: row.model.name,
      layers: row.model.layers,
      hiddenSize: row.model.hiddenSize,
      attentionHeads: row.model.attentionHeads,
      kvHeads: row.model.attentionHeads,
      ffnHiddenSize: row.model.ffnHiddenSize,
      vocabSize: 51200,
      ffnActivation: "gelu",
      tiedEmbeddings: true,
      normalization: "layernorm",
      linearBias: true,
      positionEmbedding: "learned",
      maxSequenceTokens: row.sequenceTokens,
    },
    accelerator: CALIBRATION_A100,
    config: {
      acceleratorCount: row.acceleratorCount,
      tp: row.tp,
      pp: row.pp,
      vpp: row.vpp,
      dp: row.dp,
      zeroStage: 0,
      sequenceParallel: row.sequenceParallel,
      microBatch: row.microBatch,
      globalBatch: row.globalBatch,
      sequenceTokens: row.sequenceTokens,
      recompute: row.recompute,
      precision: "bf16",
      flashAttention: false,
      overlap: {
        dataParallel: false,
        tensorParallel: false,
        contextParallel: false,
        expertParallel: false,
        pipeline: false,
      },
    },
    efficiency,
  });
}

/**
 * Runs the training step model on every published calibration run (Narayanan et al. 2021 Table 1,
 * Korthikanti et al. 2022 Table 5) with one set of efficiency factors, and returns the (published, predicted,
 * error) table with its mean absolute percentage error. The docs and `aif validate training` print it.
 *
 * @param efficiency - efficiency factors (default: the package defaults; the same for every row)
 * @returns the table
 * @example
 * ```ts
 * import { validateTrainingModel } from "@aifactory/workloads";
 * const report = validateTrainingModel();
 * report.rows.length; // 18
 * ```
 * @since 0.1.0
 * @category Validation
 */
export function validateTrainingModel(
  efficiency: TrainingEfficiencyInput = {},
  kernels: KernelTablesOption = "builtin",
): TrainingValidationReport {
  const rows: TrainingValidationRow[] = TRAINING_CALIBRATION_ROWS.map((row) => {
    const result = predict(row, efficiency, kernels);
    const source = row.sources[0];
    const base: TrainingValidationRow = {
      id: row.id,
      source: source ? `${source.title}${source.locator ? `, ${source.locator.split(";")[0]}` : ""}` : "",
      model: row.model.name,
      acceleratorCount: row.acceleratorCount,
      parallelism: `tp${row.tp} pp${row.pp}${row.vpp > 1 ? ` vpp${row.vpp}` : ""} dp${row.dp} mb${row.microBatch} ${row.recompute}${row.sequenceParallel ? "+sp" : ""}`,
      publishedStepSeconds: row.publishedStepSeconds,
      predictedStepSeconds: result.stepTimeSeconds,
      errorRatio: (result.stepTimeSeconds - row.publishedStepSeconds) / row.publishedStepSeconds,
      predictedMfuRatio: result.mfuRatio,
      predictedHfuRatio: result.hfuRatio,
      fits: result.memory.fits,
    };
    if (source?.url !== undefined) base.url = source.url;
    return base;
  });
  const errors = rows.map((r) => Math.abs(r.errorRatio) * 100);
  return {
    rows,
    meanAbsolutePercentError: errors.reduce((a, b) => a + b, 0) / errors.length,
    maxAbsolutePercentError: Math.max(...errors),
    efficiency,
  };
}

/**
 * The validation table as Markdown (one row per published run, then the mean and max absolute percentage
 * error), for the methodology page and the docs site.
 *
 * @param report - a report from {@link validateTrainingModel} (default: the package defaults)
 * @returns Markdown text
 * @example
 * ```ts
 * import { trainingValidationMarkdown } from "@aifactory/workloads";
 * trainingValidationMarkdown().includes("| run |"); // true
 * ```
 * @since 0.1.0
 * @category Validation
 */
export function trainingValidationMarkdown(report: TrainingValidationReport = validateTrainingModel()): string {
  const lines = [
    "| run | GPUs | parallelism | published s/step | predicted s/step | error | predicted MFU |",
    "|---|---:|---|---:|---:|---:|---:|",
    ...report.rows.map(
      (r) =>
        `| ${r.id} | ${r.acceleratorCount} | ${r.parallelism} | ${r.publishedStepSeconds.toFixed(2)} | ${r.predictedStepSeconds.toFixed(2)} | ${r.errorRatio >= 0 ? "+" : ""}${(r.errorRatio * 100).toFixed(1)}% | ${(r.predictedMfuRatio * 100).toFixed(1)}% |`,
    ),
    "",
    `Mean absolute percentage error: ${report.meanAbsolutePercentError.toFixed(2)}% (max ${report.maxAbsolutePercentError.toFixed(2)}%).`,
  ];
  return lines.join("\n");
}
