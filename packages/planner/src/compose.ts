import { type Assumption, formatAssumption } from "@aifactory/core";
import {
  compareOwnedVsCloud,
  computeAcceleratorTco,
  listCloudPrices,
  planAcceleratorSupply,
  tokenCost,
} from "@aifactory/economics";
import { type EnergyEstimate, estimateAcceleratorEnergy } from "@aifactory/energy";
import { builtInFactoryCatalog, type FactoryCatalog } from "./pack";
import type { Plan, PlanAssumption, PlanWarning } from "./plan-types";
import type { Scenario } from "./scenario";

/**
 * What a workload uses, the input of the energy, carbon, water, cost and supply sections of a plan.
 *
 * @since 0.1.0
 * @category Plan
 */
export interface WorkloadUsage {
  /** Accelerators held. */
  acceleratorCount: number;
  /** Wall-clock hours they are held. */
  hours: number;
  /** Busy share of those hours, [0, 1] (sets power through the energy model's utilisation curve). */
  utilizationRatio: number;
  /** Tokens processed per second per accelerator while busy, for $/Mtoken (optional). */
  tokensPerSecondPerAccelerator?: number;
}

/**
 * The site-and-money sections of a plan, composed from `@aifactory/energy` and `@aifactory/economics`.
 *
 * @since 0.1.0
 * @category Plan
 */
export type UsageSections = Pick<Plan, "energy" | "carbon" | "water" | "cost" | "supply"> & {
  assumptions: PlanAssumption[];
  warnings: PlanWarning[];
};

/** An energy estimate of nothing, for a plan whose accelerator has no power figure. */
function noEnergy(): EnergyEstimate {
  return {
    energyMWh: 0,
    itEnergyMWh: 0,
    itPowerWattsPerAccelerator: 0,
    facilityPowerKW: 0,
    co2eTonnes: { operational: 0, embodied: 0, total: 0 },
    embodiedCo2eTonnesRange: { min: 0, max: 0 },
    gridKgCo2ePerKWh: 0,
    waterLiters: 0,
    breakdown: {
      acceleratorEnergyMWh: 0,
      hostEnergyMWh: 0,
      facilityOverheadEnergyMWh: 0,
      operationalCo2eTonnes: 0,
      embodiedCo2eTonnes: 0,
      onsiteWaterLiters: 0,
      offsiteWaterLiters: 0,
    },
    assumptions: [],
    warnings: [],
  };
}

/**
 * A package's assumption as a plan assumption: its name, value, unit, basis and source carried through, tagged
 * with the plan area, with its readable line (numbers at four significant figures) as `text` (a statement of
 * method keeps its sentence).
 *
 * @param area - the plan area (`energy`, `cost`, `supply`, `performance`)
 * @param assumption - the package's assumption
 * @returns the plan assumption
 */
export function toPlanAssumption(area: string, assumption: Assumption): PlanAssumption {
  // A statement of method keeps its sentence as the line, as the workload models wrote it.
  if (assumption.value === undefined && assumption.text !== undefined)
    return { ...assumption, area, text: assumption.text };
  const value = typeof assumption.value === "number" ? Number(assumption.value.toPrecision(4)) : assumption.value;
  return {
    ...assumption,
    area,
    text: formatAssumption({ ...assumption, ...(value === undefined ? {} : { value }) }),
  };
}

/**
 * A statement of method the planner makes (no single value captures it), as a plan assumption.
 *
 * @param area - the plan area
 * @param name - a short kebab-case id (`configuration-search`)
 * @param text - the sentence
 * @returns the plan assumption, with basis `method`
 */
export function planMethod(area: string, name: string, text: string): PlanAssumption {
  return { name, basis: "method", area, text };
}

/**
 * Energy, carbon, water, cost and supply for a usage at the scenario's site and economics. No model logic of
 * its own: every number comes from `estimateAcceleratorEnergy`, `computeAcceleratorTco`, `tokenCost`,
 * `compareOwnedVsCloud` and `planAcceleratorSupply`.
 *
 * @param scenario - the parsed scenario
 * @param usage - accelerators, hours, utilisation and throughput
 * @param catalog - where the accelerator, system, grid region and prices are looked up (default: the built-in
 *   catalogs; see `createFactoryCatalog`)
 * @returns the sections, with assumptions and warnings tagged by area
 * @example
 * ```ts
 * import { composeUsage, scenarioSchema } from "@aifactory/planner";
 * const scenario = scenarioSchema.parse({
 *   id: "x", name: "x",
 *   workload: { kind: "pretraining", model: "llama-3.1-8b", tokens: 1e12, globalBatchSequences: 512, sequenceTokens: 8192 },
 *   hardware: { accelerator: "nvidia-h100-sxm", count: 64 },
 * });
 * composeUsage(scenario, { acceleratorCount: 64, hours: 240, utilizationRatio: 0.9 }).energy.facilityMWh;
 * ```
 * @since 0.1.0
 * @category Plan
 */
export function composeUsage(
  scenario: Scenario,
  usage: WorkloadUsage,
  catalog: FactoryCatalog = builtInFactoryCatalog(),
): UsageSections {
  const hardwareCatalog = catalog.hardware;
  const assumptions: PlanAssumption[] = [];
  const warnings: PlanWarning[] = [];
  const { site, economics, hardware } = scenario;

  let energy: EnergyEstimate;
  try {
    energy = estimateAcceleratorEnergy(
      {
        acceleratorId: hardware.accelerator,
        ...(hardware.system === undefined ? {} : { systemId: hardware.system }),
        acceleratorCount: usage.acceleratorCount,
        hours: usage.hours,
        utilizationRatio: usage.utilizationRatio,
        ...(hardware.averagePowerWatts === undefined ? {} : { averagePowerWatts: hardware.averagePowerWatts }),
        includeHost: site.includeHost,
        averagePowerIncludesHost: false,
        cooling: site.cooling,
        ...(site.pue === undefined ? {} : { pue: site.pue }),
        grid: { regionId: site.region, basis: "location" },
        embodied: { include: site.includeEmbodied, serviceLifeYears: economics.depreciationYears },
      },
      {
        catalog: hardwareCatalog,
        gridRegions: catalog.gridRegions,
        embodiedCarbonProfiles: catalog.embodiedCarbonProfiles,
      },
    );
  } catch (error) {
    // No TDP in the catalog and no measured power: the plan goes on without energy, and says so.
    if (!(error instanceof Error && /no TDP/.test(error.message))) throw error;
    warnings.push({
      area: "energy",
      text: `the hardware catalog has no TDP for ${hardware.accelerator}: energy, carbon, water and electricity cost are left out (set hardware.averagePowerWatts to a measured average power)`,
    });
    energy = noEnergy();
  }
  for (const a of energy.assumptions) assumptions.push(toPlanAssumption("energy", a));
  for (const w of energy.warnings) warnings.push({ area: "energy", text: w });
  const pue = energy.itEnergyMWh > 0 ? energy.energyMWh / energy.itEnergyMWh : (site.pue ?? 1);

  // A figure the catalogs lack (a purchase price, a region's electricity price) is left out of the TCO and named
  // in a warning with the scenario field that supplies it, instead of failing the whole plan.
  let acceleratorPriceUsd = economics.acceleratorPriceUsd;
  let electricityUsdPerKWh = site.electricityUsdPerKWh;
  let maxPowerWattsPerAccelerator: number | undefined;
  const tcoInput = () => ({
    acceleratorId: hardware.accelerator,
    acceleratorCount: usage.acceleratorCount,
    regionId: site.region,
    pue,
    depreciationYears: economics.depreciationYears,
    utilizationRatio: Math.max(economics.utilizationRatio, 1e-6),
    averagePowerWattsPerAccelerator: energy.itPowerWattsPerAccelerator,
    ...(economics.interestRatioPerYear === undefined ? {} : { interestRatioPerYear: economics.interestRatioPerYear }),
    ...(economics.maintenanceRatioPerYear === undefined
      ? {}
      : { maintenanceRatioPerYear: economics.maintenanceRatioPerYear }),
    ...(economics.storageUsd === undefined ? {} : { storageUsd: economics.storageUsd }),
    ...(economics.staffUsdPerYear === undefined ? {} : { staffUsdPerYear: economics.staffUsdPerYear }),
    ...(acceleratorPriceUsd === undefined ? {} : { acceleratorPriceUsd }),
    ...(electricityUsdPerKWh === undefined ? {} : { electricityUsdPerKWh }),
    ...(maxPowerWattsPerAccelerator === undefined ? {} : { maxPowerWattsPerAccelerator }),
  });
  let tco: ReturnType<typeof computeAcceleratorTco> | undefined;
  for (let attempt = 0; tco === undefined; attempt++) {
    try {
      tco = computeAcceleratorTco(tcoInput(), { catalog: hardwareCatalog, prices: catalog.prices });
    } catch (error) {
      const message = error instanceof Error ? error.message : "";
      if (attempt < 3 && acceleratorPriceUsd === undefined && /no purchase price/.test(message)) {
        acceleratorPriceUsd = 0;
        warnings.push({
          area: "cost",
          text: `the price catalog has no purchase price for ${hardware.accelerator}: capital cost is left out of the owned TCO (set economics.acceleratorPriceUsd)`,
        });
      } else if (attempt < 3 && electricityUsdPerKWh === undefined && /no electricity price/.test(message)) {
        electricityUsdPerKWh = 0;
        warnings.push({
          area: "cost",
          text: `the catalog has no electricity price for region ${site.region}: electricity cost is left out (set site.electricityUsdPerKWh)`,
        });
      } else if (attempt < 3 && maxPowerWattsPerAccelerator === undefined && /no power figure/.test(message)) {
        maxPowerWattsPerAccelerator = hardware.averagePowerWatts ?? 0;
        warnings.push({
          area: "cost",
          text:
            hardware.averagePowerWatts === undefined
              ? `the catalogs have no power figure for ${hardware.accelerator}: facility and electricity costs are left out (set hardware.averagePowerWatts)`
              : `the catalogs have no maximum power for ${hardware.accelerator}: the facility is sized from the measured average power`,
        });
      } else {
        throw error;
      }
    }
  }
  for (const a of tco.assumptions) assumptions.push(toPlanAssumption("cost", a));
  // The TCO model names its own inputs; in a scenario they are fields of `economics`.
  for (const w of tco.warnings) {
    warnings.push({
      area: "cost",
      text: w.replace(
        /\bset (interestRatioPerYear|maintenanceRatioPerYear|storageUsd|staffUsdPerYear)\b/,
        "set economics.$1",
      ),
    });
  }

  const cloudPrices = listCloudPrices({ acceleratorId: hardware.accelerator }, catalog.prices).filter(
    (p) => p.pricing === "on-demand",
  );
  const cloudPrice =
    economics.onDemandUsdPerAcceleratorHour ??
    (cloudPrices.length > 0 ? Math.min(...cloudPrices.map((price) => price.listUsdPerAcceleratorHour)) : undefined);
  if (economics.onDemandUsdPerAcceleratorHour === undefined && cloudPrice !== undefined) {
    const used = cloudPrices.find((price) => price.listUsdPerAcceleratorHour === cloudPrice)!;
    assumptions.push(
      toPlanAssumption("cost", {
        name: "onDemandUsdPerAcceleratorHour",
        value: cloudPrice,
        unit: "USD",
        basis: "default",
        text: `lowest on-demand list price in the catalog: ${used.provider} ${used.sku}, ${used.date}`,
        ...(used.sources[0] === undefined ? {} : { source: used.sources[0] }),
      }),
    );
  }
  const comparison =
    cloudPrice === undefined
      ? undefined
      : compareOwnedVsCloud(tco.costPerGpuHourUsd, cloudPrice, economics.utilizationRatio);
  if (comparison) for (const w of comparison.warnings) warnings.push({ area: "cost", text: w });

  let costPerGpuHourUsd = tco.costPerGpuHourUsd;
  if (economics.ownership === "cloud") {
    if (cloudPrice === undefined) {
      warnings.push({
        area: "cost",
        text: `no cloud price for ${hardware.accelerator} in the catalog: using the owned TCO per hour; set economics.onDemandUsdPerAcceleratorHour`,
      });
    } else costPerGpuHourUsd = cloudPrice;
  }
  const gpuHours = usage.acceleratorCount * usage.hours;
  const workloadCostUsd = gpuHours * costPerGpuHourUsd;
  const usdPerMillionTokens =
    usage.tokensPerSecondPerAccelerator !== undefined &&
    usage.tokensPerSecondPerAccelerator > 0 &&
    costPerGpuHourUsd > 0
      ? tokenCost({
          costUsdPerAcceleratorHour: costPerGpuHourUsd,
          tokensPerSecondPerAccelerator: usage.tokensPerSecondPerAccelerator,
          utilizationRatio: Math.max(usage.utilizationRatio, 1e-6),
        }).usdPerMillionTokens
      : undefined;

  let supply: ReturnType<typeof planAcceleratorSupply> | undefined;
  try {
    supply = planAcceleratorSupply(
      {
        acceleratorId: hardware.accelerator,
        acceleratorCount: usage.acceleratorCount,
        startQuarter: scenario.supply.startQuarter,
        allocationShareRatio: scenario.supply.allocationShareRatio,
        pue,
        ...(scenario.supply.availablePowerMW === undefined
          ? {}
          : { availablePowerMW: scenario.supply.availablePowerMW }),
      },
      { catalog: hardwareCatalog, billsOfMaterials: catalog.billsOfMaterials },
    );
  } catch (error) {
    if (!(error instanceof Error && /bill of materials/.test(error.message))) throw error;
    warnings.push({
      area: "supply",
      text: `the supply catalog has no bill of materials for ${hardware.accelerator}: the earliest online quarter is unknown`,
    });
  }
  if (supply !== undefined) {
    for (const a of supply.assumptions) assumptions.push(toPlanAssumption("supply", a));
    for (const w of supply.warnings) warnings.push({ area: "supply", text: w });
  }

  const perHour = tco.breakdown.perGpuHourUsd;
  return {
    energy: {
      facilityMWh: energy.energyMWh,
      itMWh: energy.itEnergyMWh,
      facilityPowerKW: energy.facilityPowerKW,
      pue,
      breakdown: {
        title: "Energy",
        unit: "MWh",
        items: [
          { label: "accelerators", value: energy.breakdown.acceleratorEnergyMWh },
          { label: "host", value: energy.breakdown.hostEnergyMWh },
          { label: "facility overhead", value: energy.breakdown.facilityOverheadEnergyMWh },
        ],
      },
    },
    carbon: {
      operationalTonnes: energy.co2eTonnes.operational,
      embodiedTonnes: energy.co2eTonnes.embodied,
      totalTonnes: energy.co2eTonnes.total,
      embodiedTonnesRange: energy.embodiedCo2eTonnesRange,
      gridKgCo2ePerKWh: energy.gridKgCo2ePerKWh,
      regionId: site.region,
    },
    water: {
      liters: energy.waterLiters,
      onsiteLiters: energy.breakdown.onsiteWaterLiters,
      offsiteLiters: energy.breakdown.offsiteWaterLiters,
    },
    cost: {
      ownership: economics.ownership,
      costPerGpuHourUsd,
      workloadCostUsd,
      capexUsd: tco.capexUsd,
      opexUsdPerYear: tco.opexUsdPerYear,
      ownedCostPerGpuHourUsd: tco.costPerGpuHourUsd,
      ...(cloudPrice === undefined ? {} : { onDemandUsdPerAcceleratorHour: cloudPrice }),
      ...(comparison === undefined ? {} : { breakEvenUtilizationRatio: comparison.breakEvenUtilizationRatio }),
      ...(usdPerMillionTokens === undefined ? {} : { usdPerMillionTokens }),
      breakdown:
        economics.ownership === "cloud" && cloudPrice !== undefined
          ? { title: "Cost per GPU-hour", unit: "USD", items: [{ label: "cloud rental", value: cloudPrice }] }
          : {
              title: "Cost per GPU-hour (owned)",
              unit: "USD",
              items: [
                { label: "capital", value: perHour.capital },
                { label: "electricity", value: perHour.electricity },
                { label: "facility", value: perHour.facility },
                { label: "maintenance", value: perHour.maintenance },
                { label: "staff", value: perHour.staff },
              ],
            },
    },
    supply:
      supply === undefined
        ? {
            earliestOnlineQuarter: null,
            bindingConstraint: `unknown: no bill of materials for ${hardware.accelerator}`,
          }
        : {
            earliestOnlineQuarter: supply.earliestOnlineQuarter,
            bindingConstraint: supply.bindingConstraint,
            ...(supply.breakdown.requiredPowerMW === undefined
              ? {}
              : { requiredPowerMW: supply.breakdown.requiredPowerMW }),
          },
    assumptions,
    warnings,
  };
}
