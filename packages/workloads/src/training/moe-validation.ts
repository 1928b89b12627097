import { InvalidInputError } from "@aifactory/core";
import { MOE_TRAINING_CALIBRATION_ROWS, type MoeTrainingCalibrationRow } from "../data/training-calibration-moe";
import type { KernelTablesOption } from "../kernels/kernel-option";
import { medianOf } from "../validation-statistics";
import type { TrainingEfficiencyInput } from "./efficiency";
import { estimateTrainingStep } from "./training-step";

/**
 * One MoE training validation row: published vs predicted tokens/s per GPU.
 *
 * @since 0.4.0
 * @category Validation
 */
export interface MoeTrainingValidationRow {
  id: string;
  model: string;
  gpu: string;
  acceleratorCount: number;
  parallelism: string;
  publishedTokensPerSecondPerGpu: number;
  /** NaN when the configuration cannot be evaluated (see `excludedBecause`). */
  predictedTokensPerSecondPerGpu: number;
  /** predicted / published - 1 (positive = the model is optimistic). */
  errorRatio: number;
  fits: boolean;
  /** Why the row is not in the error median, when it is not. */
  excludedBecause?: string;
  source: string;
  url?: string;
}

/**
 * The MoE training validation table and its median absolute error over the rows the model can express.
 *
 * @since 0.4.0
 * @category Validation
 */
export interface MoeTrainingValidationReport {
  rows: MoeTrainingValidationRow[];
  /** Median |errorRatio| x 100 over the rows without `excludedBecause`. */
  medianAbsolutePercentError: number;
  /** The same by accelerator family. */
  hopperMedianAbsolutePercentError: number;
  blackwellMedianAbsolutePercentError: number;
}

function evaluate(
  row: MoeTrainingCalibrationRow,
  efficiency: TrainingEfficiencyInput,
  kernels: KernelTablesOption,
): MoeTrainingValidationRow {
  const source = row.sources[0];
  const base: MoeTrainingValidationRow = {
    id: row.id,
    model: row.architectureId,
    gpu: row.acceleratorId,
    acceleratorCount: row.acceleratorCount,
    parallelism: `tp${row.tp} pp${row.pp}${row.vpp > 1 ? ` vpp${row.vpp}` : ""} ep${row.ep} etp${row.etp}${row.cp > 1 ? ` cp${row.cp}` : ""} mb${row.microBatch} ${row.dispatcher}${row.a2aOverlap ? "+overlap" : ""}`,
    publishedTokensPerSecondPerGpu: row.publishedTokensPerSecondPerGpu,
    predictedTokensPerSecondPerGpu: Number.NaN,
    errorRatio: Number.NaN,
    fits: false,
    source: source?.title ?? "",
    ...(source?.url === undefined ? {} : { url: source.url }),
  };
  try {
    const result = estimateTrainingStep({
      architecture: row.architectureId,
      accelerator: row.acceleratorId,
      kernels,
      efficiency,
      config: {
        acceleratorCount: row.acceleratorCount,
        tp: row.tp,
        pp: row.pp,
        vpp: row.vpp,
        ep: row.ep,
        etp: row.etp,
        cp: row.cp,
        microBatch: row.microBatch,
        globalBatch: row.globalBatch,
        sequenceTokens: row.sequenceTokens,
        precision: row.precision,
        recompute: row.recompute,
        zeroStage: 1,
        sequenceParallel: row.tp > 1,
        ...(row.recompute === "selective" && row.recomputeModules !== undefined
          ? { recomputeModules: row.recomputeModules }
          : {}),
        optimizerMoments: row.bf16OptimizerMoments ? "bf16" : "fp32",
        moe: { dispatcher: row.dispatcher, routing: row.routing },
        overlap: { expertParallel: row.a2aOverlap },
      },
    });
    const predicted = result.tokensPerSecond / row.acceleratorCount;
    base.predictedTokensPerSecondPerGpu = predicted;
    base.errorRatio = predicted / row.publishedTokensPerSecondPerGpu - 1;
    base.fits = result.memory.fits;
    if (row.notExpressible !== undefined) base.excludedBecause = row.notExpressible;
    else if (!result.memory.fits) base.excludedBecause = "does not fit in the model's memory estimate";
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    base.excludedBecause = row.notExpressible ?? error.message.split("\n")[1]?.trim() ?? error.message;
  }
  return base;
}

/**
 * Runs the training step model on the published Megatron-Core MoE runs ({@link MOE_TRAINING_CALIBRATION_ROWS})
 * with one set of efficiency factors and kernel tables, comparing tokens per second per GPU. Rows whose
 * configuration the model cannot express yet (host offloading of activations, whole-layer MoE
 * recompute, dispatcher choices) are reported with the reason and left out of the medians.
 *
 * @param efficiency - efficiency factors (default: the package defaults)
 * @param kernels - kernel tables (default: the built-in measured tables)
 * @returns the report
 * @example
 * ```ts
 * import { validateMoeTrainingModel } from "@aifactory/workloads";
 * validateMoeTrainingModel().rows.length; // 8
 * ```
 * @since 0.4.0
 * @category Validation
 */
export function validateMoeTrainingModel(
  efficiency: TrainingEfficiencyInput = {},
  kernels: KernelTablesOption = "builtin",
): MoeTrainingValidationReport {
  const rows = MOE_TRAINING_CALIBRATION_ROWS.map((row) => evaluate(row, efficiency, kernels));
  const included = rows.filter((r) => r.excludedBecause === undefined);
  const errors = (list: MoeTrainingValidationRow[]) => list.map((r) => Math.abs(r.errorRatio) * 100);
  return {
    rows,
    medianAbsolutePercentError: medianOf(errors(included)),
    hopperMedianAbsolutePercentError: medianOf(errors(included.filter((r) => /h100|h200|h800/.test(r.gpu)))),
    blackwellMedianAbsolutePercentError: medianOf(errors(included.filter((r) => /b200|b300/.test(r.gpu)))),
  };
}
