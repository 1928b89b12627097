import { NotFoundError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { getAccelerator, getSystem } from "./catalog";
import { getFabric, listFabrics } from "./fabric-catalog";
import { acceleratorPowerWatts, systemPowerWatts } from "./power";
import { getStorageTier, hbmTierOf, listStorageTiers } from "./storage-catalog";

describe("fabric and storage queries", () => {
  it("getFabric and getStorageTier suggest the nearest id on a miss", () => {
    expect(getFabric("infiniband-ndr").portGbitps).toBe(400);
    expect(() => getFabric("infiniband-nd")).toThrow(NotFoundError);
    expect(getStorageTier("object-storage-s3").writeRequestsPerSecond).toBe(3500);
    expect(() => getStorageTier("object-storage")).toThrow(/unknown storage tier/);
  });

  it("listFabrics filters by tier, family and vendor", () => {
    expect(listFabrics({ family: "infiniband" }).map((f) => f.id)).toEqual([
      "infiniband-hdr",
      "infiniband-ndr",
      "infiniband-xdr",
    ]);
    expect(listFabrics({ tier: "scale-up" }).every((f) => f.tier === "scale-up")).toBe(true);
    expect(listFabrics({ vendor: "Google" }).every((f) => f.family === "ici")).toBe(true);
  });

  it("listStorageTiers filters by kind; hbmTierOf reads an accelerator", () => {
    expect(listStorageTiers({ kind: "local-nvme" }).map((t) => t.id)).toEqual([
      "local-nvme-dgx-h100",
      "local-nvme-dgx-b200",
    ]);
    const hbm = hbmTierOf("amd-mi300x");
    expect(hbm).toMatchObject({ kind: "hbm", capacityGB: 192, readBandwidthGBps: 5300, scope: "per-accelerator" });
    expect(hbm.sources.length).toBeGreaterThan(0);
  });
});

describe("power figures", () => {
  it("say which basis they use", () => {
    expect(acceleratorPowerWatts(getAccelerator("nvidia-h100-sxm"))).toEqual({ powerWatts: 700, basis: "tdp" });
    expect(acceleratorPowerWatts(getAccelerator("google-tpu-v4"))).toEqual({ powerWatts: 192, basis: "measured-max" });
    expect(acceleratorPowerWatts(getAccelerator("google-tpu-v5p"))).toEqual({
      powerWatts: undefined,
      basis: "unpublished",
    });
    expect(systemPowerWatts(getSystem("nvidia-dgx-b200"))).toEqual({ powerWatts: 14_300, basis: "system-max" });
    expect(systemPowerWatts(getSystem("google-tpu-v5p-pod")).basis).toBe("unpublished");
  });
});
