import { readFileSync } from "node:fs";
import { getAccelerator } from "@aifactory/hardware";
import { describe, expect, it } from "vitest";
import type { BenchEnvironment, BenchmarkResult } from "../harness/result-schema";
import { createResultSet } from "../harness/run-benchmark";
import { ncclTestsToResults, parseNcclTests } from "../parsers/nccl-tests";
import { achievedVsPeak, calibrate, catalogDtype } from "./calibrate";
import { calibrationFileSchema } from "./calibration-schema";

const environment: BenchEnvironment = {
  hostname: "node001",
  platform: "linux",
  arch: "x64",
  osRelease: "",
  cpuModel: "",
  cpuCount: 1,
  memoryBytes: 0,
  nodeVersion: process.version,
  gpus: [],
};

const ncclText = readFileSync(
  new URL("../parsers/__fixtures__/nccl-tests-all-reduce-2.19.6.txt", import.meta.url),
  "utf8",
);

function gpuResult(
  benchmark: string,
  metric: string,
  value: number,
  parameters: Record<string, string | number>,
  name = "NVIDIA H100 80GB HBM3",
): BenchmarkResult {
  return {
    suite: "webgpu",
    benchmark,
    parameters,
    status: "passed",
    samplesSeconds: [0.001],
    iterationsPerSample: 1,
    warmupIterations: 0,
    stopReason: "ci-target",
    metrics: [{ name: metric, unit: "x", value, higherIsBetter: true }],
    device: { backend: "webgpu", name },
    notes: [],
  };
}

describe("calibrate", () => {
  it("reproduces the 8x A100 all-reduce busbw ratio 234.89 / 300 from the captured nccl-tests output", () => {
    const results = ncclTestsToResults(parseNcclTests(ncclText));
    const calibration = calibrate([createResultSet(environment, results)], "nvidia-a100-sxm-80gb");
    const link = getAccelerator("nvidia-a100-sxm-80gb").scaleUp.bandwidthGBpsPerDirection;
    expect(calibration.efficiency.scaleUpBusBandwidthRatio).toBeCloseTo(234.89 / link, 6);
    expect(calibration.measurements.collectives).toHaveLength(20);
    expect(calibration.measurements.collectives[0]).toMatchObject({
      collective: "all-reduce",
      scope: "scale-up",
      ranks: 8,
    });
    expect(calibrationFileSchema.parse(JSON.parse(JSON.stringify(calibration)))).toEqual(calibration);
  });

  it("computes matmul per dtype against the dense peak and HBM ratio from the best stream kernel", () => {
    const h100 = getAccelerator("nvidia-h100-sxm");
    const fp32Peak = h100.denseTflops.fp32 as number;
    const fp16Peak = h100.denseTflops.fp16 as number;
    const set = createResultSet(environment, [
      gpuResult("matmul", "matmulTflops", fp32Peak * 0.5, { m: 4096, n: 4096, k: 4096, dtype: "f32" }),
      gpuResult("matmul", "matmulTflops", fp16Peak * 0.1, { m: 4096, n: 4096, k: 4096, dtype: "f16" }),
      gpuResult("matmul", "matmulTflops", fp16Peak * 0.2, { m: 8192, n: 8192, k: 8192, dtype: "f16" }),
      gpuResult("copy", "copyGBps", h100.memoryBandwidthGBps * 0.7, { elements: 1 }),
      gpuResult("triad", "triadGBps", h100.memoryBandwidthGBps * 0.8, { elements: 1 }),
      gpuResult(
        "matmul",
        "matmulTflops",
        0.001,
        { m: 256, n: 256, k: 256, dtype: "f32" },
        "llvmpipe (LLVM 15.0.6, 256 bits)",
      ),
    ]);
    const calibration = calibrate([set], "nvidia-h100-sxm");
    expect(calibration.matmulRatioByDtype.fp32).toBeCloseTo(0.5, 9);
    expect(calibration.matmulRatioByDtype.fp16).toBeCloseTo(0.2, 9);
    expect(calibration.efficiency.matmulRatio).toBeCloseTo(0.2, 9);
    expect(calibration.efficiency.memoryBandwidthRatio).toBeCloseTo(0.8, 9);
    expect(calibration.measurements.matmul).toHaveLength(3);
    expect(calibration.warnings.join(" ")).toMatch(/software adapter/);
  });

  it("clamps ratios above 1 with a warning, and fails when nothing can be calibrated", () => {
    const h100 = getAccelerator("nvidia-h100-sxm");
    const set = createResultSet(environment, [gpuResult("triad", "triadGBps", h100.memoryBandwidthGBps * 1.2, {})]);
    const calibration = calibrate([set], "nvidia-h100-sxm");
    expect(calibration.efficiency.memoryBandwidthRatio).toBe(1);
    expect(calibration.warnings.join(" ")).toMatch(/clamped/);
    expect(() => calibrate([createResultSet(environment, [])], "nvidia-h100-sxm")).toThrow(/no result can be compared/);
    expect(() => calibrate([set], "nvidia-h999")).toThrow(/nvidia-h/);
  });

  it("lists achieved vs peak rows and maps dtype spellings", () => {
    const h100 = getAccelerator("nvidia-h100-sxm");
    const rows = achievedVsPeak([gpuResult("triad", "triadGBps", 2000, {})], "nvidia-h100-sxm");
    expect(rows[0]).toMatchObject({ achieved: 2000, peak: h100.memoryBandwidthGBps, peakField: "memoryBandwidthGBps" });
    expect(catalogDtype("bfloat16")).toBe("bf16");
    expect(catalogDtype("float8_e4m3fn")).toBe("fp8");
    expect(catalogDtype("weird")).toBeUndefined();
  });
});
