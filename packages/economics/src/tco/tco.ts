import { assertFiniteResult, finiteNonNegative, finitePositive, parseInput, positiveInt, ratio } from "@aifactory/core";
import { z } from "zod";
import type { Assumption } from "../assumption";
import {
  AVERAGE_POWER_RATIO,
  COLOCATION_USD_PER_KW_MONTH,
  type CostDefault,
  DEPRECIATION_LIFE_YEARS,
  FACILITY_CAPEX_USD_PER_MW,
  NETWORK_SHARE_OF_HARDWARE_COST,
  SERVER_COST_MULTIPLIER,
  TCO_DEFAULT_PUE,
} from "../data/tco-defaults";

const HOURS_PER_YEAR = 8760;

/**
 * Input of {@link computeTco}: a fleet of accelerators, its prices, power and facility, and the financial
 * assumptions. Money in USD, power in W, energy prices in USD/kWh.
 *
 * @example
 * ```ts
 * import { tcoInputSchema } from "@aifactory/economics";
 * tcoInputSchema.parse({ acceleratorCount: 1024, acceleratorPriceUsd: 25000, maxPowerWattsPerAccelerator: 1275, electricityUsdPerKWh: 0.08 });
 * ```
 * @since 0.1.0
 * @category TCO
 */
export const tcoInputSchema = z
  .object({
    acceleratorCount: positiveInt,
    /** Price of one accelerator, USD; what it covers is `priceScope` (0: hardware already paid for, no capital). */
    acceleratorPriceUsd: finiteNonNegative,
    /** `chip` (x server multiplier 1.64), `baseboard` (same) or `server` (already includes the server). */
    priceScope: z.enum(["chip", "baseboard", "server"]).default("chip"),
    /** Server cost / chip price for chip and baseboard prices (default 1.64, Epoch AI). */
    serverCostMultiplier: finitePositive.optional(),
    /** Network share of total hardware cost (default 0.19, Epoch AI); network capex = servers x s/(1-s). */
    networkCostRatio: z.number().finite().min(0).max(0.9).optional(),
    /** Storage capex, USD (default 0). */
    storageUsd: finiteNonNegative.default(0),
    /** Maximum IT power per accelerator incl. host share, W (sizes the facility). */
    maxPowerWattsPerAccelerator: finiteNonNegative,
    /** Average IT power per accelerator, W (default max x 0.75, Epoch AI). Independent of utilisation: an owned fleet stays powered. */
    averagePowerWattsPerAccelerator: finiteNonNegative.optional(),
    /** Facility PUE (default 1.1, Epoch AI hyperscaler). */
    pue: z.number().finite().min(1).optional(),
    electricityUsdPerKWh: finiteNonNegative,
    /** `colocation`: rent per kW-month (default $184.06, CBRE H2 2024); `owned`: build capex per MW (default $11.7M, Cushman & Wakefield 2025). */
    facility: z.enum(["colocation", "owned"]).default("colocation"),
    colocationUsdPerKWMonth: finiteNonNegative.optional(),
    facilityCapexUsdPerMW: finiteNonNegative.optional(),
    /** Years over which facility capex is charged (default: the depreciation life, conservative). */
    facilityLifeYears: finitePositive.optional(),
    /** Depreciation life of the hardware, years (default 5). */
    depreciationYears: finitePositive.optional(),
    /** Annual cost of capital (e.g. 0.08); 0 = straight-line depreciation only. */
    interestRatioPerYear: z.number().finite().min(0).max(1).default(0),
    /** Annual maintenance as a share of hardware capex (default 0). */
    maintenanceRatioPerYear: ratio.default(0),
    /** Staff and other fixed opex per year, USD (default 0). */
    staffUsdPerYear: finiteNonNegative.default(0),
    /** Share of hours the accelerators do useful work (default 1). */
    utilizationRatio: z.number().finite().gt(0).max(1).default(1),
  })
  .strict();

/**
 * Input of {@link computeTco} as a caller writes it.
 *
 * @example
 * ```ts
 * import { computeTco, type TcoInput } from "@aifactory/economics";
 * const input: TcoInput = { acceleratorCount: 8, acceleratorPriceUsd: 25000, maxPowerWattsPerAccelerator: 1275, electricityUsdPerKWh: 0.08 };
 * computeTco(input);
 * ```
 * @since 0.1.0
 * @category TCO
 */
export type TcoInput = z.input<typeof tcoInputSchema>;

/**
 * Result of {@link computeTco}.
 *
 * @example
 * ```ts
 * import { computeTco, type TcoResult } from "@aifactory/economics";
 * const tco: TcoResult = computeTco({ acceleratorCount: 8, acceleratorPriceUsd: 25000, maxPowerWattsPerAccelerator: 1275, electricityUsdPerKWh: 0.08 });
 * ```
 * @since 0.1.0
 * @category TCO
 */
export interface TcoResult {
  capexUsd: number;
  opexUsdPerYear: number;
  /** Depreciation plus financing per year (capital recovery), USD. */
  capitalChargeUsdPerYear: number;
  costPerYearUsd: number;
  costOverLifeUsd: number;
  /** Cost per installed accelerator-hour, USD. */
  costPerGpuHourUsd: number;
  /** Cost per useful accelerator-hour at the given utilisation, USD. */
  costPerUsefulGpuHourUsd: number;
  depreciationYears: number;
  breakdown: {
    capex: { serversUsd: number; networkUsd: number; storageUsd: number; facilityUsd: number };
    opexPerYear: { electricityUsd: number; colocationUsd: number; maintenanceUsd: number; staffUsd: number };
    perGpuHourUsd: { capital: number; electricity: number; facility: number; maintenance: number; staff: number };
    facilityPowerMW: number;
    energyMWhPerYear: number;
  };
  assumptions: Assumption[];
  warnings: string[];
}

/**
 * Capital recovery factor: the annual payment that repays 1 USD over `years` at `rate` (`rate / (1 -
 * (1 + rate)^-years)`; `1 / years` at rate 0).
 *
 * @param rate - annual interest rate
 * @param years - repayment period
 * @returns annual payment per USD borrowed
 * @example
 * ```ts
 * import { capitalRecoveryFactor } from "@aifactory/economics";
 * capitalRecoveryFactor(0, 5); // 0.2
 * ```
 * @since 0.1.0
 * @category TCO
 */
export function capitalRecoveryFactor(rate: number, years: number): number {
  // For tiny rates (1 + rate)^-years rounds to 1; the limit is 1 / years (plus rate / 2 to first order).
  if (rate < 1e-9) return 1 / years + rate / 2;
  return rate / -Math.expm1(-years * Math.log1p(rate));
}

/**
 * Total cost of ownership of an accelerator fleet, SemiAnalysis/Epoch style: capex (servers from the
 * accelerator price x server multiplier, network share, storage, facility build when owned) is charged per year
 * through the capital recovery factor (straight-line depreciation at 0 % interest); opex is electricity
 * (average IT power x PUE x 8,760 h x price), colocation rent on the provisioned IT kW, maintenance and staff.
 * The cost per accelerator-hour divides the annual cost by count x 8,760 h; the utilisation-adjusted cost
 * divides it again by the utilisation.
 *
 * @param input - validated with {@link tcoInputSchema}
 * @returns capex, opex, cost per GPU-hour, breakdown, assumptions, warnings
 * @throws InvalidInputError for invalid input
 * @example
 * ```ts
 * import { computeTco } from "@aifactory/economics";
 * const tco = computeTco({
 *   acceleratorCount: 1024,
 *   acceleratorPriceUsd: 23238,
 *   maxPowerWattsPerAccelerator: 1275,
 *   electricityUsdPerKWh: 0.0826,
 * });
 * tco.costPerGpuHourUsd; // USD per installed H100-hour
 * ```
 * @since 0.1.0
 * @category TCO
 */
export function computeTco(input: TcoInput): TcoResult {
  const p = parseInput(tcoInputSchema, input, "TCO input");
  const assumptions: Assumption[] = [];
  const warnings: string[] = [];
  const given = (name: string, value: number | string, unit?: string) =>
    assumptions.push({ name, value, ...(unit === undefined ? {} : { unit }), basis: "given" });
  const defaulted = (name: string, value: number, unit: string, source: CostDefault) =>
    assumptions.push({ name, value, unit, basis: "default", text: source.label, source: source.sources[0]! });

  const count = p.acceleratorCount;
  given("acceleratorPriceUsd", p.acceleratorPriceUsd, "USD");
  let serverMultiplier = 1;
  if (p.priceScope !== "server") {
    serverMultiplier = p.serverCostMultiplier ?? SERVER_COST_MULTIPLIER.value;
    if (p.serverCostMultiplier === undefined)
      defaulted("serverCostMultiplier", serverMultiplier, "ratio", SERVER_COST_MULTIPLIER);
    else given("serverCostMultiplier", serverMultiplier, "ratio");
  }
  const networkShare = p.networkCostRatio ?? NETWORK_SHARE_OF_HARDWARE_COST.value;
  if (p.networkCostRatio === undefined)
    defaulted("networkCostRatio", networkShare, "ratio", NETWORK_SHARE_OF_HARDWARE_COST);
  const serversUsd = count * p.acceleratorPriceUsd * serverMultiplier;
  const networkUsd = (serversUsd * networkShare) / (1 - networkShare);

  const pue = p.pue ?? TCO_DEFAULT_PUE.value;
  if (p.pue === undefined) defaulted("pue", pue, "ratio", TCO_DEFAULT_PUE);
  else given("pue", pue, "ratio");
  const averageWatts = p.averagePowerWattsPerAccelerator ?? p.maxPowerWattsPerAccelerator * AVERAGE_POWER_RATIO.value;
  if (p.averagePowerWattsPerAccelerator === undefined)
    assumptions.push({
      name: "averagePowerWattsPerAccelerator",
      value: averageWatts,
      unit: "W",
      basis: "default",
      text: `max ${p.maxPowerWattsPerAccelerator} W x ${AVERAGE_POWER_RATIO.value} (${AVERAGE_POWER_RATIO.label})`,
      source: AVERAGE_POWER_RATIO.sources[0]!,
    });
  const provisionedItKW = (count * p.maxPowerWattsPerAccelerator) / 1000;
  const facilityPowerMW = (provisionedItKW * pue) / 1000;

  const years = p.depreciationYears ?? DEPRECIATION_LIFE_YEARS.value;
  if (p.depreciationYears === undefined) defaulted("depreciationYears", years, "years", DEPRECIATION_LIFE_YEARS);
  else given("depreciationYears", years, "years");

  let facilityUsd = 0;
  let colocationUsd = 0;
  let facilityChargePerYear = 0;
  if (p.facility === "owned") {
    const perMW = p.facilityCapexUsdPerMW ?? FACILITY_CAPEX_USD_PER_MW.value;
    if (p.facilityCapexUsdPerMW === undefined)
      defaulted("facilityCapexUsdPerMW", perMW, "USD/MW", FACILITY_CAPEX_USD_PER_MW);
    facilityUsd = (provisionedItKW / 1000) * perMW;
    const facilityYears = p.facilityLifeYears ?? years;
    if (p.facilityLifeYears === undefined)
      warnings.push("facility capex is charged over the hardware life; set facilityLifeYears for the building's life");
    facilityChargePerYear = facilityUsd * capitalRecoveryFactor(p.interestRatioPerYear, facilityYears);
  } else {
    const rent = p.colocationUsdPerKWMonth ?? COLOCATION_USD_PER_KW_MONTH.value;
    if (p.colocationUsdPerKWMonth === undefined)
      defaulted("colocationUsdPerKWMonth", rent, "USD/kW-month", COLOCATION_USD_PER_KW_MONTH);
    colocationUsd = provisionedItKW * rent * 12;
  }

  const hardwareUsd = serversUsd + networkUsd + p.storageUsd;
  const capexUsd = hardwareUsd + facilityUsd;
  const hardwareChargePerYear = hardwareUsd * capitalRecoveryFactor(p.interestRatioPerYear, years);
  const capitalChargeUsdPerYear = hardwareChargePerYear + facilityChargePerYear;
  if (p.interestRatioPerYear === 0) warnings.push("no cost of capital: set interestRatioPerYear to include financing");
  else given("interestRatioPerYear", p.interestRatioPerYear, "1/year");

  given("electricityUsdPerKWh", p.electricityUsdPerKWh, "USD/kWh");
  const energyMWhPerYear = (count * averageWatts * pue * HOURS_PER_YEAR) / 1e6;
  const electricityUsd = energyMWhPerYear * 1000 * p.electricityUsdPerKWh;
  const maintenanceUsd = hardwareUsd * p.maintenanceRatioPerYear;
  if (p.maintenanceRatioPerYear === 0) warnings.push("no maintenance cost: set maintenanceRatioPerYear");
  if (p.storageUsd === 0) warnings.push("no storage capex: set storageUsd");
  const opexUsdPerYear = electricityUsd + colocationUsd + maintenanceUsd + p.staffUsdPerYear;

  const costPerYearUsd = capitalChargeUsdPerYear + opexUsdPerYear;
  const gpuHoursPerYear = count * HOURS_PER_YEAR;
  const costPerGpuHourUsd = costPerYearUsd / gpuHoursPerYear;
  assumptions.push({
    name: "utilizationRatio",
    value: p.utilizationRatio,
    unit: "ratio",
    ...(input.utilizationRatio === undefined
      ? { basis: "default" as const, text: "1 (every installed hour is useful)" }
      : { basis: "given" as const }),
  });

  return assertFiniteResult(
    {
      capexUsd,
      opexUsdPerYear,
      capitalChargeUsdPerYear,
      costPerYearUsd,
      costOverLifeUsd: costPerYearUsd * years,
      costPerGpuHourUsd,
      costPerUsefulGpuHourUsd: costPerGpuHourUsd / p.utilizationRatio,
      depreciationYears: years,
      breakdown: {
        capex: { serversUsd, networkUsd, storageUsd: p.storageUsd, facilityUsd },
        opexPerYear: { electricityUsd, colocationUsd, maintenanceUsd, staffUsd: p.staffUsdPerYear },
        perGpuHourUsd: {
          capital: hardwareChargePerYear / gpuHoursPerYear,
          electricity: electricityUsd / gpuHoursPerYear,
          facility: (facilityChargePerYear + colocationUsd) / gpuHoursPerYear,
          maintenance: maintenanceUsd / gpuHoursPerYear,
          staff: p.staffUsdPerYear / gpuHoursPerYear,
        },
        facilityPowerMW,
        energyMWhPerYear,
      },
      assumptions,
      warnings,
    },
    "TCO",
  );
}
