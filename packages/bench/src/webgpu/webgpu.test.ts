import { describe, expect, it } from "vitest";
import type { BenchEnvironment } from "../harness/result-schema";
import { runSuite } from "../harness/run-benchmark";
import { float16BitsToFloat32, float32ToFloat16Bits, matmulShader } from "./shaders";
import { openWebGpu, withErrorScopes } from "./webgpu-device";
import { createWebGpuSuite } from "./webgpu-suite";

const environment: BenchEnvironment = {
  hostname: "t",
  platform: "linux",
  arch: "x64",
  osRelease: "",
  cpuModel: "",
  cpuCount: 1,
  memoryBytes: 0,
  nodeVersion: process.version,
  gpus: [],
};

async function adapterAvailable(): Promise<boolean> {
  try {
    (await openWebGpu()).close();
    return true;
  } catch {
    return false;
  }
}

const available = await adapterAvailable();

describe("f16 conversion", () => {
  it("round-trips representable values and rounds to nearest", () => {
    for (const value of [0, 1, -2, 0.5, 65504, 2 ** -14, 2 ** -24])
      expect(float16BitsToFloat32(float32ToFloat16Bits(value))).toBe(value);
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    expect(Math.abs(float16BitsToFloat32(float32ToFloat16Bits(0.1)) - 0.1)).toBeLessThan(1e-4);
  });
});

describe.skipIf(!available)("WebGPU kernels on this machine's adapter", () => {
  it("runs verified matmul and stream kernels and reports finite throughput", async () => {
    const set = await runSuite(createWebGpuSuite({ matmulSizes: [64], streamElements: 1 << 16, verifyEntries: 64 }), {
      environment,
      sampling: { timeBudgetSeconds: 0.3, minSamples: 5 },
    });
    const byId = Object.fromEntries(set.results.map((r) => [`${r.benchmark}:${r.parameters.dtype}`, r]));
    const matmul = byId["matmul:f32"];
    expect(matmul?.status).toBe("passed");
    expect(matmul?.metrics[0]?.name).toBe("matmulTflops");
    expect(Number.isFinite(matmul?.metrics[0]?.value)).toBe(true);
    expect(["passed", "skipped"]).toContain(byId["matmul:f16"]?.status);
    expect(byId["copy:f32"]?.status).toBe("passed");
    expect(byId["triad:f32"]?.status).toBe("passed");
    expect(matmul?.device?.backend).toBe("webgpu");
  }, 60_000);

  it("turns an invalid shader into a failure instead of a timing", async () => {
    const gpu = await openWebGpu();
    try {
      await expect(
        withErrorScopes(gpu.device, () => gpu.device.createShaderModule({ code: "fn main( {" })),
      ).rejects.toMatchObject({ code: "VERIFICATION_FAILED" });
      await expect(
        withErrorScopes(gpu.device, () => gpu.device.createShaderModule({ code: matmulShader("f32", 8) })),
      ).resolves.toBeDefined();
    } finally {
      gpu.close();
    }
  });
});
