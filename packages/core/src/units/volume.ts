import { formatScaled } from "./number-format";

/** Litres in one cubic metre. */
export const LITERS_PER_CUBIC_METER = 1000;

/**
 * Formats a water volume in litres as L, m³ (kL) or ML.
 *
 * @param volumeLiters - volume in litres
 * @param significantDigits - significant digits (default 3)
 * @returns e.g. `"700 L"`, `"5.4 m³"`, `"1.2 ML"`
 * @example
 * ```ts
 * import { formatLiters } from "@aifactory/core";
 * formatLiters(5400); // "5.4 m³"
 * ```
 * @since 0.1.0
 * @category Units
 */
export function formatLiters(volumeLiters: number, significantDigits = 3): string {
  return formatScaled(
    volumeLiters,
    [
      { factor: 1e-3, symbol: "mL" },
      { factor: 1, symbol: "L" },
      { factor: 1e3, symbol: "m³" },
      { factor: 1e6, symbol: "ML" },
      { factor: 1e9, symbol: "GL" },
    ],
    significantDigits,
  );
}
