import type { FleetUnit } from "../lib/fleet-view";
import { formatMoney, formatQuantity } from "../lib/units";

// Charts format the same tick values on every render (number formatting with options builds an Intl formatter
// per call, about 0.1-0.3 ms each): keep recent texts.
const FORMAT_CACHE_SIZE = 2000;
const formatted = new Map<string, string>();

/** Formats a value in a planner unit with core's unit formatters (lib/units.ts), cached. */
export function formatValue(value: number, unit: string): string {
  const key = `${unit}|${value}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = formatQuantity(value, unit);
    if (formatted.size >= FORMAT_CACHE_SIZE) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** Formats a wall-clock duration given in hours (core's `formatDuration`). */
export function formatHours(hours: number): string {
  return formatValue(hours * 3600, "s");
}

/** A price in dollars to three significant figures ("$0.0608", "$1.99", "$488k"). */
export function formatPrice(usd: number): string {
  return formatValue(usd, "USD");
}

/** A plain axis tick: three significant figures, k/M/B. */
export function formatTick(value: number): string {
  return formatValue(value, "");
}

/** The fleet panel's formatter (lib/fleet-view.ts). */
export function formatFleetValue(value: number, unit: FleetUnit): string {
  return unit === "USD" ? formatMoney(value) : formatValue(value, unit);
}
