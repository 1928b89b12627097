import { describe, expect, it } from "vitest";
import { fabricSchema } from "../fabric";
import { storageTierSchema } from "../storage-tier";
import { BUILT_IN_ACCELERATORS } from "./accelerators";
import { BUILT_IN_FABRICS } from "./fabrics";
import { BUILT_IN_STORAGE_TIERS } from "./storage-tiers";

describe("built-in fabrics", () => {
  it("have unique ids and cover NVLink, ICI, Infinity Fabric, InfiniBand NDR/XDR, RoCE and EFA", () => {
    const ids = BUILT_IN_FABRICS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    const families = new Set(BUILT_IN_FABRICS.map((f) => f.family));
    for (const family of ["nvlink", "ici", "infinity-fabric", "infiniband", "ethernet", "efa", "neuronlink"]) {
      expect(families.has(family), family).toBe(true);
    }
    expect(ids).toEqual(expect.arrayContaining(["infiniband-ndr", "infiniband-xdr"]));
  });

  it.each(BUILT_IN_FABRICS.map((f) => [f.id, f] as const))("%s parses and has a source", (_id, fabric) => {
    const result = fabricSchema.safeParse(fabric);
    expect(result.success, result.success ? "" : JSON.stringify(result.error.issues)).toBe(true);
    expect(fabric.sources.length).toBeGreaterThan(0);
  });

  it.each(
    BUILT_IN_FABRICS.filter((f) => f.linkBandwidthGBpsPerDirection && f.linksPerAccelerator).map(
      (f) => [f.id, f] as const,
    ),
  )("%s: links x link bandwidth = per-accelerator bandwidth", (_id, fabric) => {
    expect(fabric.linksPerAccelerator! * fabric.linkBandwidthGBpsPerDirection!).toBeCloseTo(
      fabric.perAcceleratorBandwidthGBpsPerDirection!,
      6,
    );
  });

  it("NVLink generations agree with the accelerators that use them (per direction)", () => {
    const perDirection = (id: string) =>
      BUILT_IN_ACCELERATORS.find((a) => a.id === id)!.scaleUp.bandwidthGBpsPerDirection;
    const fabric = (id: string) => BUILT_IN_FABRICS.find((f) => f.id === id)!.perAcceleratorBandwidthGBpsPerDirection;
    expect(fabric("nvlink-3")).toBe(perDirection("nvidia-a100-sxm-80gb"));
    expect(fabric("nvlink-4")).toBe(perDirection("nvidia-h100-sxm"));
    expect(fabric("nvlink-5")).toBe(perDirection("nvidia-b200"));
    expect(fabric("amd-infinity-fabric-mi300")).toBe(perDirection("amd-mi300x"));
    expect(fabric("google-ici-v5p")).toBe(perDirection("google-tpu-v5p"));
  });

  it("rejects a scale-out fabric without a port rate", () => {
    const { portGbitps: _drop, ...rest } = BUILT_IN_FABRICS.find((f) => f.id === "infiniband-ndr")!;
    expect(fabricSchema.safeParse(rest).success).toBe(false);
  });
});

describe("built-in storage tiers", () => {
  it("cover every kind from HBM to object storage", () => {
    const kinds = new Set(BUILT_IN_STORAGE_TIERS.map((t) => t.kind));
    for (const kind of ["hbm", "host-dram", "local-nvme", "parallel-file-system", "object-storage"]) {
      expect(kinds.has(kind as never), kind).toBe(true);
    }
  });

  it.each(BUILT_IN_STORAGE_TIERS.map((t) => [t.id, t] as const))("%s parses and has a source", (_id, tier) => {
    const result = storageTierSchema.safeParse(tier);
    expect(result.success, result.success ? "" : JSON.stringify(result.error.issues)).toBe(true);
  });

  it("the HBM tier's ranges are the min and max over the accelerator catalog", () => {
    const hbm = BUILT_IN_STORAGE_TIERS.find((t) => t.id === "hbm")!;
    const memory = BUILT_IN_ACCELERATORS.map((a) => a.memoryGB);
    const bandwidth = BUILT_IN_ACCELERATORS.map((a) => a.memoryBandwidthGBps);
    expect(hbm.capacityGBRange).toEqual({ min: Math.min(...memory), max: Math.max(...memory) });
    expect(hbm.readBandwidthGBpsRange).toEqual({ min: Math.min(...bandwidth), max: Math.max(...bandwidth) });
  });
});
