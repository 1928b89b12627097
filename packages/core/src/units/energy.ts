import { formatScaled } from "./number-format";

/** Joules in one kilowatt-hour (3.6 MJ). */
export const JOULES_PER_KWH = 3.6e6;

/**
 * Converts joules to kilowatt-hours.
 *
 * @param energyJoules - energy in J
 * @returns kWh
 * @example
 * ```ts
 * import { joulesToKwh } from "@aifactory/core";
 * joulesToKwh(3.6e6); // 1
 * ```
 * @since 0.1.0
 * @category Units
 */
export function joulesToKwh(energyJoules: number): number {
  return energyJoules / JOULES_PER_KWH;
}

/**
 * Converts kilowatt-hours to joules.
 *
 * @param energyKwh - energy in kWh
 * @returns J
 * @example
 * ```ts
 * import { kwhToJoules } from "@aifactory/core";
 * kwhToJoules(1); // 3_600_000
 * ```
 * @since 0.1.0
 * @category Units
 */
export function kwhToJoules(energyKwh: number): number {
  return energyKwh * JOULES_PER_KWH;
}

/**
 * Converts kilowatt-hours to megawatt-hours.
 *
 * @param energyKwh - energy in kWh
 * @returns MWh
 * @example
 * ```ts
 * import { kwhToMwh } from "@aifactory/core";
 * kwhToMwh(85_700); // 85.7
 * ```
 * @since 0.1.0
 * @category Units
 */
export function kwhToMwh(energyKwh: number): number {
  return energyKwh / 1000;
}

/**
 * Converts megawatt-hours to kilowatt-hours.
 *
 * @param energyMwh - energy in MWh
 * @returns kWh
 * @example
 * ```ts
 * import { mwhToKwh } from "@aifactory/core";
 * mwhToKwh(1.5); // 1500
 * ```
 * @since 0.1.0
 * @category Units
 */
export function mwhToKwh(energyMwh: number): number {
  return energyMwh * 1000;
}

/**
 * Converts the energy of a constant power over a duration: watts x hours -> kWh.
 *
 * @param powerWatts - average power in W
 * @param durationHours - duration in hours
 * @returns kWh
 * @example
 * ```ts
 * import { wattHoursToKwh } from "@aifactory/core";
 * wattHoursToKwh(700, 24); // 16.8
 * ```
 * @since 0.1.0
 * @category Units
 */
export function wattHoursToKwh(powerWatts: number, durationHours: number): number {
  return (powerWatts * durationHours) / 1000;
}

/**
 * Formats energy given in kWh with Wh, kWh, MWh, GWh or TWh.
 *
 * @param energyKwh - energy in kWh
 * @param significantDigits - significant digits (default 3)
 * @returns e.g. `"85.7 MWh"`
 * @example
 * ```ts
 * import { formatEnergyKwh } from "@aifactory/core";
 * formatEnergyKwh(85_700); // "85.7 MWh"
 * ```
 * @since 0.1.0
 * @category Units
 */
export function formatEnergyKwh(energyKwh: number, significantDigits = 3): string {
  return formatScaled(
    energyKwh,
    [
      { factor: 1e-3, symbol: "Wh" },
      { factor: 1, symbol: "kWh" },
      { factor: 1e3, symbol: "MWh" },
      { factor: 1e6, symbol: "GWh" },
      { factor: 1e9, symbol: "TWh" },
    ],
    significantDigits,
  );
}
