import { formatDuration, hoursToSeconds } from "@aifactory/core";
import { formatMetric } from "@aifactory/planner";

/** Formats a value in a planner unit with the planner's own formatter (`formatMetric`). */
export function formatValue(value: number, unit: string): string {
  return formatMetric({ id: "", label: "", value, unit });
}

/** Formats a wall-clock duration given in hours (core's `formatDuration`). */
export function formatHours(hours: number): string {
  return formatDuration(hoursToSeconds(hours));
}
