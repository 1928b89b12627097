import type { Assumption } from "@aifactory/core";
import { matmulEfficiencyRatio, type TrainingEfficiency, type TrainingEfficiencyInput } from "./efficiency";

/** The training efficiency factors a result lists as named values. */
const LISTED = [
  "matmulRatio",
  "attentionRatio",
  "memoryBandwidthRatio",
  "scaleUpBusBandwidthRatio",
  "scaleOutBusBandwidthRatio",
  "overlapSlowdownRatio",
] as const;

/**
 * The efficiency factors a training estimate used, as named values: `given` when the caller passed the factor,
 * `default` otherwise (the GEMM ratio's default is the accelerator's MAMF x `matmulShapeRatio`).
 *
 * @param acceleratorId - the accelerator, for its MAMF
 * @param fp8 - whether GEMMs run in FP8
 * @param efficiency - the parsed factors
 * @param given - the factors as the caller passed them
 * @returns one assumption per listed factor
 */
export function trainingEfficiencyAssumptions(
  acceleratorId: string,
  fp8: boolean,
  efficiency: TrainingEfficiency,
  given: TrainingEfficiencyInput | undefined,
): Assumption[] {
  return LISTED.map((name) => {
    const value = name === "matmulRatio" ? matmulEfficiencyRatio(acceleratorId, fp8, efficiency) : efficiency[name];
    if (given?.[name] !== undefined) return { name, value, unit: "ratio", basis: "given" };
    return name === "matmulRatio"
      ? {
          name,
          value,
          unit: "ratio",
          basis: "default",
          text: `published maximum achievable matmul ratio of ${acceleratorId} x matmulShapeRatio ${efficiency.matmulShapeRatio}`,
        }
      : { name, value, unit: "ratio", basis: "default" };
  });
}
