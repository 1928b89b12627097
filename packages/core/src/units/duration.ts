import { formatSignificant } from "./number-format";

/** Seconds in one hour. */
export const SECONDS_PER_HOUR = 3600;
/** Seconds in one day (24 h). */
export const SECONDS_PER_DAY = 86_400;
/** Hours in one (365-day) year, the convention for annualised costs and energy. */
export const HOURS_PER_YEAR = 8760;

/**
 * Converts hours to seconds.
 *
 * @param hours - a duration in hours
 * @returns seconds
 * @example
 * ```ts
 * import { hoursToSeconds } from "@aifactory/core";
 * hoursToSeconds(2); // 7200
 * ```
 * @since 0.1.0
 * @category Units
 */
export function hoursToSeconds(hours: number): number {
  return hours * SECONDS_PER_HOUR;
}

/**
 * Converts seconds to hours.
 *
 * @param seconds - a duration in seconds
 * @returns hours
 * @example
 * ```ts
 * import { secondsToHours } from "@aifactory/core";
 * secondsToHours(5400); // 1.5
 * ```
 * @since 0.1.0
 * @category Units
 */
export function secondsToHours(seconds: number): number {
  return seconds / SECONDS_PER_HOUR;
}

/**
 * Converts seconds to days.
 *
 * @param seconds - a duration in seconds
 * @returns days
 * @example
 * ```ts
 * import { secondsToDays } from "@aifactory/core";
 * secondsToDays(172_800); // 2
 * ```
 * @since 0.1.0
 * @category Units
 */
export function secondsToDays(seconds: number): number {
  return seconds / SECONDS_PER_DAY;
}

/**
 * Formats a duration in seconds with the most readable unit (ns, µs, ms, s, min, h, d, y).
 *
 * @param durationSeconds - a duration in seconds
 * @param significantDigits - significant digits (default 3)
 * @returns e.g. `"12.5 ms"`, `"3.2 h"`, `"41.7 d"`
 * @example
 * ```ts
 * import { formatDuration } from "@aifactory/core";
 * formatDuration(0.0125); // "12.5 ms"
 * formatDuration(3_600_000); // "41.7 d"
 * ```
 * @since 0.1.0
 * @category Units
 */
export function formatDuration(durationSeconds: number, significantDigits = 3): string {
  if (!Number.isFinite(durationSeconds)) return "n/a";
  const magnitude = Math.abs(durationSeconds);
  const steps: Array<[number, string]> = [
    [1e-9, "ns"],
    [1e-6, "µs"],
    [1e-3, "ms"],
    [1, "s"],
    [60, "min"],
    [SECONDS_PER_HOUR, "h"],
    [SECONDS_PER_DAY, "d"],
    [SECONDS_PER_DAY * 365, "y"],
  ];
  let chosen = steps[0]!;
  for (const step of steps) if (magnitude >= step[0]) chosen = step;
  if (durationSeconds === 0) chosen = [1, "s"];
  return `${formatSignificant(durationSeconds / chosen[0], significantDigits)} ${chosen[1]}`;
}
