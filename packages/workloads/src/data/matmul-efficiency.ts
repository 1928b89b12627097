import type { Source } from "@aifactory/core";

/**
 * Maximum achievable matmul FLOPS (MAMF) as a fraction of the dense peak, per accelerator id and GEMM
 * precision: the best torch.mm shape of a sweep, 30 s warm-up, clocks not locked (ml-engineering's
 * mamf-finder table, reproduced in the reference collectives-and-bench.json).
 *
 * @example
 * ```ts
 * import { MAMF_RATIOS } from "@aifactory/workloads";
 * MAMF_RATIOS["nvidia-h100-sxm"]?.bf16; // 0.803
 * ```
 * @since 0.1.0
 * @category Training
 */
export const MAMF_RATIOS: Readonly<Record<string, { bf16: number; fp8?: number }>> = Object.freeze({
  "nvidia-a100-sxm-80gb": { bf16: 271.2 / 312 },
  "nvidia-h100-sxm": { bf16: 794.5 / 989, fp8: 1402.6 / 1979 },
  // "H200 is the same" as H100 for BF16 (table note); FP8 measured separately.
  "nvidia-h200-sxm": { bf16: 794.5 / 989, fp8: 1453.4 / 1979 },
  "nvidia-b200": { bf16: 1745 / 2250, fp8: 3432.5 / 4500 },
  "nvidia-b300": { bf16: 1769 / 2250, fp8: 3353.3 / 4500 },
  "nvidia-gb200": { bf16: 1822 / 2500, fp8: 3615.6 / 5000 },
  "amd-mi300x": { bf16: 668.4 / 1300 },
  "amd-mi325x": { bf16: 784.9 / 1300 },
  "amd-mi355x": { bf16: 1565 / 2300 },
  "intel-gaudi-2": { bf16: 418.7 / 432, fp8: 826.5 / 865 },
  "intel-gaudi-3": { bf16: 1243 / 1677, fp8: 1289.5 / 1677 },
});

/**
 * Mean BF16 MAMF ratio of the NVIDIA data-centre parts in the table (A100 86.9%, GH200 83.8%, H100 80.3%,
 * B300 78.6%, B200 77.6%): the fallback for accelerators without a measurement.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAMF_RATIO } from "@aifactory/workloads";
 * DEFAULT_MAMF_RATIO; // 0.8144
 * ```
 * @since 0.1.0
 * @category Training
 */
export const DEFAULT_MAMF_RATIO = (0.869 + 0.838 + 0.803 + 0.786 + 0.776) / 5;

/**
 * Where the MAMF ratios come from.
 *
 * @example
 * ```ts
 * import { MAMF_SOURCES } from "@aifactory/workloads";
 * MAMF_SOURCES[0]?.evidence; // "verified"
 * ```
 * @since 0.1.0
 * @category Training
 */
export const MAMF_SOURCES: readonly Source[] = [
  {
    title: "Stas Bekman, Machine Learning Engineering: Maximum Achievable Matmul FLOPS (MAMF) table",
    url: "https://github.com/stas00/ml-engineering/tree/master/compute/accelerator#maximum-achievable-matmul-flops-comparison-table",
    locator: "compute/accelerator README, MAMF comparison table (BF16 and FP8 rows)",
    evidence: "verified",
    note: "Reproduced with software versions in the reference collectives-and-bench.json (kind: mamf).",
  },
];
