import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getAccelerator } from "./catalog";
import { BUILT_IN_ACCELERATORS } from "./data/accelerators";
import { DTYPES } from "./dtype";
import {
  acceleratorMetrics,
  attainableTflops,
  compareAccelerators,
  memoryGBPerTflops,
  ridgePointFlopsPerByte,
  roofline,
  tflopsPerWatt,
} from "./metrics";

const h100 = getAccelerator("nvidia-h100-sxm");

describe("derived metrics", () => {
  it("H100 SXM bf16 ridge point = 989e12 / 3.35e12 FLOP/byte", () => {
    expect(ridgePointFlopsPerByte(h100, "bf16")).toBeCloseTo(989 / 3.35, 9);
    expect(ridgePointFlopsPerByte(h100, "bf16", { sparse: true })).toBeCloseTo(1979 / 3.35, 9);
    expect(ridgePointFlopsPerByte(h100, "fp4")).toBeUndefined();
  });

  it("TFLOPS per watt and GB per TFLOPS", () => {
    expect(tflopsPerWatt(h100, "bf16")).toBeCloseTo(989 / 700, 12);
    expect(memoryGBPerTflops(getAccelerator("amd-mi300x"), "bf16")).toBeCloseTo(192 / 1307, 12);
    expect(tflopsPerWatt(getAccelerator("google-tpu-v5p"), "bf16")).toBeUndefined();
  });

  it("attainable throughput is memory-bound below the ridge and compute-bound above", () => {
    expect(attainableTflops(h100, "bf16", 100)).toBeCloseTo(335, 9);
    expect(attainableTflops(h100, "bf16", 10_000)).toBe(989);
    expect(() => attainableTflops(h100, "bf16", -1)).toThrow(/intensityFlopsPerByte/);
  });

  it("roofline is continuous, non-decreasing, never above the peak and includes the ridge (property)", () => {
    const withPeaks = BUILT_IN_ACCELERATORS.flatMap((a) =>
      DTYPES.filter((d) => a.denseTflops[d] !== undefined).map((d) => [a, d] as const),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...withPeaks),
        fc.integer({ min: 2, max: 200 }),
        ([accelerator, dtype], pointCount) => {
          const line = roofline(accelerator, dtype, { pointCount });
          expect(line.points.length).toBeGreaterThanOrEqual(pointCount);
          let previous = 0;
          for (const point of line.points) {
            expect(Number.isFinite(point.attainableTflops)).toBe(true);
            expect(point.attainableTflops).toBeGreaterThanOrEqual(previous);
            expect(point.attainableTflops).toBeLessThanOrEqual(line.peakTflops * (1 + 1e-12));
            expect(point.bound).toBe(point.intensityFlopsPerByte < line.ridgePointFlopsPerByte ? "memory" : "compute");
            previous = point.attainableTflops;
          }
          expect(line.points.some((p) => Math.abs(p.intensityFlopsPerByte - line.ridgePointFlopsPerByte) < 1e-9)).toBe(
            true,
          );
        },
      ),
    );
  });

  it("roofline rejects a format without a published peak, naming the available ones", () => {
    expect(() => roofline("nvidia-h100-sxm", "fp4")).toThrow(/no published dense fp4 peak/);
    try {
      roofline("nvidia-h100-sxm", "fp4");
    } catch (error) {
      expect((error as { hint: string }).hint).toContain("bf16");
    }
  });

  it("acceleratorMetrics lists every published dense format, widest first", () => {
    expect(acceleratorMetrics("nvidia-h100-sxm").map((m) => m.dtype)).toEqual([
      "fp64",
      "fp32",
      "tf32",
      "bf16",
      "fp16",
      "fp8",
      "int8",
    ]);
  });

  it("compareAccelerators gives ratios to the first accelerator", () => {
    const comparison = compareAccelerators(["nvidia-h100-sxm", "amd-mi300x"]);
    expect(comparison.dtype).toBe("bf16");
    expect(comparison.rows[0]?.relativeToFirst.memoryGB).toBe(1);
    expect(comparison.rows[1]?.relativeToFirst.memoryGB).toBeCloseTo(2.4, 12);
    expect(comparison.rows[1]?.relativeToFirst.denseTflops).toBeCloseTo(1307 / 989, 12);
    expect(() => compareAccelerators([])).toThrow(/at least one/);
    expect(() => compareAccelerators(["nvidia-h100-sx"])).toThrow(/nvidia-h100-sx/);
  });
});
