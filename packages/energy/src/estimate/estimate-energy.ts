import { assertFiniteResult, finitePositive, parseInput, positiveInt, ratio } from "@aifactory/core";
import { z } from "zod";
import {
  amortizeEmbodiedCo2eKg,
  DEFAULT_SERVICE_LIFE_YEARS,
  getEmbodiedCarbonProfile,
} from "../carbon/embodied-carbon";
import { getPuePreset } from "../facility/pue";
import { getGridRegion, selectGridIntensity } from "../grid/grid-catalog";
import { carbonAccountingBasisSchema } from "../grid/grid-region";
import { DEFAULT_TRAINING_POWER_RATIO, powerRatioAtUtilization } from "../power/power-curve";
import { DEFAULT_WATER_INTENSITY, waterLiters } from "../water/water";
import type { Assumption } from "./assumption";
import type { EnergyCatalogOptions } from "./energy-catalog";

/**
 * Input of {@link estimateEnergy}: a usage (accelerator count and hours) and how to get its power (device TDP
 * with a utilisation, or a measured average power), plus facility, grid, embodied-carbon and water options.
 *
 * @example
 * ```ts
 * import { energyEstimateInputSchema } from "@aifactory/energy";
 * energyEstimateInputSchema.parse({ acceleratorCount: 8, hours: 24, tdpWatts: 700, utilizationRatio: 0.9 });
 * ```
 * @since 0.1.0
 * @category Estimates
 */
export const energyEstimateInputSchema = z
  .object({
    /** Accelerators (or raw chips) in use. */
    acceleratorCount: positiveInt,
    /** Hours of use (wall clock). */
    hours: finitePositive,
    /** Catalog id of the accelerator, for labels and the embodied-carbon default. */
    acceleratorId: z.string().min(1).optional(),
    /** Maximum board power of one accelerator, W. */
    tdpWatts: finitePositive.optional(),
    /** Busy share of the accelerators, [0, 1]; sets power through the idle-to-TDP curve. */
    utilizationRatio: ratio.optional(),
    /** Average power / TDP, instead of a utilisation (e.g. `DEFAULT_TRAINING_POWER_RATIO` = 0.75). */
    powerRatio: ratio.optional(),
    /** Idle power / TDP for the curve (default 0.156, see `DEFAULT_IDLE_POWER_RATIO`). */
    idlePowerRatio: ratio.optional(),
    /** Measured average power per accelerator, W (e.g. from `@aifactory/bench` telemetry); replaces the curve. */
    averagePowerWatts: finitePositive.optional(),
    /** Whether `averagePowerWatts` already includes the host share (CPU, memory, NICs, fans), as Patterson 2021's does. */
    averagePowerIncludesHost: z.boolean().default(false),
    /** The system the accelerators sit in: its maximum power and accelerator count (DGX H100: 10,200 W, 8). */
    system: z
      .object({
        systemPowerWatts: finitePositive,
        acceleratorsPerSystem: positiveInt,
        systemId: z.string().optional(),
      })
      .strict()
      .optional(),
    /** Add the host share of `system` to the accelerators' power. */
    includeHost: z.boolean().default(false),
    /** Facility PUE (>= 1); default from `cooling`. */
    pue: z.number().finite().min(1).optional(),
    /** Cooling architecture that picks the default PUE: `air` 1.56, `liquid` 1.1. */
    cooling: z.enum(["air", "liquid"]).default("air"),
    /** Grid carbon intensity: a catalog region or a value in kgCO2e/kWh (default region `world`). */
    grid: z
      .object({
        regionId: z.string().min(1).optional(),
        kgCo2ePerKWh: z.number().finite().nonnegative().optional(),
        basis: carbonAccountingBasisSchema.default("location"),
        year: z.number().int().optional(),
      })
      .strict()
      .default({ basis: "location" }),
    /** Embodied carbon: include it, per-accelerator kgCO2e (default from the catalog), service life in years. */
    embodied: z
      .object({
        include: z.boolean().default(false),
        co2eKgPerAccelerator: z.number().finite().nonnegative().optional(),
        serviceLifeYears: finitePositive.default(DEFAULT_SERVICE_LIFE_YEARS),
      })
      .strict()
      .default({
        include: false,
        serviceLifeYears: DEFAULT_SERVICE_LIFE_YEARS,
      }),
    /** Water intensities, L/kWh (defaults: U.S. averages of Li et al. 2023). */
    water: z
      .object({
        onsiteWueLitersPerKWh: z.number().finite().nonnegative().optional(),
        offsiteLitersPerKWh: z.number().finite().nonnegative().optional(),
      })
      .strict()
      .default({}),
    /** Output tokens per second per accelerator, for per-token figures. */
    tokensPerSecondPerAccelerator: finitePositive.optional(),
    /** Tokens per query, for per-query figures (needs the throughput). */
    tokensPerQuery: finitePositive.optional(),
  })
  .strict()
  .refine((input) => input.averagePowerWatts !== undefined || input.tdpWatts !== undefined, {
    message: "give tdpWatts (with utilizationRatio) or a measured averagePowerWatts",
    path: ["tdpWatts"],
  });

/**
 * Input of {@link estimateEnergy} as a caller writes it (defaults optional).
 *
 * @example
 * ```ts
 * import { estimateEnergy, type EnergyEstimateInput } from "@aifactory/energy";
 * const input: EnergyEstimateInput = { acceleratorCount: 8, hours: 24, tdpWatts: 700, utilizationRatio: 0.8 };
 * estimateEnergy(input);
 * ```
 * @since 0.1.0
 * @category Estimates
 */
export type EnergyEstimateInput = z.input<typeof energyEstimateInputSchema>;

/**
 * Result of {@link estimateEnergy}. Energies in MWh, carbon in tonnes CO2e, water in litres.
 *
 * @example
 * ```ts
 * import { estimateEnergy, type EnergyEstimate } from "@aifactory/energy";
 * const result: EnergyEstimate = estimateEnergy({ acceleratorCount: 8, hours: 24, tdpWatts: 700 });
 * ```
 * @since 0.1.0
 * @category Estimates
 */
export interface EnergyEstimate {
  /** Facility energy (IT x PUE), MWh. */
  energyMWh: number;
  /** IT energy (accelerators plus host share when included), MWh. */
  itEnergyMWh: number;
  /** Average IT power per accelerator used, W. */
  itPowerWattsPerAccelerator: number;
  /** Average facility power of the whole usage, kW. */
  facilityPowerKW: number;
  co2eTonnes: { operational: number; embodied: number; total: number };
  /** Embodied carbon charged to the usage at the low and high end of the published range, tonnes. */
  embodiedCo2eTonnesRange: { min: number; max: number };
  /** Grid intensity used, kgCO2e/kWh. */
  gridKgCo2ePerKWh: number;
  waterLiters: number;
  /** Per-token and per-query figures, when a throughput was given. */
  perToken?: {
    facilityJoules: number;
    co2eGrams: number;
    waterMilliliters: number;
  };
  perQuery?: {
    facilityWattHours: number;
    co2eGrams: number;
    waterMilliliters: number;
  };
  breakdown: {
    acceleratorEnergyMWh: number;
    hostEnergyMWh: number;
    facilityOverheadEnergyMWh: number;
    operationalCo2eTonnes: number;
    embodiedCo2eTonnes: number;
    onsiteWaterLiters: number;
    offsiteWaterLiters: number;
  };
  assumptions: Assumption[];
  warnings: string[];
}

/**
 * Energy, carbon (operational and embodied) and water of a usage of accelerators.
 *
 * IT power per accelerator is, in order of preference: a measured average (plus the host share if asked and
 * not already included), or `TDP x ratio` where the ratio is the idle-to-TDP curve at the given utilisation,
 * or a given `powerRatio`, or 1 (TDP, the convention of TDP-based disclosures and an upper bound; measured
 * training runs draw about 0.75, see `DEFAULT_TRAINING_POWER_RATIO`) with a warning. The host share is
 * `systemPowerWatts / acceleratorsPerSystem - TDP`, scaled by the same ratio. Then (Patterson et al. 2021):
 * `itKWh = count x hours x W / 1000`, `facilityKWh = itKWh x PUE`, `operational kgCO2e = facilityKWh x grid`;
 * embodied carbon is amortised over the service life (LLMCarbon, EcoLogits); water after Li et al. 2023.
 *
 * @param input - usage and options, validated with {@link energyEstimateInputSchema}
 * @param options - `gridRegions` and `embodiedCarbonProfiles`: entries (e.g. a pack's) searched before the built-in ones
 * @returns energies, carbon, water, breakdown, assumptions and warnings
 * @throws InvalidInputError for invalid input; NotFoundError for an unknown grid region
 * @example
 * ```ts
 * import { estimateEnergy } from "@aifactory/energy";
 * const result = estimateEnergy({
 *   acceleratorCount: 1024,
 *   hours: 720,
 *   averagePowerWatts: 289,
 *   averagePowerIncludesHost: true,
 *   pue: 1.09,
 *   grid: { kgCo2ePerKWh: 0.415 },
 * });
 * result.energyMWh; // about 232 (Patterson et al. 2021, Table 4, Meena)
 * ```
 * @since 0.1.0
 * @category Estimates
 */
export function estimateEnergy(input: EnergyEstimateInput, options: EnergyCatalogOptions = {}): EnergyEstimate {
  const parsed = parseInput(energyEstimateInputSchema, input, "energy estimate input");
  const assumptions: Assumption[] = [];
  const warnings: string[] = [];

  // Power ratio (share of maximum power) when the curve or the training default is used.
  let powerRatio: number;
  if (parsed.utilizationRatio !== undefined) {
    powerRatio = powerRatioAtUtilization(parsed.utilizationRatio, parsed.idlePowerRatio);
    assumptions.push({
      name: "utilizationRatio",
      value: parsed.utilizationRatio,
      unit: "ratio",
      basis: "given",
    });
    assumptions.push({
      name: "idlePowerRatio",
      value: round(parsed.idlePowerRatio ?? powerRatioAtUtilization(0)),
      unit: "ratio",
      ...(parsed.idlePowerRatio === undefined
        ? { basis: "default" as const, text: "H100 idle 109 W / 700 W (one nvidia-smi capture)" }
        : { basis: "given" as const }),
    });
  } else if (parsed.powerRatio !== undefined) {
    powerRatio = parsed.powerRatio;
    assumptions.push({ name: "powerRatio", value: powerRatio, unit: "ratio of TDP", basis: "given" });
  } else if (parsed.averagePowerWatts !== undefined && parsed.tdpWatts !== undefined) {
    powerRatio = Math.min(1, parsed.averagePowerWatts / parsed.tdpWatts);
  } else {
    powerRatio = 1;
    if (parsed.averagePowerWatts === undefined) {
      assumptions.push({
        name: "powerRatio",
        value: powerRatio,
        unit: "ratio of TDP",
        basis: "default",
        text: "TDP (the convention of TDP-based carbon disclosures; an upper bound)",
      });
      warnings.push(
        `no utilisation or measured power given: accelerators drawn at TDP (upper bound); measured training runs draw about ${DEFAULT_TRAINING_POWER_RATIO} of maximum (Epoch AI; Newkirk et al. 2025): pass utilizationRatio, powerRatio or averagePowerWatts`,
      );
    }
  }

  let acceleratorWatts: number;
  let hostWatts = 0;
  if (parsed.averagePowerWatts !== undefined) {
    acceleratorWatts = parsed.averagePowerWatts;
    assumptions.push({
      name: "averagePowerWatts",
      value: parsed.averagePowerWatts,
      unit: "W",
      basis: "given",
      text: parsed.averagePowerIncludesHost ? "includes host share" : "accelerator only",
    });
    if (
      parsed.tdpWatts !== undefined &&
      parsed.averagePowerWatts > parsed.tdpWatts &&
      !parsed.averagePowerIncludesHost
    ) {
      warnings.push(
        `averagePowerWatts ${parsed.averagePowerWatts} W exceeds the accelerator's TDP ${parsed.tdpWatts} W; if it includes the host share, set averagePowerIncludesHost`,
      );
    }
  } else {
    const tdp = parsed.tdpWatts!;
    acceleratorWatts = tdp * powerRatio;
    assumptions.push({
      name: "tdpWatts",
      value: tdp,
      unit: "W",
      basis: "given",
    });
  }

  if (parsed.includeHost && !parsed.averagePowerIncludesHost) {
    if (parsed.system === undefined) {
      warnings.push("includeHost is set but no system power was given: host power is not counted");
    } else if (parsed.tdpWatts === undefined) {
      warnings.push("includeHost needs the accelerator TDP to split the system power: host power is not counted");
    } else {
      const perAcceleratorSystemWatts = parsed.system.systemPowerWatts / parsed.system.acceleratorsPerSystem;
      const hostMaxWatts = Math.max(0, perAcceleratorSystemWatts - parsed.tdpWatts);
      hostWatts = hostMaxWatts * powerRatio;
      assumptions.push({
        name: "hostMaxWattsPerAccelerator",
        value: hostMaxWatts,
        unit: "W",
        basis: "derived",
        text: `systemPowerWatts ${parsed.system.systemPowerWatts} / ${parsed.system.acceleratorsPerSystem} - TDP ${parsed.tdpWatts}; scaled by the same power ratio ${round(powerRatio)}`,
      });
    }
  } else if (!parsed.includeHost && !parsed.averagePowerIncludesHost) {
    warnings.push(
      "host power (CPU, memory, NICs, fans) is not counted; set includeHost with the system's power to add it",
    );
  }

  let pue: number;
  if (parsed.pue !== undefined) {
    pue = parsed.pue;
    assumptions.push({
      name: "pue",
      value: pue,
      unit: "ratio",
      basis: "given",
    });
  } else {
    const preset = getPuePreset(parsed.cooling);
    pue = preset.pue;
    assumptions.push({
      name: "pue",
      value: pue,
      unit: "ratio",
      basis: "default",
      text: `${parsed.cooling} cooling: ${preset.label}`,
    });
  }

  let gridKgCo2ePerKWh: number;
  if (parsed.grid.kgCo2ePerKWh !== undefined) {
    gridKgCo2ePerKWh = parsed.grid.kgCo2ePerKWh;
    assumptions.push({
      name: "gridKgCo2ePerKWh",
      value: gridKgCo2ePerKWh,
      unit: "kgCO2e/kWh",
      basis: "given",
    });
    if (parsed.grid.regionId !== undefined)
      warnings.push("both grid.kgCo2ePerKWh and grid.regionId were given; the value wins");
  } else {
    const regionId = parsed.grid.regionId ?? "world";
    const region = getGridRegion(regionId, options.gridRegions);
    const intensity = selectGridIntensity(region, {
      basis: parsed.grid.basis,
      year: parsed.grid.year,
    });
    gridKgCo2ePerKWh = intensity.gCo2ePerKWh / 1000;
    assumptions.push({
      name: "gridKgCo2ePerKWh",
      value: gridKgCo2ePerKWh,
      unit: "kgCO2e/kWh",
      basis: "default",
      text: `${region.id} ${intensity.year}, ${intensity.method} (${intensity.sources[0]!.title})`,
      source: intensity.sources[0]!,
    });
    if (parsed.grid.regionId === undefined) warnings.push("no grid region given: the world average intensity was used");
  }

  const count = parsed.acceleratorCount;
  const hours = parsed.hours;
  const acceleratorKWh = (count * hours * acceleratorWatts) / 1000;
  const hostKWh = (count * hours * hostWatts) / 1000;
  const itKWh = acceleratorKWh + hostKWh;
  const facilityKWh = itKWh * pue;
  const operationalKg = facilityKWh * gridKgCo2ePerKWh;

  let embodiedKg = 0;
  let embodiedRange = { min: 0, max: 0 };
  if (parsed.embodied.include) {
    const life = parsed.embodied.serviceLifeYears;
    assumptions.push({
      name: "serviceLifeYears",
      value: life,
      unit: "years",
      ...(parsed.embodied.serviceLifeYears === DEFAULT_SERVICE_LIFE_YEARS
        ? { basis: "default" as const, text: "LLMCarbon / Epoch AI 5 years" }
        : { basis: "given" as const }),
    });
    if (parsed.embodied.co2eKgPerAccelerator !== undefined) {
      embodiedKg = amortizeEmbodiedCo2eKg(parsed.embodied.co2eKgPerAccelerator, count, hours, life);
      embodiedRange = { min: embodiedKg, max: embodiedKg };
      assumptions.push({
        name: "embodiedCo2eKgPerAccelerator",
        value: parsed.embodied.co2eKgPerAccelerator,
        unit: "kgCO2e",
        basis: "given",
      });
    } else if (parsed.acceleratorId !== undefined) {
      try {
        const profile = getEmbodiedCarbonProfile(parsed.acceleratorId, options.embodiedCarbonProfiles);
        if (profile.acceleratorId !== parsed.acceleratorId) {
          warnings.push(
            `embodied carbon of "${parsed.acceleratorId}" approximated by the "${profile.acceleratorId}" estimates`,
          );
        }
        embodiedKg = amortizeEmbodiedCo2eKg(profile.defaultCo2eKg, count, hours, life);
        embodiedRange = {
          min: amortizeEmbodiedCo2eKg(profile.rangeCo2eKg.min, count, hours, life),
          max: amortizeEmbodiedCo2eKg(profile.rangeCo2eKg.max, count, hours, life),
        };
        assumptions.push({
          name: "embodiedCo2eKgPerAccelerator",
          value: profile.defaultCo2eKg,
          unit: "kgCO2e",
          basis: "default",
          text: `published range ${profile.rangeCo2eKg.min}-${profile.rangeCo2eKg.max} kg: ${profile.defaultProvenance}`,
        });
      } catch {
        warnings.push(
          `no embodied-carbon estimate for "${parsed.acceleratorId}": embodied carbon not counted; pass embodied.co2eKgPerAccelerator`,
        );
      }
    } else {
      warnings.push("embodied carbon requested without an acceleratorId or co2eKgPerAccelerator: not counted");
    }
    if (hours > life * 8760) warnings.push(`the usage (${hours} h) is longer than the service life (${life} years)`);
  }

  const onsiteWue = parsed.water.onsiteWueLitersPerKWh ?? DEFAULT_WATER_INTENSITY.onsiteWueLitersPerKWh;
  const offsiteWater = parsed.water.offsiteLitersPerKWh ?? DEFAULT_WATER_INTENSITY.offsiteLitersPerKWh;
  assumptions.push({
    name: "onsiteWueLitersPerKWh",
    value: onsiteWue,
    unit: "L/kWh",
    ...(parsed.water.onsiteWueLitersPerKWh === undefined
      ? { basis: "default" as const, text: "U.S. average, Li et al. 2023" }
      : { basis: "given" as const }),
  });
  assumptions.push({
    name: "offsiteLitersPerKWh",
    value: offsiteWater,
    unit: "L/kWh",
    ...(parsed.water.offsiteLitersPerKWh === undefined
      ? { basis: "default" as const, text: "U.S. average, Li et al. 2023 (WRI)" }
      : { basis: "given" as const }),
  });
  const water = waterLiters(itKWh, facilityKWh, onsiteWue, offsiteWater);

  const itPowerWattsPerAccelerator = acceleratorWatts + hostWatts;
  const result: EnergyEstimate = {
    energyMWh: facilityKWh / 1000,
    itEnergyMWh: itKWh / 1000,
    itPowerWattsPerAccelerator,
    facilityPowerKW: (count * itPowerWattsPerAccelerator * pue) / 1000,
    co2eTonnes: {
      operational: operationalKg / 1000,
      embodied: embodiedKg / 1000,
      total: (operationalKg + embodiedKg) / 1000,
    },
    embodiedCo2eTonnesRange: {
      min: embodiedRange.min / 1000,
      max: embodiedRange.max / 1000,
    },
    gridKgCo2ePerKWh,
    waterLiters: water.totalLiters,
    breakdown: {
      acceleratorEnergyMWh: acceleratorKWh / 1000,
      hostEnergyMWh: hostKWh / 1000,
      facilityOverheadEnergyMWh: (facilityKWh - itKWh) / 1000,
      operationalCo2eTonnes: operationalKg / 1000,
      embodiedCo2eTonnes: embodiedKg / 1000,
      onsiteWaterLiters: water.onsiteLiters,
      offsiteWaterLiters: water.offsiteLiters,
    },
    assumptions,
    warnings,
  };

  if (parsed.tokensPerSecondPerAccelerator !== undefined) {
    const tokens = parsed.tokensPerSecondPerAccelerator * count * hours * 3600;
    const perToken = {
      facilityJoules: (facilityKWh * 3.6e6) / tokens,
      co2eGrams: ((operationalKg + embodiedKg) * 1000) / tokens,
      waterMilliliters: (water.totalLiters * 1000) / tokens,
    };
    result.perToken = perToken;
    if (parsed.tokensPerQuery !== undefined) {
      result.perQuery = {
        facilityWattHours: (perToken.facilityJoules * parsed.tokensPerQuery) / 3600,
        co2eGrams: perToken.co2eGrams * parsed.tokensPerQuery,
        waterMilliliters: perToken.waterMilliliters * parsed.tokensPerQuery,
      };
    }
  } else if (parsed.tokensPerQuery !== undefined) {
    warnings.push("tokensPerQuery needs tokensPerSecondPerAccelerator: per-query figures not computed");
  }
  return assertFiniteResult(result, "energy estimate");
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
