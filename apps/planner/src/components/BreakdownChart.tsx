import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BreakdownLike } from "../lib/plan-view";
import { formatValue } from "./format";

/** A horizontal bar chart of one planner breakdown, with an optional labelled reference (e.g. capacity). */
export function BreakdownChart({
  breakdown,
  reference,
  note,
}: {
  breakdown: BreakdownLike;
  reference?: { value: number; label: string };
  note?: string;
}) {
  const total = breakdown.items.reduce((sum, item) => sum + item.value, 0);
  const height = 56 + breakdown.items.length * 26;
  const titleId = `chart-${breakdown.title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <figure className="panel chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>
        <strong>{breakdown.title}</strong> <span className="muted">total {formatValue(total, breakdown.unit)}</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={breakdown.items} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis
            type="number"
            tickFormatter={(value: number) => formatValue(value, breakdown.unit)}
            domain={reference ? [0, (max: number) => Math.max(max, reference.value)] : [0, "auto"]}
            fontSize={11}
          />
          <YAxis type="category" dataKey="label" width={130} fontSize={11} interval={0} />
          <Tooltip formatter={(value) => formatValue(Number(value), breakdown.unit)} />
          <Bar dataKey="value" name={breakdown.title} fill="#3b6fb6" isAnimationActive={false} />
          {reference && (
            <ReferenceLine
              x={reference.value}
              stroke="#c0392b"
              strokeDasharray="4 2"
              label={{ value: reference.label, position: "insideTopRight", fontSize: 11, fill: "#c0392b" }}
            />
          )}
        </BarChart>
      </ResponsiveContainer>
      {note && <p className="muted small">{note}</p>}
    </figure>
  );
}
