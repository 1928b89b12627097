import { AifError } from "@aifactory/core";
import { CLOUD_PRICES } from "../data/cloud-prices";
import { ELECTRICITY_PRICES } from "../data/electricity-prices";
import type { CloudPrice, ElectricityPrice, PurchasePrice } from "../data/price-schemas";
import { PURCHASE_PRICES } from "../data/purchase-prices";

/**
 * Prices beyond the package's built-in data, e.g. those of a pack: searched together with the built-in entries
 * by every price lookup that takes them. Each entry has the same schema (and needs the same public sources) as
 * the built-in ones: {@link cloudPriceSchema}, {@link purchasePriceSchema}, {@link electricityPriceSchema}.
 *
 * @example
 * ```ts
 * import { defaultPurchasePrice, listPurchasePrices, type PriceCatalog } from "@aifactory/economics";
 * const h100 = defaultPurchasePrice("nvidia-h100-sxm");
 * const prices: PriceCatalog = { purchasePrices: [{ ...h100, id: "acme-x1-price", acceleratorId: "acme-x1" }] };
 * defaultPurchasePrice("acme-x1", prices).usdPerAccelerator; // 23238
 * ```
 * @since 0.10.0
 * @category Prices
 */
export interface PriceCatalog {
  /** Cloud list prices per accelerator-hour. */
  readonly cloudPrices?: readonly CloudPrice[];
  /** Purchase prices per accelerator. */
  readonly purchasePrices?: readonly PurchasePrice[];
  /** Electricity prices per region. */
  readonly electricityPrices?: readonly ElectricityPrice[];
}

/**
 * Cloud list prices, optionally for one accelerator, newest first.
 *
 * @param filter - `acceleratorId` and/or `provider` (case-insensitive)
 * @param prices - more prices (e.g. a pack's) searched with the built-in ones
 * @returns matching prices, newest first
 * @example
 * ```ts
 * import { listCloudPrices } from "@aifactory/economics";
 * listCloudPrices({ acceleratorId: "nvidia-h100-sxm" })[0]?.listUsdPerAcceleratorHour;
 * ```
 * @since 0.1.0
 * @category Prices
 */
export function listCloudPrices(
  filter: { acceleratorId?: string; provider?: string } = {},
  prices: PriceCatalog = {},
): CloudPrice[] {
  const provider = filter.provider?.toLowerCase();
  return [...CLOUD_PRICES, ...(prices.cloudPrices ?? [])]
    .filter(
      (price) =>
        (filter.acceleratorId === undefined || price.acceleratorId === filter.acceleratorId) &&
        (provider === undefined || price.provider.toLowerCase() === provider),
    )
    .sort((a, b) => b.date.localeCompare(a.date));
}

/**
 * Purchase prices, optionally for one accelerator, newest first.
 *
 * @param filter - `acceleratorId`
 * @param prices - more prices (e.g. a pack's) searched with the built-in ones
 * @returns matching prices, newest first
 * @example
 * ```ts
 * import { listPurchasePrices } from "@aifactory/economics";
 * listPurchasePrices({ acceleratorId: "nvidia-h100-sxm" }).length > 0; // true
 * ```
 * @since 0.1.0
 * @category Prices
 */
export function listPurchasePrices(
  filter: { acceleratorId?: string } = {},
  prices: PriceCatalog = {},
): PurchasePrice[] {
  return [...PURCHASE_PRICES, ...(prices.purchasePrices ?? [])]
    .filter((price) => filter.acceleratorId === undefined || price.acceleratorId === filter.acceleratorId)
    .sort((a, b) => b.date.localeCompare(a.date));
}

/**
 * The default purchase price of an accelerator: the latest year's annual-average estimate where one exists
 * (a market average is steadier than one listing), otherwise the newest listing.
 *
 * @param acceleratorId - accelerator id
 * @param catalog - more prices (e.g. a pack's) searched with the built-in ones
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
export function defaultPurchasePrice(acceleratorId: string, catalog: PriceCatalog = {}): PurchasePrice {
  const prices = listPurchasePrices({ acceleratorId }, catalog);
  if (prices.length === 0) {
    const known = [
      ...new Set([...PURCHASE_PRICES, ...(catalog.purchasePrices ?? [])].map((price) => price.acceleratorId)),
    ].join(", ");
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
 * @param prices - more prices (e.g. a pack's) searched with the built-in ones
 * @returns matching prices
 * @example
 * ```ts
 * import { listElectricityPrices } from "@aifactory/economics";
 * listElectricityPrices({ regionId: "us-tx" })[0]?.usdPerKWh; // 0.066
 * ```
 * @since 0.1.0
 * @category Prices
 */
export function listElectricityPrices(
  filter: { regionId?: string } = {},
  prices: PriceCatalog = {},
): ElectricityPrice[] {
  return [...ELECTRICITY_PRICES, ...(prices.electricityPrices ?? [])]
    .filter((price) => filter.regionId === undefined || price.regionId === filter.regionId)
    .sort((a, b) => b.year - a.year);
}
