import type { Assumption } from "@aifactory/core";
import type { InferenceEfficiency, InferenceEfficiencyInput } from "./inference-efficiency";

/** The serving efficiency factors a result lists as named values (the HBM ratio comes from the hardware terms). */
const LISTED = [
  "matmulRatio",
  "attentionRatio",
  "scaleUpBusBandwidthRatio",
  "scaleOutBusBandwidthRatio",
  "kvCacheMemoryRatio",
] as const;

/**
 * The efficiency factors a serving estimate used, as named values: `given` when the caller passed the factor,
 * `default` otherwise. `memoryBandwidthRatio` is the one the hardware terms applied: the given ratio, or the
 * accelerator's measured STREAM share, or the generic default.
 *
 * @param memoryBandwidthRatio - the achievable HBM share the hardware terms used
 * @param efficiency - the parsed factors
 * @param given - the factors as the caller passed them
 * @returns one assumption per listed factor
 */
export function servingEfficiencyAssumptions(
  memoryBandwidthRatio: number,
  efficiency: InferenceEfficiency,
  given: InferenceEfficiencyInput | undefined,
): Assumption[] {
  const listed: Assumption[] = LISTED.map((name) => ({
    name,
    value: efficiency[name],
    unit: "ratio",
    basis: given?.[name] === undefined ? "default" : "given",
  }));
  listed.splice(2, 0, {
    name: "memoryBandwidthRatio",
    value: memoryBandwidthRatio,
    unit: "ratio",
    ...(given?.memoryBandwidthRatio === undefined
      ? { basis: "default" as const, text: "the accelerator's measured STREAM share where published, else 0.8" }
      : { basis: "given" as const }),
  });
  return listed;
}
