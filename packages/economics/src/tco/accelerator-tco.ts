import { AifError } from "@aifactory/core";
import { type AcceleratorCatalog, getAccelerator, listSystems } from "@aifactory/hardware";
import type { Assumption } from "../assumption";
import { defaultPurchasePrice, listElectricityPrices, type PriceCatalog } from "../catalog/price-catalog";
import { CHIP_TO_SERVER_POWER_MULTIPLIER } from "../data/tco-defaults";
import { computeTco, type TcoInput, type TcoResult } from "./tco";

/**
 * Input of {@link computeAcceleratorTco}: {@link TcoInput} with the price, power and electricity price made
 * optional, because they come from the catalogs.
 *
 * @example
 * ```ts
 * import { computeAcceleratorTco, type AcceleratorTcoInput } from "@aifactory/economics";
 * const input: AcceleratorTcoInput = { acceleratorId: "nvidia-h100-sxm", acceleratorCount: 8 };
 * computeAcceleratorTco(input);
 * ```
 * @since 0.1.0
 * @category TCO
 */
export type AcceleratorTcoInput = Omit<
  TcoInput,
  "acceleratorPriceUsd" | "priceScope" | "maxPowerWattsPerAccelerator" | "electricityUsdPerKWh"
> & {
  acceleratorId: string;
  /** Price per accelerator, USD (default: the catalog's default purchase price). */
  acceleratorPriceUsd?: number;
  /** What the given price covers (default `chip`). */
  priceScope?: TcoInput["priceScope"];
  /** Maximum IT power per accelerator, W (default: catalog system power / accelerators, else TDP x 1.82). */
  maxPowerWattsPerAccelerator?: number;
  /** Electricity price, USD/kWh (default: the region's latest industrial price; region default `us`). */
  electricityUsdPerKWh?: number;
  /** Region for the electricity price (`us`, `us-va`, `us-tx`, ...). */
  regionId?: string;
};

/**
 * {@link computeTco} for a catalog accelerator: the purchase price (Epoch AI's latest annual average or the
 * newest listing), the per-accelerator system power (`@aifactory/hardware`) and the electricity price (EIA /
 * Epoch AI) are filled in when not given, and listed in `assumptions`.
 *
 * @param input - fleet and overrides
 * @param options - `catalog`: the hardware catalog the accelerator and its systems are looked up in (default:
 *   built-in; `catalogFromRegistry` gives one with hardware packs); `prices`: more prices (e.g. a pack's)
 * @returns the TCO result
 * @throws NotFoundError for an unknown accelerator; AifError `NOT_FOUND` when no price or power is known
 * @example
 * ```ts
 * import { computeAcceleratorTco } from "@aifactory/economics";
 * const tco = computeAcceleratorTco({ acceleratorId: "nvidia-h100-sxm", acceleratorCount: 1024, depreciationYears: 5 });
 * tco.costPerGpuHourUsd;
 * ```
 * @since 0.1.0
 * @category TCO
 */
export function computeAcceleratorTco(
  input: AcceleratorTcoInput,
  options: { catalog?: AcceleratorCatalog; prices?: PriceCatalog } = {},
): TcoResult {
  const { acceleratorId, regionId, ...rest } = input;
  const { catalog, prices = {} } = options;
  const accelerator = getAccelerator(acceleratorId, catalog);
  const extra: Assumption[] = [];

  let priceUsd = input.acceleratorPriceUsd;
  let priceScope = input.priceScope;
  if (priceUsd === undefined) {
    const price = defaultPurchasePrice(accelerator.id, prices);
    priceUsd = price.usdPerAccelerator;
    priceScope = price.scope;
    extra.push({
      name: "acceleratorPriceUsd",
      value: priceUsd,
      unit: "USD",
      basis: "default",
      text: `${price.item}, ${price.date} (${price.scope}; ${price.sources[0]!.title})`,
      source: price.sources[0]!,
    });
  }

  let maxWatts = input.maxPowerWattsPerAccelerator;
  if (maxWatts === undefined) {
    const system = listSystems({ acceleratorId: accelerator.id }, catalog).find(
      (entry) => entry.systemPowerWatts !== undefined,
    );
    if (system?.systemPowerWatts !== undefined) {
      maxWatts = system.systemPowerWatts / system.acceleratorCount;
      extra.push({
        name: "maxPowerWattsPerAccelerator",
        value: maxWatts,
        unit: "W",
        basis: "default",
        text: `${system.name} ${system.systemPowerWatts} W / ${system.acceleratorCount}`,
      });
    } else if (accelerator.tdpWatts !== undefined) {
      maxWatts = accelerator.tdpWatts * CHIP_TO_SERVER_POWER_MULTIPLIER.value;
      extra.push({
        name: "maxPowerWattsPerAccelerator",
        value: maxWatts,
        unit: "W",
        basis: "default",
        text: `TDP ${accelerator.tdpWatts} W x ${CHIP_TO_SERVER_POWER_MULTIPLIER.value} (${CHIP_TO_SERVER_POWER_MULTIPLIER.label})`,
      });
    } else {
      throw new AifError("NOT_FOUND", `no power figure for accelerator "${accelerator.id}"`, {
        hint: "pass maxPowerWattsPerAccelerator",
      });
    }
  }

  let electricity = input.electricityUsdPerKWh;
  if (electricity === undefined) {
    const region = regionId ?? "us";
    const price = listElectricityPrices({ regionId: region }, prices)[0];
    if (price === undefined) {
      throw new AifError("NOT_FOUND", `no electricity price for region "${region}"`, {
        hint: `pass the price (--electricity-usd-per-kwh); priced regions: ${[...new Set(listElectricityPrices({}, prices).map((p) => p.regionId))].join(", ")}`,
      });
    }
    electricity = price.usdPerKWh;
    extra.push({
      name: "electricityUsdPerKWh",
      value: electricity,
      unit: "USD/kWh",
      basis: "default",
      text: `${region} ${price.sector} ${price.year} (${price.sources[0]!.title})`,
      source: price.sources[0]!,
    });
  }

  const result = computeTco({
    ...rest,
    acceleratorPriceUsd: priceUsd,
    ...(priceScope === undefined ? {} : { priceScope }),
    maxPowerWattsPerAccelerator: maxWatts,
    electricityUsdPerKWh: electricity,
  });
  const replaced = new Set(extra.map((entry) => entry.name));
  return { ...result, assumptions: [...extra, ...result.assumptions.filter((entry) => !replaced.has(entry.name))] };
}
