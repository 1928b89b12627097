/**
 * Pure helpers behind the design-space view: what each swept point is (on the Pareto front, dominated, or not
 * feasible and why) and the best point of each accelerator type. The points come from the planner's `explore`.
 */
import type { ExplorePoint } from "@aifactory/planner";

/** Whether a point was planned, fits in memory and has a comparable cost (it can be on the front). */
export function isFeasible(point: ExplorePoint): boolean {
  return point.error === undefined && point.fits && point.wallClockHours !== null && point.workloadCostUsd !== null;
}

/** What a point is, in words: "Pareto-optimal", "dominated", or why it is not feasible. */
export function pointStatus(point: ExplorePoint): string {
  if (point.error !== undefined) return point.error;
  if (!point.fits) return "does not fit in memory";
  if (point.wallClockHours === null || point.workloadCostUsd === null) return "not planned";
  return point.pareto ? "Pareto-optimal" : "dominated";
}

/** A point's name: "512 x nvidia-h100-sxm". */
export function pointLabel(point: Pick<ExplorePoint, "accelerator" | "count">): string {
  return `${point.count} x ${point.accelerator}`;
}

/** The fastest and the cheapest feasible point of one accelerator type. */
export interface AcceleratorBest {
  accelerator: string;
  evaluated: number;
  feasible: number;
  fastest?: ExplorePoint;
  cheapest?: ExplorePoint;
}

/**
 * The best feasible point of each accelerator type swept: the fastest (least wall-clock time, then cost) and the
 * cheapest (least cost, then time), in the order the accelerators were swept.
 *
 * @param points - every point of an exploration
 * @returns one row per accelerator
 */
export function bestPerAccelerator(points: readonly ExplorePoint[]): AcceleratorBest[] {
  const rows = new Map<string, AcceleratorBest>();
  for (const point of points) {
    const row = rows.get(point.accelerator) ?? { accelerator: point.accelerator, evaluated: 0, feasible: 0 };
    rows.set(point.accelerator, row);
    row.evaluated++;
    if (!isFeasible(point)) continue;
    row.feasible++;
    const time = point.wallClockHours as number;
    const cost = point.workloadCostUsd as number;
    const fastest = row.fastest;
    if (
      !fastest ||
      time < (fastest.wallClockHours as number) ||
      (time === fastest.wallClockHours && cost < (fastest.workloadCostUsd as number))
    ) {
      row.fastest = point;
    }
    const cheapest = row.cheapest;
    if (
      !cheapest ||
      cost < (cheapest.workloadCostUsd as number) ||
      (cost === cheapest.workloadCostUsd && time < (cheapest.wallClockHours as number))
    ) {
      row.cheapest = point;
    }
  }
  return [...rows.values()];
}
