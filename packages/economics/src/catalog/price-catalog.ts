import { AifError } from "@aifactory/core";
import { CLOUD_PRICES } from "../data/cloud-prices";
import { ELECTRICITY_PRICES } from "../data/electricity-prices";
import type { CloudPrice, ElectricityPrice, PurchasePrice } from "../data/price-schemas";
import { PURCHASE_PRICES } from "../data/purchase-prices";

/**
 * Cloud list prices, optionally for one accelerator, newest first.
 *
 * @param filter - `acceleratorId` and/or `provider` (case-insensitive)
 * @returns matching prices, newest first
 * @example
 * ```ts
 * import { listCloudPrices } from "@aifactory/economics";
 * listCloudPrices({ acceleratorId: "nvidia-h100-sxm" })[0]?.usdPerGpuHour;
 * ```
 * @since 0.1.0
 * @category Prices
 */
export function listCloudPrices(filter: { acceleratorId?: string; provider?: string } = {}): CloudPrice[] {
  const provider = filter.provider?.toLowerCase();
  return CLOUD_PRICES.filter(
    (price) =>
      (filter.acceleratorId === undefined || price.acceleratorId === filter.acceleratorId) &&
      (provider === undefined || price.provider.toLowerCase() === provider),
  ).sort((a, b) => b.date.localeCompare(a.date));
}

/**
 * Purchase prices, optionally for one accelerator, newest first.
 *
 * @param filter - `acceleratorId`
 * @returns matching prices, newest first
 * @example
 * ```ts
 * import { listPurchasePrices } from "@aifactory/economics";
 * listPurchasePrices({ acceleratorId: "nvidia-h100-sxm" }).length > 0; // true
 * ```
 * @since 0.1.0
 * @category Prices
 */
export function listPurchasePrices(filter: { acceleratorId?: string } = {}): PurchasePrice[] {
  return PURCHASE_PRICES.filter(
    (price) => filter.acceleratorId === undefined || price.acceleratorId === filter.acceleratorId,
  ).sort((a, b) => b.date.localeCompare(a.date));
}

/**
 * The default purchase price of an accelerator: the latest year's annual-average estimate where one exists
 * (a market average is steadier than one listing), otherwise the newest listing.
 *
 * @param acceleratorId - accelerator id
 * @returns the price entry
 * @throws AifError `NOT_FOUND` when the catalog has no price for it
 * @example
 * ```ts
 * import { defaultPurchasePrice } from "@aifactory/economics";
 * defaultPurchasePrice("nvidia-h100-sxm").usdPerAccelerator; // 23238 (Epoch AI 2025 estimate)
 * ```
 * @since 0.1.0
 * @category Prices
 */
export function defaultPurchasePrice(acceleratorId: string): PurchasePrice {
  const prices = listPurchasePrices({ acceleratorId });
  if (prices.length === 0) {
    const known = [...new Set(PURCHASE_PRICES.map((price) => price.acceleratorId))].join(", ");
    throw new AifError("NOT_FOUND", `no purchase price for accelerator "${acceleratorId}"`, {
      hint: `pass the price (--price-usd); priced accelerators: ${known}`,
      details: { acceleratorId },
    });
  }
  const latestYear = prices[0]!.date.slice(0, 4);
  const annual = prices.find((price) => price.kind === "annual-average" && price.date.startsWith(latestYear));
  return annual ?? prices[0]!;
}

/**
 * Electricity prices, optionally for one region, newest first.
 *
 * @param filter - `regionId` (`us`, `us-va`, ...)
 * @returns matching prices
 * @example
 * ```ts
 * import { listElectricityPrices } from "@aifactory/economics";
 * listElectricityPrices({ regionId: "us-tx" })[0]?.usdPerKWh; // 0.066
 * ```
 * @since 0.1.0
 * @category Prices
 */
export function listElectricityPrices(filter: { regionId?: string } = {}): ElectricityPrice[] {
  return ELECTRICITY_PRICES.filter((price) => filter.regionId === undefined || price.regionId === filter.regionId).sort(
    (a, b) => b.year - a.year,
  );
}
