import { ECONOMICS_SOURCES } from "../sources";
import type { ElectricityPrice } from "./price-schemas";

function eia(regionId: string, usdPerKWh: number): ElectricityPrice {
  return { regionId, sector: "industrial", year: 2023, usdPerKWh, sources: [ECONOMICS_SOURCES.eiaElectricPowerAnnual] };
}

function epoch(year: number, usdPerKWh: number): ElectricityPrice {
  return {
    regionId: "us",
    sector: "industrial",
    year,
    usdPerKWh,
    sources: [{ ...ECONOMICS_SOURCES.epochCostModel, locator: "energy_price()" }],
  };
}

/**
 * Built-in average industrial electricity prices (USD/kWh): U.S. averages 2021-2025 (Epoch AI's cost model)
 * and 2023 state averages (EIA Electric Power Annual). Region ids match the energy package's grid regions.
 *
 * @example
 * ```ts
 * import { ELECTRICITY_PRICES } from "@aifactory/economics";
 * ELECTRICITY_PRICES.find((price) => price.regionId === "us-va")?.usdPerKWh; // 0.0892
 * ```
 * @since 0.1.0
 * @category Prices
 */
export const ELECTRICITY_PRICES: readonly ElectricityPrice[] = [
  epoch(2021, 0.0718),
  epoch(2022, 0.0832),
  epoch(2023, 0.0806),
  epoch(2024, 0.0771),
  epoch(2025, 0.0826),
  eia("us-va", 0.0892),
  eia("us-tx", 0.066),
  eia("us-ga", 0.0688),
  eia("us-ia", 0.0691),
  eia("us-or", 0.0752),
  eia("us-oh", 0.0703),
  eia("us-pa", 0.0775),
  eia("us-az", 0.0811),
  eia("us-ca", 0.1864),
  eia("us-wa", 0.0635),
  eia("us-la", 0.0588),
];
