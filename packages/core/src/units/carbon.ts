import { formatScaled } from "./number-format";

/**
 * Converts kilograms of CO2-equivalent to tonnes (metric, 1000 kg).
 *
 * @param co2eKg - mass in kg CO2e
 * @returns tonnes CO2e
 * @example
 * ```ts
 * import { kgToTonnes } from "@aifactory/core";
 * kgToTonnes(46_700); // 46.7
 * ```
 * @since 0.1.0
 * @category Units
 */
export function kgToTonnes(co2eKg: number): number {
  return co2eKg / 1000;
}

/**
 * Converts tonnes of CO2-equivalent to kilograms.
 *
 * @param co2eTonnes - mass in t CO2e
 * @returns kg CO2e
 * @example
 * ```ts
 * import { tonnesToKg } from "@aifactory/core";
 * tonnesToKg(1.5); // 1500
 * ```
 * @since 0.1.0
 * @category Units
 */
export function tonnesToKg(co2eTonnes: number): number {
  return co2eTonnes * 1000;
}

/**
 * Formats a CO2-equivalent mass given in kg as g, kg, t or kt CO2e.
 *
 * @param co2eKg - mass in kg CO2e
 * @param significantDigits - significant digits (default 3)
 * @returns e.g. `"46.7 tCO2e"`
 * @example
 * ```ts
 * import { formatCo2eKg } from "@aifactory/core";
 * formatCo2eKg(46_700); // "46.7 tCO2e"
 * formatCo2eKg(0.25); // "250 gCO2e"
 * ```
 * @since 0.1.0
 * @category Units
 */
export function formatCo2eKg(co2eKg: number, significantDigits = 3): string {
  return formatScaled(
    co2eKg,
    [
      { factor: 1e-3, symbol: "gCO2e" },
      { factor: 1, symbol: "kgCO2e" },
      { factor: 1e3, symbol: "tCO2e" },
      { factor: 1e6, symbol: "ktCO2e" },
      { factor: 1e9, symbol: "MtCO2e" },
    ],
    significantDigits,
  );
}
