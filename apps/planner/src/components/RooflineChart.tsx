import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { PlannerClient } from "../planner-client";
import { formatTick, formatValue } from "./format";
import { useWorkerQuery } from "./use-worker-query";

const flops = (tflops: number) => formatValue(tflops, "TFLOP/s");
const intensity = (flopsPerByte: number) => `${formatTick(flopsPerByte)} FLOP/B`;

/**
 * The accelerator's roofline (`@aifactory/hardware` `roofline`, computed in the planner worker: see
 * lib/hardware-view.ts) with the plan's achieved model TFLOP/s per GPU as a labelled horizontal reference. The plan
 * reports no arithmetic intensity, so none is drawn.
 */
export function RooflineChart({
  client,
  acceleratorId,
  precision,
  achievedTflopsPerGpu,
}: {
  client: PlannerClient;
  acceleratorId: string;
  precision: unknown;
  achievedTflopsPerGpu?: number;
}) {
  const { result: line, error } = useWorkerQuery(client, "roofline", { accelerator: acceleratorId, precision });
  if (line?.ok !== true) {
    return (
      <figure className="panel chart">
        <figcaption>
          <strong>Roofline</strong>
        </figcaption>
        <p className="muted">{line?.ok === false ? line.message : (error?.message ?? "Loading…")}</p>
      </figure>
    );
  }
  // Until a new accelerator's roofline arrives, the previous one stays, captioned with its own accelerator.
  const { points, peakTflops, ridgePointFlopsPerByte, dtype, acceleratorId: drawnId } = line.roofline;
  const data = points.map((point) => ({ x: point.intensityFlopsPerByte, y: point.attainableTflops }));
  const xMin = data[0]?.x ?? 0.1;
  const xMax = data[data.length - 1]?.x ?? 1000;
  const yMin = Math.min(data[0]?.y ?? 1, achievedTflopsPerGpu ?? Number.POSITIVE_INFINITY) / 2;
  return (
    <figure className="panel chart" aria-labelledby="chart-roofline">
      <figcaption id="chart-roofline">
        <strong>Roofline</strong>{" "}
        <span className="muted">
          {drawnId}, {dtype} dense peak {flops(peakTflops)}, ridge {intensity(ridgePointFlopsPerByte)}
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 16, right: 24, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            scale="log"
            domain={[xMin, xMax]}
            allowDataOverflow
            tickFormatter={formatTick}
            fontSize={11}
            label={{ value: "arithmetic intensity, FLOP/byte", position: "insideBottom", offset: -8, fontSize: 11 }}
          />
          <YAxis
            type="number"
            scale="log"
            domain={[yMin, peakTflops * 1.6]}
            allowDataOverflow
            tickFormatter={formatTick}
            fontSize={11}
            width={56}
            label={{ value: "TFLOP/s", angle: -90, position: "insideLeft", fontSize: 11 }}
          />
          <Tooltip formatter={(value) => flops(Number(value))} labelFormatter={(value) => intensity(Number(value))} />
          <Line dataKey="y" name="attainable" stroke="#3b6fb6" dot={false} strokeWidth={2} isAnimationActive={false} />
          <ReferenceLine x={ridgePointFlopsPerByte} stroke="#888" strokeDasharray="2 2" />
          {achievedTflopsPerGpu !== undefined && (
            <ReferenceLine
              y={achievedTflopsPerGpu}
              stroke="#c0392b"
              strokeDasharray="5 3"
              label={{
                value: `achieved: ${flops(achievedTflopsPerGpu)} per GPU (model FLOPs)`,
                position: "insideBottomRight",
                fontSize: 11,
                fill: "#c0392b",
              }}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
      {line.firstError && (
        <p className="muted small">
          {line.firstError}; the {dtype} roof is drawn instead.
        </p>
      )}
      {achievedTflopsPerGpu === undefined && (
        <p className="muted small">This plan reports no achieved TFLOP/s per GPU, so only the roof is drawn.</p>
      )}
    </figure>
  );
}
