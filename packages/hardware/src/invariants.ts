import type { InputProblem } from "@aifactory/core";
import type { Accelerator } from "./accelerator";
import { DTYPES, type Dtype } from "./dtype";

// Floating-point formats from widest to narrowest; fp16 and bf16 share a width. int8 is left out: Blackwell
// Ultra cut INT8 well below FP8 on purpose.
const PRECISION_CHAIN: readonly (readonly Dtype[])[] = [
  ["fp64"],
  ["fp32"],
  ["tf32"],
  ["bf16", "fp16"],
  ["fp8"],
  ["fp6"],
  ["fp4"],
];

/**
 * Plausible ranges for accelerator figures; a value outside is almost always a unit mistake (TB/s for GB/s,
 * sparse for dense, kW for W).
 *
 * @example
 * ```ts
 * import { PLAUSIBLE_ACCELERATOR_RANGES } from "@aifactory/hardware";
 * PLAUSIBLE_ACCELERATOR_RANGES.memoryBandwidthGBps; // { min: 300, max: 30000 }
 * ```
 * @since 0.1.0
 * @category Validation
 */
export const PLAUSIBLE_ACCELERATOR_RANGES = Object.freeze({
  memoryGB: { min: 8, max: 1024 },
  memoryBandwidthGBps: { min: 300, max: 30_000 },
  tdpWatts: { min: 75, max: 2_500 },
  denseTflops: { min: 1, max: 100_000 },
  scaleUpBandwidthGBpsPerDirection: { min: 0, max: 5_000 },
});

/**
 * Checks an accelerator's figures against physics and vendor conventions, returning every violation:
 * sparse = 2 x dense where both are published (unless a note explains otherwise), a narrower float format is
 * never slower than a wider one, and figures lie in {@link PLAUSIBLE_ACCELERATOR_RANGES}.
 *
 * @param accelerator - a parsed accelerator
 * @returns problems with dotted paths (empty when all hold)
 * @example
 * ```ts
 * import { acceleratorInvariantProblems, getAccelerator } from "@aifactory/hardware";
 * acceleratorInvariantProblems(getAccelerator("nvidia-h100-sxm")); // []
 * ```
 * @since 0.1.0
 * @category Validation
 */
export function acceleratorInvariantProblems(accelerator: Accelerator): InputProblem[] {
  const problems: InputProblem[] = [];
  const explainsSparsity = accelerator.notes?.some((note) => /sparse/i.test(note) && /not 2x/i.test(note)) ?? false;
  for (const dtype of DTYPES) {
    const dense = accelerator.denseTflops[dtype];
    const sparse = accelerator.sparseTflops?.[dtype];
    if (dense === undefined || sparse === undefined) continue;
    if (Math.abs(sparse / dense - 2) > 0.01 && !explainsSparsity) {
      problems.push({
        path: `sparseTflops.${dtype}`,
        message: `sparse peak should be 2 x the dense peak (${dense}); add a note containing "sparse ... not 2x" if the vendor says otherwise`,
        received: sparse,
      });
    }
  }
  let widest = 0;
  let widestName = "";
  for (const group of PRECISION_CHAIN) {
    let groupMax = 0;
    for (const dtype of group) {
      const value = accelerator.denseTflops[dtype];
      if (value === undefined) continue;
      if (value < widest) {
        problems.push({
          path: `denseTflops.${dtype}`,
          message: `a narrower format must not be slower than ${widestName} (${widest})`,
          received: value,
          hint: "check that the value is dense, in TFLOPS, and for the matrix engine",
        });
      }
      groupMax = Math.max(groupMax, value);
    }
    if (groupMax > widest) {
      widest = groupMax;
      widestName = group.join("/");
    }
  }
  const ranges = PLAUSIBLE_ACCELERATOR_RANGES;
  const outside = (path: string, value: number | undefined, range: { min: number; max: number }, unit: string) => {
    if (value !== undefined && (value < range.min || value > range.max)) {
      problems.push({
        path,
        message: `outside the plausible range ${range.min}-${range.max} ${unit}`,
        received: value,
        hint: "check the unit (decimal GB, GB/s, W, TFLOPS)",
      });
    }
  };
  outside("memoryGB", accelerator.memoryGB, ranges.memoryGB, "GB");
  outside("memoryBandwidthGBps", accelerator.memoryBandwidthGBps, ranges.memoryBandwidthGBps, "GB/s");
  outside("tdpWatts", accelerator.tdpWatts, ranges.tdpWatts, "W");
  outside(
    "scaleUp.bandwidthGBpsPerDirection",
    accelerator.scaleUp.bandwidthGBpsPerDirection,
    ranges.scaleUpBandwidthGBpsPerDirection,
    "GB/s",
  );
  for (const dtype of DTYPES)
    outside(`denseTflops.${dtype}`, accelerator.denseTflops[dtype], ranges.denseTflops, "TFLOPS");
  if (
    accelerator.memoryUsableGB !== undefined &&
    accelerator.memoryPhysicalGB !== undefined &&
    accelerator.memoryUsableGB > accelerator.memoryPhysicalGB
  ) {
    problems.push({
      path: "memoryUsableGB",
      message: `usable memory exceeds physical memory (${accelerator.memoryPhysicalGB})`,
      received: accelerator.memoryUsableGB,
    });
  }
  return problems;
}
