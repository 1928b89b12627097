import { formatDuration, formatSignificant, formatUsd, hoursToSeconds } from "@aifactory/core";
import { formatMetric } from "@aifactory/planner";
import type { FleetUnit } from "../lib/fleet-view";

// formatMetric is a pure function of (value, unit), and charts format the same tick values on every render
// (number formatting with options builds an Intl formatter per call, about 0.1-0.3 ms each): keep recent texts.
const FORMAT_CACHE_SIZE = 2000;
const formatted = new Map<string, string>();

/** Formats a value in a planner unit with the planner's own formatter (`formatMetric`). */
export function formatValue(value: number, unit: string): string {
  const key = `${unit}|${value}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = formatMetric({ id: "", label: "", value, unit });
    if (formatted.size >= FORMAT_CACHE_SIZE) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** Formats a wall-clock duration given in hours (core's `formatDuration`). */
export function formatHours(hours: number): string {
  return formatDuration(hoursToSeconds(hours));
}

/** A price in dollars: to 3 significant digits below $100 ("$0.0608", "$1.99"), as core's `formatUsd` above (cached as formatValue). */
export function formatPrice(usd: number): string {
  const key = `$|${usd}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text =
      Number.isFinite(usd) && Math.abs(usd) < 100
        ? `${usd < 0 ? "-" : ""}$${formatSignificant(Math.abs(usd))}`
        : formatUsd(usd);
    if (formatted.size >= FORMAT_CACHE_SIZE) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** The fleet panel's formatter (lib/fleet-view.ts): prices as {@link formatPrice}, the rest as {@link formatValue}. */
export function formatFleetValue(value: number, unit: FleetUnit): string {
  switch (unit) {
    case "USD":
      return formatPrice(value);
    case "USD/GPU-h":
      return `${formatPrice(value)}/GPU-h`;
    case "USD/Mtoken":
      return `${formatPrice(value)}/Mtoken`;
    default:
      return formatValue(value, unit);
  }
}
