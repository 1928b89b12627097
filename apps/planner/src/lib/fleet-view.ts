/**
 * Pure helpers for the fleet panel (a plan whose `performance.kind` is `"fleet"`): the P99 latency and $/Mtoken
 * vs offered rate of every sized design as chart models (one series per design, SLO bounds as references), the
 * text alternative of each chart and the cells of the designs table. Every number comes from the plan; nothing
 * here computes a model quantity. Formatting is passed in (the panel passes the app's formatters, format.ts).
 */
import type { FleetDesignSummary, FleetHeadroomPoint, FleetPerformance } from "@aifactory/planner";
import type { FoundCurve } from "./plan-view";

/** Formats a value in a unit: `ms`, `requests/s`, `USD` (a price, per whatever its column says), `USD/GPU-h`, `USD/Mtoken` or `kW`. */
export type FleetFormat = (value: number, unit: FleetUnit) => string;
export type FleetUnit = "ms" | "requests/s" | "USD" | "USD/GPU-h" | "USD/Mtoken" | "kW";

/**
 * Series colours, in design order (the scenario's accelerator first). No red: the SLO references are red.
 * Chosen to stay apart for the common colour-vision deficiencies (blue, orange, green, purple, teal, brown).
 */
export const SERIES_COLORS = ["#3b6fb6", "#e07b00", "#2e8b57", "#8e44ad", "#00838f", "#8d6e63"] as const;
/** The colour of SLO reference lines (as the app's other reference lines). */
export const SLO_COLOR = "#c0392b";
/** A latency axis stops at this multiple of its SLO (near saturation P99 grows without bound). */
export const LATENCY_AXIS_SLO_MULTIPLE = 4;

/** One line of a multi-series chart. `key` is the field of the rows it reads (no dots: recharts reads paths). */
export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

/** A labelled reference line: `x` is vertical (at an x value), `y` horizontal. */
export interface ChartReference {
  axis: "x" | "y";
  value: number;
  label: string;
  color: string;
}

/** What a multi-series line chart draws, found and described without a browser. */
export interface SeriesChartModel {
  /** Base of DOM ids (caption, description). */
  id: string;
  title: string;
  /** A short note after the title (empty for none). */
  subtitle: string;
  xKey: string;
  xLabel: string;
  yLabel: string;
  /** The unit the tooltip and ticks format y values in. */
  yUnit: FleetUnit;
  series: ChartSeries[];
  /** One row per x value (ascending); a series without a point at that x has no field. */
  rows: Array<Record<string, number>>;
  references: ChartReference[];
  /** Upper end of the y axis: a round number above the data and the horizontal references, or a cap. */
  yMax: number;
  /** Whether some points lie above `yMax` (the axis is capped) and are drawn clipped. */
  clipped: boolean;
  /** The chart as text (its text alternative). */
  description: string;
}

/** The fleet panel of a plan. */
export interface FleetView {
  offeredRatePerSecond: number;
  ttftSloMs: number;
  tpotSloMs: number;
  /** Designs with a headroom curve of at least one point; the charts are empty without them. */
  charted: number;
  charts: { ttft: SeriesChartModel; tpot: SeriesChartModel; cost: SeriesChartModel };
  table: FleetTableRow[];
}

/** One row of the designs table, as text (cells in the column order of {@link FLEET_TABLE_COLUMNS}). */
export interface FleetTableRow {
  key: string;
  acceleratorId: string;
  /** Whether this is the scenario's accelerator (highlighted). */
  current: boolean;
  meetsSlo: boolean;
  cells: string[];
}

/** The designs table's column headers (the first heads the row headers). */
export const FLEET_TABLE_COLUMNS = [
  "accelerator",
  "meets SLO",
  "replicas",
  "GPUs",
  "P99 TTFT",
  "P99 TPOT",
  "$/GPU-h",
  "$/Mtoken",
  "facility power",
] as const;

/** The curves the fleet panel draws, which the generic curve charts leave out for a fleet plan. */
export const FLEET_PANEL_CURVE_PATHS: readonly string[] = ["performance.headroom"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a plan's performance section is a fleet's (`kind: "fleet"` with its designs). */
export function isFleetPerformance(performance: unknown): performance is FleetPerformance {
  return isRecord(performance) && performance.kind === "fleet" && Array.isArray(performance.designs);
}

/**
 * The generic curves to draw for a plan: all of them, except, for a fleet plan, those the fleet panel draws
 * (the scenario accelerator's headroom curve is one of its series).
 */
export function genericCurves(curves: readonly FoundCurve[], performance: unknown): FoundCurve[] {
  if (!isFleetPerformance(performance)) return [...curves];
  return curves.filter((curve) => !FLEET_PANEL_CURVE_PATHS.includes(curve.path));
}

/** Round axis ends, times a power of ten: fine enough that an axis is not twice as tall as its data. */
const NICE_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] as const;

/** The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) at or above a positive value; 1 for 0 or less. */
export function niceCeiling(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of NICE_STEPS) {
    const candidate = step * power;
    // Tolerate float noise (e.g. 3 x 0.1).
    if (candidate >= value * (1 - 1e-12)) return Number(candidate.toPrecision(12));
  }
  return 10 * power;
}

type HeadroomKey = "ttftP99Ms" | "tpotP99Ms" | "usdPerMillionTokens";

/**
 * Merges the designs' headroom curves into rows by offered rate: `{ ratePerSecond, s0, s1, ... }`, where `sN` is
 * design N's value at that rate (absent when it has no point there), ascending by rate.
 */
export function mergeHeadroom(
  designs: ReadonlyArray<{ headroom: readonly FleetHeadroomPoint[] }>,
  key: HeadroomKey,
): Array<Record<string, number>> {
  const byRate = new Map<number, Record<string, number>>();
  designs.forEach((design, index) => {
    for (const point of design.headroom) {
      const value = point[key];
      if (!Number.isFinite(point.ratePerSecond) || !Number.isFinite(value)) continue;
      let row = byRate.get(point.ratePerSecond);
      if (!row) {
        row = { ratePerSecond: point.ratePerSecond };
        byRate.set(point.ratePerSecond, row);
      }
      row[seriesKey(index)] = value;
    }
  });
  return [...byRate.values()].sort((a, b) => (a.ratePerSecond ?? 0) - (b.ratePerSecond ?? 0));
}

function seriesKey(index: number): string {
  return `s${index}`;
}

/** A design's label: its name (the accelerator id, unless the designs were custom). */
function designLabel(design: FleetDesignSummary): string {
  return design.name || design.acceleratorId;
}

function describeSeries(
  design: FleetDesignSummary,
  key: HeadroomKey,
  unit: FleetUnit,
  format: FleetFormat,
  slo: number | undefined,
): string {
  const points = design.headroom
    .filter((point) => Number.isFinite(point[key]) && Number.isFinite(point.ratePerSecond))
    .sort((a, b) => a.ratePerSecond - b.ratePerSecond);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return `${designLabel(design)}: no points`;
  const rate = (value: number) => format(value, "requests/s");
  const span =
    points.length === 1
      ? `${format(first[key], unit)} at ${rate(first.ratePerSecond)}`
      : `${format(first[key], unit)} at ${rate(first.ratePerSecond)} to ${format(last[key], unit)} at ${rate(last.ratePerSecond)}`;
  if (slo === undefined) return `${designLabel(design)}: ${span}`;
  const over = points.find((point) => point[key] > slo);
  const verdict =
    over === undefined
      ? "within the SLO at every rate"
      : over === first
        ? "above the SLO at every rate"
        : `above the SLO from ${rate(over.ratePerSecond)}`;
  return `${designLabel(design)}: ${span}, ${verdict}`;
}

function seriesChart(options: {
  id: string;
  title: string;
  subtitle: string;
  key: HeadroomKey;
  unit: FleetUnit;
  yLabel: string;
  designs: readonly FleetDesignSummary[];
  offeredRatePerSecond: number;
  /** The SLO bound: `label` on the line, `text` in the description. */
  slo?: { value: number; label: string; text: string };
  format: FleetFormat;
}): SeriesChartModel {
  const { designs, key, unit, format, slo, offeredRatePerSecond } = options;
  const rows = mergeHeadroom(designs, key);
  const series = designs.map((design, index) => ({
    key: seriesKey(index),
    label: designLabel(design),
    color: SERIES_COLORS[index % SERIES_COLORS.length] as string,
  }));
  const references: ChartReference[] = [];
  if (Number.isFinite(offeredRatePerSecond) && offeredRatePerSecond > 0) {
    references.push({
      axis: "x",
      value: offeredRatePerSecond,
      label: `offered ${format(offeredRatePerSecond, "requests/s")}`,
      color: "#888888",
    });
  }
  if (slo) references.push({ axis: "y", value: slo.value, label: slo.label, color: SLO_COLOR });
  let dataMax = 0;
  for (const row of rows) {
    for (const entry of series) {
      const value = row[entry.key];
      if (value !== undefined && value > dataMax) dataMax = value;
    }
  }
  const referenceMax = slo?.value ?? 0;
  const cap = slo ? slo.value * LATENCY_AXIS_SLO_MULTIPLE : Number.POSITIVE_INFINITY;
  const clipped = dataMax > cap;
  const yMax = clipped ? cap : niceCeiling(Math.max(dataMax, referenceMax) * 1.05);
  const rates = rows.map((row) => row.ratePerSecond ?? 0);
  const range =
    rates.length > 0
      ? `offered rates ${format(Math.min(...rates), "requests/s")} to ${format(Math.max(...rates), "requests/s")}`
      : "no offered rates";
  const sentences = [
    `${options.title}, ${range}, one line per accelerator.`,
    ...(slo ? [`SLO: ${slo.text} (dashed line).`] : []),
    ...designs.map(
      (design) =>
        `${describeSeries(design, key, unit, format, slo?.value)}${design.meetsSlo ? "" : " (no fleet size tried meets the SLOs)"}.`,
    ),
    ...(clipped ? [`The axis stops at ${format(cap, unit)}; higher points are cut off.`] : []),
  ];
  return {
    id: options.id,
    title: options.title,
    subtitle: options.subtitle,
    xKey: "ratePerSecond",
    xLabel: "offered rate, requests/s",
    yLabel: options.yLabel,
    yUnit: unit,
    series,
    rows,
    references,
    yMax,
    clipped,
    description: sentences.join(" "),
  };
}

/**
 * The cells of the designs table, in {@link FLEET_TABLE_COLUMNS} order.
 *
 * @param designs - the plan's sized designs
 * @param currentAcceleratorId - the scenario's accelerator (its row is highlighted)
 * @param format - the app's number formatter
 */
export function fleetTableRows(
  designs: readonly FleetDesignSummary[],
  currentAcceleratorId: string,
  format: FleetFormat,
): FleetTableRow[] {
  return designs.map((design, index) => ({
    key: `${index}-${design.name}`,
    acceleratorId: design.acceleratorId,
    current: design.acceleratorId === currentAcceleratorId,
    meetsSlo: design.meetsSlo,
    cells: [
      designLabel(design),
      design.meetsSlo ? "yes" : "no",
      String(design.replicas),
      String(design.acceleratorCount),
      format(design.ttftP99Ms, "ms"),
      format(design.tpotP99Ms, "ms"),
      `${format(design.costPerGpuHourUsd, "USD")}${design.costBasis === "owned" ? " (owned TCO)" : design.costBasis === "mixed" ? " (mixed)" : ""}`,
      format(design.usdPerMillionTokens, "USD"),
      format(design.facilityPowerKW, "kW"),
    ],
  }));
}

/**
 * The fleet panel of a plan, or undefined when the plan is not a fleet's.
 *
 * @param performance - `plan.performance`
 * @param workload - `plan.scenario.workload` (the SLO bounds `ttftP99Ms`, `tpotP99Ms`)
 * @param format - the app's number formatter (format.ts `formatFleetValue`)
 * @returns the chart models, their text alternatives and the table's cells
 */
export function fleetView(performance: unknown, workload: unknown, format: FleetFormat): FleetView | undefined {
  if (!isFleetPerformance(performance)) return undefined;
  const slos = isRecord(workload) ? workload : {};
  const ttftSloMs = typeof slos.ttftP99Ms === "number" ? slos.ttftP99Ms : Number.NaN;
  const tpotSloMs = typeof slos.tpotP99Ms === "number" ? slos.tpotP99Ms : Number.NaN;
  const offeredRatePerSecond = performance.offeredRatePerSecond;
  const designs = performance.designs;
  const common = { designs, offeredRatePerSecond, format };
  const sloReference = (value: number, name: string) =>
    Number.isFinite(value) && value > 0
      ? { slo: { value, label: `SLO ${format(value, "ms")}`, text: `${name} ≤ ${format(value, "ms")}` } }
      : {};
  const sloSubtitle = (value: number) => (Number.isFinite(value) && value > 0 ? `SLO ${format(value, "ms")}` : "");
  return {
    offeredRatePerSecond,
    ttftSloMs,
    tpotSloMs,
    charted: designs.filter((design) => design.headroom.length > 0).length,
    charts: {
      ttft: seriesChart({
        ...common,
        id: "chart-fleet-ttft",
        title: "P99 TTFT vs offered rate",
        subtitle: sloSubtitle(ttftSloMs),
        key: "ttftP99Ms",
        unit: "ms",
        yLabel: "P99 TTFT, ms",
        ...sloReference(ttftSloMs, "P99 TTFT"),
      }),
      tpot: seriesChart({
        ...common,
        id: "chart-fleet-tpot",
        title: "P99 TPOT vs offered rate",
        subtitle: sloSubtitle(tpotSloMs),
        key: "tpotP99Ms",
        unit: "ms",
        yLabel: "P99 TPOT, ms",
        ...sloReference(tpotSloMs, "P99 TPOT"),
      }),
      cost: seriesChart({
        ...common,
        id: "chart-fleet-cost",
        title: "$/Mtoken vs offered rate",
        subtitle: "",
        key: "usdPerMillionTokens",
        unit: "USD/Mtoken",
        yLabel: "$ per million output tokens",
      }),
    },
    table: fleetTableRows(designs, performance.acceleratorId, format),
  };
}
