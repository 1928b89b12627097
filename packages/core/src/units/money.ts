import { formatSignificant } from "./number-format";

/**
 * Formats an amount in US dollars: cents below $100, whole dollars below a million, then M/B/T suffixes.
 *
 * @param priceUsd - amount in USD
 * @param significantDigits - significant digits for the M/B/T forms (default 3)
 * @returns e.g. `"$2.49"`, `"$31,000"`, `"$1.2B"`
 * @example
 * ```ts
 * import { formatUsd } from "@aifactory/core";
 * formatUsd(2.494); // "$2.49"
 * formatUsd(1_234_567_890); // "$1.23B"
 * ```
 * @since 0.1.0
 * @category Units
 */
export function formatUsd(priceUsd: number, significantDigits = 3): string {
  if (!Number.isFinite(priceUsd)) return "n/a";
  const sign = priceUsd < 0 ? "-" : "";
  const magnitude = Math.abs(priceUsd);
  if (magnitude < 100) return `${sign}$${magnitude.toFixed(magnitude < 0.01 && magnitude > 0 ? 4 : 2)}`;
  if (magnitude < 1e6) return `${sign}$${Math.round(magnitude).toLocaleString("en-US")}`;
  const steps: Array<[number, string]> = [
    [1e6, "M"],
    [1e9, "B"],
    [1e12, "T"],
  ];
  let chosen = steps[0]!;
  for (const step of steps) if (magnitude >= step[0]) chosen = step;
  return `${sign}$${formatSignificant(magnitude / chosen[0], significantDigits)}${chosen[1]}`;
}
