/** One `Intl.NumberFormat` per fraction-digit count (21 at most): building one costs far more than using it. */
const NUMBER_FORMATS: Intl.NumberFormat[] = [];

function numberFormat(maximumFractionDigits: number): Intl.NumberFormat {
  let format = NUMBER_FORMATS[maximumFractionDigits];
  if (format === undefined) {
    format = new Intl.NumberFormat("en-US", { maximumFractionDigits });
    NUMBER_FORMATS[maximumFractionDigits] = format;
  }
  return format;
}

/**
 * Formats a finite number with a fixed count of significant digits, trimming trailing zeros.
 *
 * Non-finite input is formatted as `"n/a"` so that no report ever prints `NaN` or `Infinity`.
 *
 * @param value - the number to format
 * @param significantDigits - significant digits to keep (default 3)
 * @returns the formatted number, e.g. `"1.23"` or `"n/a"`
 * @example
 * ```ts
 * import { formatSignificant } from "@aifactory/core";
 * formatSignificant(1234.5678); // "1,235"
 * formatSignificant(0.012345, 2); // "0.012"
 * ```
 * @since 0.1.0
 * @category Units
 */
export function formatSignificant(value: number, significantDigits = 3): string {
  if (!Number.isFinite(value)) return "n/a";
  if (value === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, significantDigits - 1 - magnitude);
  const fractionDigits = Math.min(decimals, 20);
  const rounded = Number(value.toFixed(fractionDigits));
  return numberFormat(fractionDigits).format(rounded);
}

/**
 * A unit step of a scaled formatter: the factor relative to the base unit and its symbol.
 *
 * @since 0.1.0
 * @category Units
 */
export interface UnitStep {
  readonly factor: number;
  readonly symbol: string;
}

/**
 * Picks the largest step whose factor is at most |value| and formats the scaled value with its symbol.
 * Used by every `formatX` helper of this package; use it for units this package does not format.
 *
 * @param value - the value in base units
 * @param steps - ascending steps (the first is used below its own factor)
 * @param significantDigits - significant digits (default 3)
 * @returns e.g. `"1.5 kreq/s"`
 * @example
 * ```ts
 * import { formatScaled } from "@aifactory/core";
 * formatScaled(1500, [{ factor: 1, symbol: "req/s" }, { factor: 1e3, symbol: "kreq/s" }]); // "1.5 kreq/s"
 * ```
 * @since 0.1.0
 * @category Units
 */
export function formatScaled(value: number, steps: readonly UnitStep[], significantDigits = 3): string {
  if (!Number.isFinite(value)) return "n/a";
  const magnitude = Math.abs(value);
  let chosen = steps[0]!;
  for (const step of steps) {
    if (magnitude >= step.factor) chosen = step;
  }
  return `${formatSignificant(value / chosen.factor, significantDigits)} ${chosen.symbol}`;
}

/**
 * Formats a count (tokens, requests, samples) for people: below 1,000 at `significantDigits`, from 1,000 up
 * scaled to k, M, B or T at `significantDigits` (`1010707` -> `"1.01M"`), so that no column prints seven digits
 * of which four mean nothing.
 *
 * @param value - the count
 * @param significantDigits - significant digits (default 3)
 * @returns e.g. `"22.4k"`, `"1.01M"`, `"640"`, or `"n/a"` for a non-finite value
 * @example
 * ```ts
 * import { formatCount } from "@aifactory/core";
 * formatCount(22_381); // "22.4k"
 * formatCount(1_010_707); // "1.01M"
 * formatCount(640); // "640"
 * ```
 * @since 0.6.0
 * @category Units
 */
export function formatCount(value: number, significantDigits = 3): string {
  if (!Number.isFinite(value)) return "n/a";
  const magnitude = Math.abs(value);
  if (magnitude < 1000) return formatSignificant(value, significantDigits);
  const steps: ReadonlyArray<readonly [number, string]> = [
    [1e3, "k"],
    [1e6, "M"],
    [1e9, "B"],
    [1e12, "T"],
  ];
  let chosen = steps[0] as readonly [number, string];
  for (const step of steps) if (magnitude >= step[0]) chosen = step;
  // 999,999 rounds to "1,000k" at three figures: move it up a step.
  const scaled = Number((value / chosen[0]).toPrecision(significantDigits));
  const next = steps[steps.indexOf(chosen) + 1];
  if (Math.abs(scaled) >= 1000 && next !== undefined) chosen = next;
  return `${formatSignificant(value / chosen[0], significantDigits)}${chosen[1]}`;
}
