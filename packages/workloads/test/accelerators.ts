import type { AcceleratorSpec } from "../src/training/accelerator-spec";

/** A100 SXM 80GB and H100 SXM figures from the reference accelerators.json (for tests and benchmarks only). */
export const TEST_A100: AcceleratorSpec = {
  id: "nvidia-a100-sxm-80gb",
  denseTflops: { bf16: 312, fp16: 312 },
  memoryGB: 80,
  memoryBandwidthGBps: 2039,
  scaleUp: { bandwidthGBpsPerDirection: 300, scaleUpDomainSize: 8 },
  scaleOutGbitpsPerAccelerator: 200,
};

export const TEST_H100: AcceleratorSpec = {
  id: "nvidia-h100-sxm",
  denseTflops: { bf16: 989, fp16: 989, fp8: 1979 },
  memoryGB: 80,
  memoryBandwidthGBps: 3350,
  scaleUp: { bandwidthGBpsPerDirection: 450, scaleUpDomainSize: 8 },
  scaleOutGbitpsPerAccelerator: 400,
};
