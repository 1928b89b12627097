import { formatDuration, hoursToSeconds } from "@aifactory/core";
import { formatMetric } from "@aifactory/planner";

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
