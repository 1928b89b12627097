import type { Source } from "@aifactory/core";

/**
 * A public measurement of an accelerator's achievable HBM bandwidth (a STREAM-like kernel) as a share of its
 * datasheet bandwidth.
 *
 * @since 0.2.0
 * @category Inference
 */
export interface MeasuredHbmBandwidth {
  acceleratorId: string;
  /** Measured / datasheet bandwidth. */
  ratio: number;
  /** What was measured, in words. */
  measurement: string;
  source: Source;
}

const GPU_STREAM_URL = "https://github.com/te42kyfo/gpu-benches/blob/1c36d509ee717dca9215c27135fa1e611bb03ed1";

/**
 * Accelerators whose achievable HBM bandwidth has a trustworthy public measurement: gpu-stream's triad kernel
 * (two loads and one store per element, the mix of a decode step's weight and KV reads plus activation writes) at
 * full occupancy. Where an accelerator has no entry, the serving model uses the generic default (0.8 of spec).
 * H100 SXM has none: the public STREAM figures for it were not judged reliable (reference
 * `collectives-and-bench.json`).
 *
 * @example
 * ```ts
 * import { MEASURED_HBM_BANDWIDTH } from "@aifactory/workloads";
 * MEASURED_HBM_BANDWIDTH.find((m) => m.acceleratorId === "nvidia-h200-sxm")?.ratio; // 0.73625
 * ```
 * @since 0.2.0
 * @category Inference
 */
export const MEASURED_HBM_BANDWIDTH: readonly MeasuredHbmBandwidth[] = Object.freeze([
  {
    acceleratorId: "nvidia-h200-sxm",
    ratio: 3534 / 4800,
    measurement: "gpu-stream triad 3,534 GB/s of 4,800 GB/s at 100% occupancy",
    source: {
      title: "te42kyfo/gpu-benches, gpu-stream/h200.txt (last row, 100% occupancy)",
      url: `${GPU_STREAM_URL}/gpu-stream/h200.txt`,
      evidence: "verified",
    },
  },
  {
    acceleratorId: "nvidia-h100-pcie",
    ratio: 1832 / 2000,
    measurement: "gpu-stream triad 1,832 GB/s of 2,000 GB/s (CUDA 11.7)",
    source: {
      title: "te42kyfo/gpu-benches README, gpu-stream results for NVIDIA H100 PCIe",
      url: `${GPU_STREAM_URL}/README.md`,
      evidence: "verified",
    },
  },
]);

/**
 * The measured HBM bandwidth share of an accelerator, if a public measurement exists.
 *
 * @param acceleratorId - a catalog id
 * @returns the measurement, or undefined
 * @example
 * ```ts
 * import { measuredHbmBandwidth } from "@aifactory/workloads";
 * measuredHbmBandwidth("nvidia-h100-sxm"); // undefined
 * ```
 * @since 0.2.0
 * @category Inference
 */
export function measuredHbmBandwidth(acceleratorId: string): MeasuredHbmBandwidth | undefined {
  return MEASURED_HBM_BANDWIDTH.find((m) => m.acceleratorId === acceleratorId);
}
