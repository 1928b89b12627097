import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartSeries, SeriesChartModel } from "../lib/fleet-view";
import { humanizeKey } from "../lib/labels";
import type { FoundCurve } from "../lib/plan-view";
import { unitFromKey } from "../lib/units";
import { formatTick, formatValue } from "./format";

/** A throughput-vs-latency curve from a plan (e.g. a serving sweep over concurrency). */
export function CurveChart({ curve }: { curve: FoundCurve }) {
  const data = [...curve.points].sort((a, b) => (a[curve.xKey] ?? 0) - (b[curve.xKey] ?? 0));
  const xUnit = unitFromKey(curve.xKey);
  const id = `chart-curve-${curve.path.replace(/\W+/g, "-")}`;
  return (
    <figure className="panel chart" aria-labelledby={id}>
      <figcaption id={id}>
        <strong>Throughput vs latency</strong>{" "}
        <span className="muted">
          {humanizeKey(curve.yKey)} against {humanizeKey(curve.xKey).toLowerCase()}
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 16, right: 24, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey={curve.xKey}
            type="number"
            domain={["auto", "auto"]}
            fontSize={11}
            tickFormatter={(value: number) => formatValue(value, xUnit)}
            label={{ value: humanizeKey(curve.xKey), position: "insideBottom", offset: -8, fontSize: 11 }}
          />
          <YAxis
            type="number"
            fontSize={11}
            width={64}
            tickFormatter={formatTick}
            label={{ value: humanizeKey(curve.yKey), angle: -90, position: "insideLeft", fontSize: 11 }}
          />
          <Tooltip
            formatter={(value) => formatValue(Number(value), unitFromKey(curve.yKey))}
            labelFormatter={(value) => formatValue(Number(value), xUnit)}
          />
          <Line
            dataKey={curve.yKey}
            name={humanizeKey(curve.yKey)}
            stroke="#3b6fb6"
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * The key of some series as an HTML list (in the page flow, so it never overlaps a plot); charts that share their
 * series can share one.
 */
export function SeriesLegend({ series, label }: { series: readonly ChartSeries[]; label: string }) {
  return (
    <ul className="series-legend" aria-label={label}>
      {series.map((entry) => (
        <li key={entry.key}>
          <span className="swatch" style={{ background: entry.color }} aria-hidden="true" />
          {entry.label}
        </li>
      ))}
    </ul>
  );
}

/**
 * Several curves over one x axis (e.g. a fleet's P99 vs offered rate, one line per accelerator), with labelled
 * reference lines, a legend (unless `legend` is false: a legend shared with other charts is shown elsewhere) and
 * the chart as text for assistive technology (`model.description`). The model is made by a pure helper
 * (lib/fleet-view.ts); values are formatted by the functions passed in.
 */
export function SeriesChart({
  model,
  formatX,
  formatY,
  formatYTick,
  legend = true,
  testId,
}: {
  model: SeriesChartModel;
  formatX: (value: number) => string;
  formatY: (value: number) => string;
  formatYTick: (value: number) => string;
  legend?: boolean;
  testId?: string;
}) {
  const captionId = `${model.id}-caption`;
  const descriptionId = `${model.id}-description`;
  return (
    <figure
      className="panel chart"
      aria-labelledby={captionId}
      aria-describedby={descriptionId}
      {...(testId ? { "data-testid": testId } : {})}
    >
      <figcaption id={captionId}>
        <strong>{model.title}</strong> {model.subtitle && <span className="muted">{model.subtitle}</span>}
      </figcaption>
      {legend && <SeriesLegend series={model.series} label={`${model.title}: key`} />}
      <p id={descriptionId} className="visually-hidden">
        {model.description}
      </p>
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={model.rows} margin={{ top: 22, right: 24, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey={model.xKey}
            type="number"
            domain={["dataMin", "dataMax"]}
            tickFormatter={formatTick}
            fontSize={11}
            label={{ value: model.xLabel, position: "insideBottom", offset: -8, fontSize: 11 }}
          />
          <YAxis
            type="number"
            domain={[0, model.yMax]}
            allowDataOverflow={model.clipped}
            tickFormatter={formatYTick}
            fontSize={11}
            width={64}
            label={{ value: model.yLabel, angle: -90, position: "insideLeft", fontSize: 11, dy: 50 }}
          />
          <Tooltip
            formatter={(value) => formatY(Number(value))}
            itemSorter="dataKey"
            labelFormatter={(value) => `offered ${formatX(Number(value))}`}
          />
          {model.references.map((reference) => (
            <ReferenceLine
              key={`${reference.axis}-${reference.label}`}
              {...(reference.axis === "x" ? { x: reference.value } : { y: reference.value })}
              stroke={reference.color}
              strokeDasharray={reference.axis === "x" ? "2 2" : "5 3"}
              ifOverflow="extendDomain"
              label={{
                value: reference.label,
                // The x reference's label sits above the plot; the y one's at the left, where latencies are low.
                position: reference.axis === "x" ? "top" : "insideTopLeft",
                fontSize: 11,
                fill: reference.color,
              }}
            />
          ))}
          {model.series.map((series) => (
            <Line
              key={series.key}
              dataKey={series.key}
              name={series.label}
              stroke={series.color}
              strokeWidth={2}
              dot={{ r: 3, fill: series.color }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      {model.clipped && (
        <p className="muted small">The axis stops at {formatY(model.yMax)}; points above it are cut off.</p>
      )}
    </figure>
  );
}
