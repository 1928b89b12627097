import { readFileSync } from "node:fs";
import { NotFoundError } from "@aifactory/core";
import { catalogFromRegistry, createHardwareRegistry, definePlugin, parseHardwarePack } from "@aifactory/hardware";
import { describe, expect, it } from "vitest";
import { getBillOfMaterials } from "../supply/bill-of-materials";
import { planAcceleratorSupply } from "../supply/plan-accelerator-supply";
import { computeAcceleratorTco } from "../tco/accelerator-tco";
import { defaultPurchasePrice, listCloudPrices, listElectricityPrices, type PriceCatalog } from "./price-catalog";

// The example hardware pack restates the H100 SXM under another id; its prices and bill of materials here restate
// the built-in H100 entries (same figures, same sources) under that id.
const packJson = JSON.parse(
  readFileSync(new URL("../../../hardware/docs/example-hardware-pack.json", import.meta.url), "utf8"),
) as unknown;
const catalog = catalogFromRegistry(createHardwareRegistry({ plugins: [definePlugin(parseHardwarePack(packJson))] }));
const ID = "example-h100-sxm-restated";
const H100 = "nvidia-h100-sxm";
const h100Purchase = defaultPurchasePrice(H100);
const h100Cloud = listCloudPrices({ acceleratorId: H100 })[0]!;
const prices: PriceCatalog = {
  purchasePrices: [{ ...h100Purchase, id: `${ID}-price`, acceleratorId: ID }],
  cloudPrices: [{ ...h100Cloud, id: `${ID}-cloud`, acceleratorId: ID }],
  electricityPrices: [{ ...listElectricityPrices({ regionId: "us" })[0]!, regionId: "example-region" }],
};
const billsOfMaterials = [{ ...getBillOfMaterials(H100), acceleratorId: ID }];

describe("economics with a pack's catalog and prices", () => {
  it("the price lookups search a pack's prices with the built-in ones", () => {
    expect(() => defaultPurchasePrice(ID)).toThrow(/no purchase price/);
    expect(defaultPurchasePrice(ID, prices).usdPerAccelerator).toBe(h100Purchase.usdPerAccelerator);
    expect(listCloudPrices({ acceleratorId: ID }, prices)).toHaveLength(1);
    expect(listElectricityPrices({ regionId: "example-region" }, prices)).toHaveLength(1);
    expect(listCloudPrices({}, prices).length).toBe(listCloudPrices().length + 1);
  });

  it("computeAcceleratorTco prices the pack's accelerator as the built-in H100 it restates", () => {
    const input = { acceleratorCount: 1024, depreciationYears: 5, pue: 1.3, regionId: "us" };
    expect(() => computeAcceleratorTco({ ...input, acceleratorId: ID })).toThrow(NotFoundError);
    const pack = computeAcceleratorTco({ ...input, acceleratorId: ID }, { catalog, prices });
    const builtIn = computeAcceleratorTco({ ...input, acceleratorId: H100 });
    expect(pack.costPerGpuHourUsd).toBeCloseTo(builtIn.costPerGpuHourUsd, 9);
    expect(pack.capexUsd).toBeCloseTo(builtIn.capexUsd, 6);
    const region = computeAcceleratorTco(
      { ...input, acceleratorId: ID, regionId: "example-region" },
      { catalog, prices },
    );
    expect(region.costPerGpuHourUsd).toBeCloseTo(builtIn.costPerGpuHourUsd, 9);
  });

  it("planAcceleratorSupply plans the pack's accelerator from a pack bill of materials", () => {
    const input = { acceleratorId: ID, acceleratorCount: 20_000, startQuarter: "2027-Q1", availablePowerMW: 50 };
    expect(() => planAcceleratorSupply(input, { catalog })).toThrow(/bill of materials/);
    const pack = planAcceleratorSupply(input, { catalog, billsOfMaterials });
    const builtIn = planAcceleratorSupply({ ...input, acceleratorId: H100 });
    expect(pack.earliestOnlineQuarter).toBe(builtIn.earliestOnlineQuarter);
    expect(pack.bindingConstraint).toBe(builtIn.bindingConstraint);
  });
});
