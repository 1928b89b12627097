import type { FleetDesignSummary, FleetPerformance } from "@aifactory/planner";
import { getDefaultScenario, listDefaultScenarioIds, plan } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import { formatFleetValue } from "../components/format";
import {
  FLEET_TABLE_COLUMNS,
  type FleetFormat,
  fleetTableRows,
  fleetView,
  genericCurves,
  isFleetPerformance,
  LATENCY_AXIS_SLO_MULTIPLE,
  mergeHeadroom,
  niceCeiling,
  SERIES_COLORS,
  SLO_COLOR,
} from "./fleet-view";
import { findCurves } from "./plan-view";

const FLEET_ID = "llama-3.1-8b-fleet-h100-poisson";
const plain: FleetFormat = (value, unit) => `${Number(value.toPrecision(3))} ${unit}`;

function design(name: string, points: Array<[number, number, number, number]>, extra = {}): FleetDesignSummary {
  return {
    name,
    acceleratorId: name,
    meetsSlo: true,
    replicas: 2,
    acceleratorCount: 2,
    ttftP99Ms: points[1]?.[1] ?? 0,
    tpotP99Ms: points[1]?.[2] ?? 0,
    costPerGpuHourUsd: 2,
    costBasis: "cloud",
    usdPerMillionTokens: points[1]?.[3] ?? 0,
    facilityPowerKW: 4,
    headroom: points.map(([ratePerSecond, ttftP99Ms, tpotP99Ms, usdPerMillionTokens]) => ({
      ratePerSecond,
      ttftP99Ms,
      tpotP99Ms,
      sloAttainmentRatio: 1,
      usdPerMillionTokens,
    })),
    ...extra,
  };
}

function fleetPerformance(designs: FleetDesignSummary[]): FleetPerformance {
  return {
    kind: "fleet",
    architectureId: "llama-3.1-8b",
    acceleratorId: "gpu-a",
    replicas: 2,
    acceleratorCount: 2,
    meetsSlo: true,
    offeredRatePerSecond: 40,
    ttftP50Ms: 30,
    ttftP99Ms: 100,
    tpotP50Ms: 10,
    tpotP99Ms: 14,
    e2eP99Ms: 3000,
    queueP99Ms: 50,
    sloAttainmentRatio: 1,
    goodputRequestsPerSecond: 40,
    outputTokensPerSecond: 8000,
    busyRatio: 0.9,
    prefixHitRatio: 0,
    preemptions: 0,
    simulatedRequests: 1000,
    designs,
    headroom: designs[0]?.headroom ?? [],
  };
}

describe("niceCeiling", () => {
  it("rounds up to a round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k)", () => {
    expect(niceCeiling(0.9)).toBe(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(1.1)).toBe(1.2);
    expect(niceCeiling(2.1)).toBe(2.5);
    expect(niceCeiling(3)).toBe(3);
    expect(niceCeiling(3.1)).toBe(4);
    expect(niceCeiling(820)).toBe(1000);
    expect(niceCeiling(1050)).toBe(1200);
    expect(niceCeiling(0.3)).toBe(0.3);
    expect(niceCeiling(0.1 * 3)).toBe(0.3);
    expect(niceCeiling(0.00041)).toBe(0.0005);
  });

  it("gives 1 for nothing to show", () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(-3)).toBe(1);
    expect(niceCeiling(Number.NaN)).toBe(1);
  });
});

describe("mergeHeadroom", () => {
  it("puts each design's value at a rate in one row, ascending by rate, with gaps where a design has no point", () => {
    const a = design("gpu-a", [
      [30, 90, 11, 0.2],
      [20, 80, 9, 0.3],
    ]);
    const b = design("gpu-b", [
      [20, 50, 6, 0.12],
      [25, 55, 7, 0.1],
    ]);
    expect(mergeHeadroom([a, b], "ttftP99Ms")).toEqual([
      { ratePerSecond: 20, s0: 80, s1: 50 },
      { ratePerSecond: 25, s1: 55 },
      { ratePerSecond: 30, s0: 90 },
    ]);
    expect(mergeHeadroom([a, b], "usdPerMillionTokens")[0]).toEqual({ ratePerSecond: 20, s0: 0.3, s1: 0.12 });
  });

  it("skips points that are not finite", () => {
    const a = design("gpu-a", [
      [20, Number.POSITIVE_INFINITY, 9, 0.3],
      [30, 90, 11, 0.2],
    ]);
    expect(mergeHeadroom([a], "ttftP99Ms")).toEqual([{ ratePerSecond: 30, s0: 90 }]);
  });
});

describe("fleetView", () => {
  const designs = [
    design("gpu-a", [
      [20, 80, 9, 0.25],
      [40, 110, 14, 0.13],
      [60, 180, 32, 0.08],
    ]),
    design("gpu-b", [
      [20, 50, 6, 0.12],
      [40, 78, 10, 0.06],
      [60, 125, 20, 0.04],
    ]),
  ];
  const workload = { kind: "fleet", ttftP99Ms: 1000, tpotP99Ms: 30 };

  it("is undefined for a plan of another kind", () => {
    expect(fleetView({ kind: "serving" }, workload, plain)).toBeUndefined();
    expect(fleetView(undefined, workload, plain)).toBeUndefined();
    expect(isFleetPerformance({ kind: "fleet" })).toBe(false);
  });

  it("draws one series per design in design order, with the SLO bounds and the offered rate as references", () => {
    const view = fleetView(fleetPerformance(designs), workload, plain);
    expect(view).toBeDefined();
    if (!view) return;
    expect(view.charted).toBe(2);
    const { ttft, tpot, cost } = view.charts;
    for (const chart of [ttft, tpot, cost]) {
      expect(chart.xKey).toBe("ratePerSecond");
      expect(chart.series).toEqual([
        { key: "s0", label: "gpu-a", color: SERIES_COLORS[0] },
        { key: "s1", label: "gpu-b", color: SERIES_COLORS[1] },
      ]);
      expect(chart.rows.map((row) => row.ratePerSecond)).toEqual([20, 40, 60]);
      expect(chart.references).toContainEqual(expect.objectContaining({ axis: "x", value: 40 }));
      expect(chart.description.length).toBeGreaterThan(0);
    }
    expect(ttft.rows[2]).toEqual({ ratePerSecond: 60, s0: 180, s1: 125 });
    expect(ttft.references).toContainEqual({ axis: "y", value: 1000, label: "SLO 1000 ms", color: SLO_COLOR });
    expect(tpot.references).toContainEqual({ axis: "y", value: 30, label: "SLO 30 ms", color: SLO_COLOR });
    expect(cost.references.filter((reference) => reference.axis === "y")).toEqual([]);
    expect(cost.rows[0]).toEqual({ ratePerSecond: 20, s0: 0.25, s1: 0.12 });
    // The y axis reaches the SLO even when every point is far below it, and ends on a round number.
    expect(ttft.yMax).toBe(1200);
    expect(tpot.yMax).toBe(40);
    expect(cost.yMax).toBe(0.3);
    expect(ttft.clipped || tpot.clipped || cost.clipped).toBe(false);
  });

  it("describes each chart as text: range per design and where it leaves the SLO", () => {
    const view = fleetView(fleetPerformance(designs), workload, plain);
    const text = view?.charts.tpot.description ?? "";
    expect(text).toContain("P99 TPOT vs offered rate, offered rates 20 requests/s to 60 requests/s");
    expect(text).toContain("SLO: P99 TPOT ≤ 30 ms (dashed line).");
    expect(view?.charts.tpot.subtitle).toBe("SLO 30 ms");
    expect(text).toContain("gpu-a: 9 ms at 20 requests/s to 32 ms at 60 requests/s, above the SLO from 60 requests/s.");
    expect(text).toContain("gpu-b: 6 ms at 20 requests/s to 20 ms at 60 requests/s, within the SLO at every rate.");
    expect(view?.charts.cost.description).toContain("gpu-b: 0.12 USD/Mtoken at 20 requests/s to 0.04 USD/Mtoken");
  });

  it("caps a latency axis at a multiple of its SLO when a curve runs away near saturation", () => {
    const runaway = design("gpu-c", [
      [20, 300, 12, 0.3],
      [40, 900, 40, 0.2],
      [60, 20_000, 400, 0.1],
    ]);
    const view = fleetView(fleetPerformance([...designs, runaway]), workload, plain);
    expect(view?.charts.tpot.clipped).toBe(true);
    expect(view?.charts.tpot.yMax).toBe(30 * LATENCY_AXIS_SLO_MULTIPLE);
    expect(view?.charts.tpot.description).toContain("The axis stops at 120 ms");
    expect(view?.charts.ttft.clipped).toBe(true);
    expect(view?.charts.ttft.description).toContain("gpu-c: 300 ms at 20 requests/s to 20000 ms at 60 requests/s");
  });

  it("has no curves and no table without sized designs", () => {
    const view = fleetView(fleetPerformance([]), workload, plain);
    expect(view?.charted).toBe(0);
    expect(view?.table).toEqual([]);
    expect(view?.charts.ttft.rows).toEqual([]);
    expect(view?.charts.ttft.yMax).toBe(1200);
  });

  it("leaves out an SLO reference the scenario does not give", () => {
    const view = fleetView(fleetPerformance(designs), { kind: "fleet" }, plain);
    expect(view?.charts.ttft.references.filter((reference) => reference.axis === "y")).toEqual([]);
  });
});

describe("fleetTableRows", () => {
  it("gives one row per design in the column order, the scenario's accelerator highlighted", () => {
    const rows = fleetTableRows(
      [
        design("gpu-a", [], {
          ttftP99Ms: 116,
          tpotP99Ms: 14.12,
          costPerGpuHourUsd: 1.99,
          usdPerMillionTokens: 0.1261,
          facilityPowerKW: 3.94,
        }),
        design("gpu-b", [], { meetsSlo: false, replicas: 256, acceleratorCount: 512 }),
      ],
      "gpu-a",
      formatFleetValue,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]?.cells).toHaveLength(FLEET_TABLE_COLUMNS.length);
    expect(rows[0]).toMatchObject({ current: true, meetsSlo: true });
    expect(rows[0]?.cells).toEqual(["gpu-a", "yes", "2", "2", "116 ms", "14.1 ms", "$1.99", "$0.126", "3.94 kW"]);
    expect(rows[1]).toMatchObject({ current: false, meetsSlo: false });
    expect(rows[1]?.cells.slice(0, 4)).toEqual(["gpu-b", "no", "256", "512"]);
  });
});

describe("the built-in fleet scenario", () => {
  const result = plan(getDefaultScenario(FLEET_ID));

  it("charts P99 TTFT, P99 TPOT and $/Mtoken vs rate for H100, B200 and A100, SLOs from the scenario", () => {
    const view = fleetView(result.performance, result.scenario.workload, formatFleetValue);
    expect(view).toBeDefined();
    if (!view || result.scenario.workload.kind !== "fleet") return;
    const ids = ["nvidia-h100-sxm", "nvidia-b200", "nvidia-a100-sxm-80gb"];
    expect(view.table.map((row) => row.acceleratorId)).toEqual(ids);
    expect(view.table.filter((row) => row.current).map((row) => row.acceleratorId)).toEqual(["nvidia-h100-sxm"]);
    expect(view.ttftSloMs).toBe(result.scenario.workload.ttftP99Ms);
    expect(view.tpotSloMs).toBe(result.scenario.workload.tpotP99Ms);
    for (const chart of Object.values(view.charts)) {
      expect(chart.series.map((series) => series.label)).toEqual(ids);
      expect(chart.rows.length).toBeGreaterThanOrEqual(2);
      // Every design has a value at every rate (the headroom factors are shared).
      for (const row of chart.rows) for (const series of chart.series) expect(row[series.key]).toBeTypeOf("number");
      expect(chart.description).toContain("nvidia-b200:");
    }
    expect(view.charts.ttft.references).toContainEqual(
      expect.objectContaining({ axis: "y", value: result.scenario.workload.ttftP99Ms }),
    );
    expect(view.charts.tpot.references).toContainEqual(
      expect.objectContaining({ axis: "y", value: result.scenario.workload.tpotP99Ms }),
    );
    const h100 = view.table[0]?.cells ?? [];
    expect(h100[7]).toMatch(/^\$0\.\d+$/);
    expect(h100[6]).toMatch(/^\$\d+\.\d+$/);
    expect(h100[8]).toMatch(/ kW$/);
  });

  it("leaves the headroom curve to the fleet panel; other kinds keep every generic curve", () => {
    const curves = findCurves(result);
    expect(curves.map((curve) => curve.path)).toContain("performance.headroom");
    expect(genericCurves(curves, result.performance).map((curve) => curve.path)).not.toContain("performance.headroom");
    for (const id of listDefaultScenarioIds()) {
      const other = plan(getDefaultScenario(id));
      if (other.performance.kind === "fleet") continue;
      expect(fleetView(other.performance, other.scenario.workload, formatFleetValue)).toBeUndefined();
      expect(genericCurves(findCurves(other), other.performance)).toEqual(findCurves(other));
    }
  });
});
