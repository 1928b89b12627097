import { formatScaled } from "./number-format";

/**
 * Formats a power in watts with W, kW, MW or GW.
 *
 * @param powerWatts - power in watts
 * @param significantDigits - significant digits (default 3)
 * @returns e.g. `"700 W"`, `"10.2 kW"`, `"150 MW"`
 * @example
 * ```ts
 * import { formatWatts } from "@aifactory/core";
 * formatWatts(10_200); // "10.2 kW"
 * ```
 * @since 0.1.0
 * @category Units
 */
export function formatWatts(powerWatts: number, significantDigits = 3): string {
  return formatScaled(
    powerWatts,
    [
      { factor: 1, symbol: "W" },
      { factor: 1e3, symbol: "kW" },
      { factor: 1e6, symbol: "MW" },
      { factor: 1e9, symbol: "GW" },
    ],
    significantDigits,
  );
}
