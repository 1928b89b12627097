import { ConflictError, definePlugin } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { getAccelerator, listAccelerators } from "./catalog";
import { defineCluster } from "./cluster";
import { BUILT_IN_ACCELERATORS } from "./data/accelerators";
import { catalogFromRegistry, createHardwareRegistry, HARDWARE_EXTENSION_KINDS } from "./registry";

const acme = {
  ...BUILT_IN_ACCELERATORS.find((a) => a.id === "nvidia-h100-sxm")!,
  id: "acme-x1",
  name: "Acme X1",
  vendor: "acme",
};

describe("hardware registry", () => {
  it("registers the built-in catalog as a plugin", () => {
    const registry = createHardwareRegistry();
    expect(registry.plugins()).toEqual(["@aifactory/hardware@0.1.0"]);
    expect(registry.kinds()).toEqual(HARDWARE_EXTENSION_KINDS.map((k) => k.key));
    expect(registry.ids("hardware.accelerators")).toHaveLength(BUILT_IN_ACCELERATORS.length);
    expect(registry.originOf("hardware.systems", "nvidia-dgx-h100")).toBe("@aifactory/hardware@0.1.0");
  });

  it("accepts a hardware pack and its entries work with every query", () => {
    const pack = definePlugin({
      name: "aifactory-pack-acme",
      version: "1.0.0",
      hardware: {
        accelerators: [acme],
        systems: [
          {
            id: "acme-box",
            name: "Acme Box",
            vendor: "acme",
            acceleratorId: "acme-x1",
            acceleratorCount: 4,
            systemPowerWatts: 4000,
            sources: [{ title: "Acme datasheet", evidence: "verified" }],
          },
        ],
      },
    });
    const registry = createHardwareRegistry({ plugins: [pack] });
    const catalog = catalogFromRegistry(registry);
    expect(getAccelerator("acme-x1", catalog).vendor).toBe("acme");
    expect(listAccelerators({ vendor: "acme" }, catalog)).toHaveLength(1);
    const cluster = defineCluster(
      { system: "acme-box", count: 2, fabric: "infiniband-ndr" },
      { catalog, fabrics: catalog.fabrics },
    );
    expect(cluster.acceleratorCount).toBe(8);
    expect(cluster.itPowerWatts).toBe(8000);
  });

  it("rejects duplicate ids, invalid entries and dangling references", () => {
    const dup = definePlugin({
      name: "dup",
      version: "1.0.0",
      hardware: { accelerators: [{ ...acme, id: "nvidia-h100-sxm" }] },
    });
    expect(() => createHardwareRegistry({ plugins: [dup] })).toThrow(ConflictError);
    const bad = definePlugin({
      name: "bad",
      version: "1.0.0",
      hardware: { accelerators: [{ ...acme, memoryGB: -1 }] },
    });
    expect(() => createHardwareRegistry({ plugins: [bad] })).toThrow(/memoryGB/);
    const dangling = definePlugin({
      name: "dangling",
      version: "1.0.0",
      hardware: {
        systems: [
          {
            id: "x-box",
            name: "X",
            vendor: "x",
            acceleratorId: "x-missing",
            acceleratorCount: 1,
            sources: [{ title: "X doc", evidence: "estimate" }],
          },
        ],
      },
    });
    expect(() => createHardwareRegistry({ plugins: [dangling] })).toThrow(/x-missing/);
    const typo = definePlugin({ name: "typo", version: "1.0.0", hardware: { accelerator: [acme] } });
    expect(() => createHardwareRegistry({ plugins: [typo] })).toThrow(/unknown contribution "hardware.accelerator"/);
  });

  it("can start empty", () => {
    expect(createHardwareRegistry({ builtIn: false }).ids("hardware.accelerators")).toEqual([]);
  });
});
