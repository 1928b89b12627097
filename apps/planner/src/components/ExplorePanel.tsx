import { listAccelerators } from "@aifactory/hardware";
import type { ExplorePoint, ExploreResult, ExploreSpace } from "@aifactory/planner";
import { memo, useId, useMemo, useState } from "react";
import {
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from "recharts";
import { parseCounts } from "../lib/explore-input";
import { formatHours, formatValue } from "./format";

const SUGGESTED = ["nvidia-h100-sxm", "nvidia-h200-sxm", "nvidia-b200", "amd-mi300x"];

function PointTooltip({ active, payload }: { active?: boolean; payload?: Array<{ payload: ExplorePoint }> }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  return (
    <div className="tooltip">
      <strong>
        {point.count} x {point.accelerator}
      </strong>
      <div>{formatHours(point.wallClockHours ?? 0)}</div>
      <div>{formatValue(point.workloadCostUsd ?? 0, "USD")}</div>
      <div>{formatValue(point.co2eTonnes ?? 0, "tCO2e")}</div>
      <div>{point.pareto ? "Pareto-optimal" : "dominated"}</div>
    </div>
  );
}

/**
 * Sweeps accelerators x counts around the current scenario with the planner's `explore` (in a worker) and
 * draws every feasible point, the Pareto front over (time, cost, carbon) highlighted.
 */
export const ExplorePanel = memo(function ExplorePanel({
  getScenario,
  currentAccelerator,
  currentCount,
  run,
  disabled,
}: {
  getScenario: () => unknown;
  currentAccelerator: string;
  currentCount: number;
  run: (space: ExploreSpace, onProgress: (done: number, total: number) => void) => Promise<ExploreResult>;
  disabled: boolean;
}) {
  const allIds = useMemo(() => listAccelerators().map((entry) => entry.id), []);
  const [accelerators, setAccelerators] = useState<string[]>(() =>
    [...new Set([currentAccelerator, ...SUGGESTED])].filter((id) => allIds.includes(id)),
  );
  const [countsText, setCountsText] = useState(() =>
    [currentCount / 2, currentCount, currentCount * 2].filter((n) => Number.isInteger(n) && n > 0).join(", "),
  );
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [result, setResult] = useState<ExploreResult | undefined>();
  const [error, setError] = useState<string | undefined>();
  const countsId = useId();
  const acceleratorsId = useId();
  const parsedCounts = parseCounts(countsText);

  const start = async () => {
    if ("error" in parsedCounts) return;
    setError(undefined);
    setResult(undefined);
    setProgress({ done: 0, total: accelerators.length * parsedCounts.counts.length });
    try {
      const space: ExploreSpace = {
        base: getScenario() as Record<string, unknown>,
        accelerators,
        counts: parsedCounts.counts,
      };
      setResult(await run(space, (done, total) => setProgress({ done, total })));
    } catch (caught) {
      setError((caught as { message?: string }).message ?? String(caught));
    } finally {
      setProgress(undefined);
    }
  };

  const feasible = result?.points.filter((point) => point.wallClockHours !== null && point.fits && !point.pareto) ?? [];
  const failed = result?.points.filter((point) => point.wallClockHours === null || !point.fits) ?? [];
  return (
    <section className="panel" aria-labelledby="explore-title">
      <h2 id="explore-title">Design space (Pareto)</h2>
      <div className="explore-controls">
        <div className="field">
          <label htmlFor={acceleratorsId}>accelerators to sweep</label>
          <select
            id={acceleratorsId}
            multiple
            size={6}
            value={accelerators}
            onChange={(event) => setAccelerators([...event.target.selectedOptions].map((option) => option.value))}
          >
            {allIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={countsId}>accelerator counts</label>
          <input
            id={countsId}
            type="text"
            value={countsText}
            aria-invalid={"error" in parsedCounts ? true : undefined}
            aria-describedby={"error" in parsedCounts ? `${countsId}-error` : undefined}
            onChange={(event) => setCountsText(event.target.value)}
          />
          {"error" in parsedCounts && (
            <p className="field-error" id={`${countsId}-error`}>
              {parsedCounts.error}
            </p>
          )}
          <button
            type="button"
            onClick={start}
            disabled={disabled || progress !== undefined || accelerators.length === 0 || "error" in parsedCounts}
          >
            Explore {accelerators.length} x {"counts" in parsedCounts ? parsedCounts.counts.length : 0} configurations
          </button>
          {progress && (
            <progress aria-label="exploration progress" value={progress.done} max={progress.total}>
              {progress.done}/{progress.total}
            </progress>
          )}
        </div>
      </div>
      {error && <p className="field-error">{error}</p>}
      {result && (
        <>
          <p className="muted small" data-testid="explore-summary">
            {result.evaluatedCount} configurations in {result.elapsedMs.toFixed(0)} ms; {result.front.length} on the
            Pareto front over (time, cost, carbon){failed.length > 0 ? `; ${failed.length} infeasible or failed` : ""}.
          </p>
          <ResponsiveContainer width="100%" height={300}>
            <ScatterChart margin={{ top: 16, right: 24, bottom: 24, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="wallClockHours"
                type="number"
                name="wall-clock"
                domain={[(min: number) => min * 0.9, (max: number) => max * 1.05]}
                tickFormatter={(value: number) => formatHours(value)}
                fontSize={11}
                label={{ value: "wall-clock time", position: "insideBottom", offset: -12, fontSize: 11 }}
              />
              <YAxis
                dataKey="workloadCostUsd"
                type="number"
                name="cost"
                domain={[(min: number) => min * 0.9, (max: number) => max * 1.05]}
                tickFormatter={(value: number) => formatValue(value, "USD")}
                fontSize={11}
                width={64}
              />
              <ZAxis range={[50, 50]} />
              <Tooltip content={<PointTooltip />} />
              <Legend verticalAlign="top" height={24} />
              <Scatter name="dominated" data={feasible} fill="#9aa7b8" isAnimationActive={false} />
              <Scatter name="Pareto front" data={result.front} fill="#c0392b" line isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
          <table className="details">
            <caption>Pareto front, fastest first</caption>
            <thead>
              <tr>
                <th scope="col">configuration</th>
                <th scope="col">time</th>
                <th scope="col">cost</th>
                <th scope="col">carbon</th>
              </tr>
            </thead>
            <tbody>
              {result.front.map((point) => (
                <tr key={`${point.accelerator}-${point.count}-${point.region}-${point.ownership}`}>
                  <th scope="row">
                    {point.count} x {point.accelerator}
                  </th>
                  <td>{formatHours(point.wallClockHours ?? 0)}</td>
                  <td>{formatValue(point.workloadCostUsd ?? 0, "USD")}</td>
                  <td>{formatValue(point.co2eTonnes ?? 0, "tCO2e")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
});
