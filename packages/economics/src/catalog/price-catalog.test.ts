import { describe, expect, it } from "vitest";
import { CLOUD_PRICES } from "../data/cloud-prices";
import { ELECTRICITY_PRICES } from "../data/electricity-prices";
import { cloudPriceSchema, electricityPriceSchema, purchasePriceSchema } from "../data/price-schemas";
import { PURCHASE_PRICES } from "../data/purchase-prices";
import { defaultPurchasePrice, listCloudPrices, listElectricityPrices, listPurchasePrices } from "./price-catalog";

describe("price catalogs", () => {
  it("every entry parses and carries a date and a source", () => {
    for (const price of CLOUD_PRICES) expect(() => cloudPriceSchema.parse(price)).not.toThrow();
    for (const price of PURCHASE_PRICES) expect(() => purchasePriceSchema.parse(price)).not.toThrow();
    for (const price of ELECTRICITY_PRICES) expect(() => electricityPriceSchema.parse(price)).not.toThrow();
  });

  it("has unique ids", () => {
    const cloud = CLOUD_PRICES.map((price) => price.id);
    const purchase = PURCHASE_PRICES.map((price) => price.id);
    expect(new Set(cloud).size).toBe(cloud.length);
    expect(new Set(purchase).size).toBe(purchase.length);
  });

  it("lists newest first", () => {
    const dates = listCloudPrices({ acceleratorId: "nvidia-h100-sxm" }).map((price) => price.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(listPurchasePrices({ acceleratorId: "nvidia-h100-sxm" })[0]?.date.startsWith("2025")).toBe(true);
  });

  it("defaults to the latest annual-average estimate (Epoch AI H100 2025: $23,238)", () => {
    const price = defaultPurchasePrice("nvidia-h100-sxm");
    expect(price.usdPerAccelerator).toBe(23238);
    expect(price.kind).toBe("annual-average");
  });

  it("falls back to the newest listing and fails clearly without a price", () => {
    expect(defaultPurchasePrice("nvidia-b200").scope).toBe("server");
    expect(() => defaultPurchasePrice("google-tpu-v5p")).toThrow(/no purchase price/);
  });

  it("gives the latest electricity price of a region", () => {
    expect(listElectricityPrices({ regionId: "us" })[0]).toMatchObject({ year: 2025, usdPerKWh: 0.0826 });
    expect(listElectricityPrices({ regionId: "us-tx" })[0]?.usdPerKWh).toBe(0.066);
  });
});
