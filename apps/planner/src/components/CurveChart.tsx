import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FoundCurve } from "../lib/plan-view";

/** A throughput-vs-latency curve from a plan (e.g. a serving sweep over concurrency). */
export function CurveChart({ curve }: { curve: FoundCurve }) {
  const data = [...curve.points].sort((a, b) => (a[curve.xKey] ?? 0) - (b[curve.xKey] ?? 0));
  const id = `chart-curve-${curve.path.replace(/\W+/g, "-")}`;
  return (
    <figure className="panel chart" aria-labelledby={id}>
      <figcaption id={id}>
        <strong>Throughput vs latency</strong> <span className="muted">{curve.path}</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 16, right: 24, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey={curve.xKey}
            type="number"
            domain={["auto", "auto"]}
            fontSize={11}
            label={{ value: curve.xKey, position: "insideBottom", offset: -8, fontSize: 11 }}
          />
          <YAxis
            type="number"
            fontSize={11}
            width={64}
            label={{ value: curve.yKey, angle: -90, position: "insideLeft", fontSize: 11 }}
          />
          <Tooltip />
          <Line dataKey={curve.yKey} stroke="#3b6fb6" strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
