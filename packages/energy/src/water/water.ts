import type { Source } from "@aifactory/core";
import { ENERGY_SOURCES } from "../sources";

/**
 * A water-intensity default with sources: on-site water usage effectiveness (litres evaporated per kWh of IT
 * energy) and off-site electricity water intensity (litres consumed by power generation per kWh delivered).
 *
 * @example
 * ```ts
 * import { DEFAULT_WATER_INTENSITY, type WaterIntensityDefault } from "@aifactory/energy";
 * const water: WaterIntensityDefault = DEFAULT_WATER_INTENSITY;
 * ```
 * @since 0.1.0
 * @category Water
 */
export interface WaterIntensityDefault {
  id: string;
  label: string;
  onsiteWueLitersPerKWh: number;
  offsiteLitersPerKWh: number;
  sources: readonly Source[];
}

const WATER_DEFAULTS: readonly WaterIntensityDefault[] = [
  {
    id: "us-average",
    label: "U.S. averages (Li et al. 2023): on-site WUE 0.55 L/kWh, off-site EWIF 3.14 L/kWh",
    onsiteWueLitersPerKWh: 0.55,
    offsiteLitersPerKWh: 3.14,
    sources: [ENERGY_SOURCES.li2023Water],
  },
];

/**
 * The water-intensity defaults the package holds.
 *
 * @returns the defaults
 * @example
 * ```ts
 * import { listWaterIntensityDefaults } from "@aifactory/energy";
 * listWaterIntensityDefaults()[0]?.offsiteLitersPerKWh; // 3.14
 * ```
 * @since 0.1.0
 * @category Water
 */
export function listWaterIntensityDefaults(): readonly WaterIntensityDefault[] {
  return WATER_DEFAULTS;
}

/**
 * The default water intensities (U.S. averages from Li et al. 2023), used when none are given.
 *
 * @example
 * ```ts
 * import { DEFAULT_WATER_INTENSITY } from "@aifactory/energy";
 * DEFAULT_WATER_INTENSITY.offsiteLitersPerKWh; // 3.14
 * ```
 * @since 0.1.0
 * @category Water
 */
export const DEFAULT_WATER_INTENSITY: WaterIntensityDefault = WATER_DEFAULTS[0]!;

/**
 * Water consumed for an energy use, after Li et al. 2023: on-site cooling water scales with IT (server)
 * energy, off-site generation water with facility energy:
 * `liters = itKWh x WUE_onsite + facilityKWh x EWIF_offsite`.
 *
 * @param itEnergyKWh - IT energy in kWh
 * @param facilityEnergyKWh - facility energy (IT x PUE) in kWh
 * @param onsiteWueLitersPerKWh - on-site WUE, L/kWh
 * @param offsiteLitersPerKWh - grid water intensity, L/kWh
 * @returns on-site, off-site and total litres
 * @example
 * ```ts
 * import { waterLiters } from "@aifactory/energy";
 * waterLiters(1000, 1100, 0.55, 3.14).totalLiters; // 4004
 * ```
 * @since 0.1.0
 * @category Water
 */
export function waterLiters(
  itEnergyKWh: number,
  facilityEnergyKWh: number,
  onsiteWueLitersPerKWh: number,
  offsiteLitersPerKWh: number,
): { onsiteLiters: number; offsiteLiters: number; totalLiters: number } {
  const onsiteLiters = itEnergyKWh * onsiteWueLitersPerKWh;
  const offsiteLiters = facilityEnergyKWh * offsiteLitersPerKWh;
  return {
    onsiteLiters,
    offsiteLiters,
    totalLiters: onsiteLiters + offsiteLiters,
  };
}
