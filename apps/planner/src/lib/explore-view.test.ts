import type { ExplorePoint } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import { bestPerAccelerator, pointLabel, pointStatus } from "./explore-view";

const point = (accelerator: string, count: number, hours: number | null, usd: number | null, extra = {}) =>
  ({
    accelerator,
    count,
    region: "us",
    ownership: "owned",
    wallClockHours: hours,
    workloadCostUsd: usd,
    co2eTonnes: 1,
    fits: true,
    pareto: false,
    ...extra,
  }) as ExplorePoint;

describe("explore view", () => {
  it("finds the fastest and the cheapest feasible point per accelerator", () => {
    const rows = bestPerAccelerator([
      point("a", 8, 10, 100),
      point("a", 16, 6, 120),
      point("a", 32, 3, 200, { fits: false }),
      point("b", 8, null, null, { error: "unknown accelerator" }),
    ]);
    expect(rows.map((row) => row.accelerator)).toEqual(["a", "b"]);
    expect(rows[0]?.fastest?.count).toBe(16);
    expect(rows[0]?.cheapest?.count).toBe(8);
    expect(rows[0]?.feasible).toBe(2);
    expect(rows[1]?.fastest).toBeUndefined();
  });

  it("names and classifies points", () => {
    expect(pointLabel({ accelerator: "nvidia-b200", count: 64 })).toBe("64 x nvidia-b200");
    expect(pointStatus(point("a", 8, 1, 1, { pareto: true }))).toBe("Pareto-optimal");
    expect(pointStatus(point("a", 8, 1, 1, { fits: false }))).toBe("does not fit in memory");
    expect(pointStatus(point("a", 8, null, null, { error: "boom" }))).toBe("boom");
  });
});
