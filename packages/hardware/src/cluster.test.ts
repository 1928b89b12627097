import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineCluster } from "./cluster";
import { BUILT_IN_SYSTEMS } from "./data/systems";

function hintOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return String((error as { hint?: string }).hint);
  }
  throw new Error("expected an error");
}

describe("defineCluster", () => {
  it("128 x DGX H100 on NDR: 1,024 GPUs, 1.0128 EFLOPS bf16 dense, 81.92 TB HBM, 1.3056 MW, 25.6 TB/s bisection", () => {
    const cluster = defineCluster({ system: "nvidia-dgx-h100", count: 128, fabric: "infiniband-ndr" });
    expect(cluster.acceleratorCount).toBe(1024);
    expect(cluster.peakPflops.dense.bf16).toBeCloseTo(1012.736, 9);
    expect(cluster.peakPflops.sparse.bf16).toBeCloseTo(2026.496, 9);
    expect(cluster.hbmGB).toBe(81_920);
    expect(cluster.hbmBandwidthTBps).toBeCloseTo(3430.4, 9);
    expect(cluster.itPowerWatts).toBe(1_305_600);
    expect(cluster.scaleUp).toEqual({ scaleUpDomainSize: 8, domainCount: 128, bandwidthGBpsPerDirection: 450 });
    expect(cluster.scaleOut.gbpsPerAccelerator).toBe(400);
    expect(cluster.scaleOut.bisectionGBps).toBe(25_600);
    expect(cluster.topology).toBe("fat-tree");
    expect(cluster.warnings).toEqual([]);
  });

  it("oversubscription divides the bisection", () => {
    const cluster = defineCluster({
      system: "nvidia-dgx-h100",
      count: 64,
      fabric: "infiniband-ndr",
      topology: "rail-optimized",
      oversubscriptionRatio: 2,
    });
    expect(cluster.scaleOut.bisectionGBps).toBe(6_400);
  });

  it("a GB200 NVL72 rack is one 72-GPU scale-up domain", () => {
    const cluster = defineCluster({ system: "nvidia-gb200-nvl72", count: 4, fabric: "infiniband-xdr" });
    expect(cluster.scaleUp.scaleUpDomainSize).toBe(72);
    expect(cluster.scaleUp.domainCount).toBe(4);
    expect(cluster.scaleOut.gbpsPerAccelerator).toBe(400);
  });

  it("warns when the system has no published power, and when NICs outrun the fabric", () => {
    const mi300x = defineCluster({ system: "amd-mi300x-platform", count: 2, fabric: "ethernet-roce-400g" });
    expect(mi300x.itPowerWatts).toBeUndefined();
    expect(mi300x.warnings.join(" ")).toMatch(/no published power/);
    const slow = defineCluster({ system: "nvidia-dgx-h100", count: 2, fabric: "infiniband-hdr" });
    expect(slow.scaleOut.gbpsPerAccelerator).toBe(200);
    expect(slow.warnings.join(" ")).toMatch(/200 Gb\/s port rate/);
  });

  it("rejects a scale-up fabric, an unknown id and a bad count", () => {
    expect(() => defineCluster({ system: "nvidia-dgx-h100", count: 2, fabric: "nvlink-4" })).toThrow(
      /scale-out fabric/,
    );
    expect(hintOf(() => defineCluster({ system: "nvidia-dgx-h10", count: 2, fabric: "infiniband-ndr" }))).toContain(
      "nvidia-dgx-h100",
    );
    expect(() => defineCluster({ system: "nvidia-dgx-h100", count: 0, fabric: "infiniband-ndr" })).toThrow(/count/);
    expect(hintOf(() => defineCluster({ system: "nvidia-dgx-h100", count: 2, fabric: "infiniband-ndx" }))).toContain(
      "infiniband-ndr",
    );
  });

  const specArb = fc.record({
    system: fc.constantFrom(...BUILT_IN_SYSTEMS.map((s) => s.id)),
    count: fc.integer({ min: 1, max: 4096 }),
    fabric: fc.constantFrom(
      "infiniband-hdr",
      "infiniband-ndr",
      "infiniband-xdr",
      "ethernet-roce-400g",
      "aws-efa-p5",
      "aws-efa-v3-trn2",
    ),
    oversubscriptionRatio: fc.double({ min: 1, max: 8, noNaN: true }),
  });

  it("totals are finite, non-negative and linear in the system count (property)", () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const one = defineCluster({ ...spec, count: 1 });
        const many = defineCluster(spec);
        expect(many.acceleratorCount).toBe(one.acceleratorCount * spec.count);
        expect(many.hbmGB).toBeCloseTo(one.hbmGB * spec.count, 6);
        for (const [dtype, value] of Object.entries(many.peakPflops.dense)) {
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeCloseTo((one.peakPflops.dense[dtype as "bf16"] ?? 0) * spec.count, 6);
        }
        if (one.itPowerWatts !== undefined) expect(many.itPowerWatts).toBeCloseTo(one.itPowerWatts * spec.count, 6);
        for (const value of [many.hbmBandwidthTBps, many.scaleOut.injectionGBps, many.scaleOut.bisectionGBps]) {
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
        expect(many.scaleUp.scaleUpDomainSize * many.scaleUp.domainCount).toBeGreaterThanOrEqual(many.acceleratorCount);
      }),
    );
  });

  it("more systems never reduce bisection; more oversubscription never increases it (property)", () => {
    fc.assert(
      fc.property(
        specArb,
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        (spec, extra, factor) => {
          const base = defineCluster(spec);
          const bigger = defineCluster({ ...spec, count: spec.count + extra });
          const oversubscribed = defineCluster({ ...spec, oversubscriptionRatio: spec.oversubscriptionRatio * factor });
          expect(bigger.scaleOut.bisectionGBps).toBeGreaterThanOrEqual(base.scaleOut.bisectionGBps);
          expect(oversubscribed.scaleOut.bisectionGBps).toBeLessThanOrEqual(base.scaleOut.bisectionGBps + 1e-9);
        },
      ),
    );
  });
});
