import type { ExplorePoint, ExploreResult, ExploreSpace } from "@aifactory/planner";
import { memo, useId, useMemo, useState } from "react";
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import { parseCounts } from "../lib/explore-input";
import { bestPerAccelerator, isFeasible, pointLabel, pointStatus } from "../lib/explore-view";
import { SERIES_COLORS } from "../lib/fleet-view";
import { DEFAULTS, STARTUP } from "../startup-data";
import { formatHours, formatValue } from "./format";

/** The catalog's accelerators (`listAccelerators`, ids and names computed at build time: see startup-data.ts). */
const CATALOG = (STARTUP.suggestions.accelerator ?? []).map((entry) => ({
  id: entry.value,
  name: entry.label ?? entry.value,
}));

/**
 * The accelerators offered for a sweep besides the scenario's own: those of the built-in scenarios (their
 * accelerators and the ones a fleet scenario compares), so the list follows the planner's defaults.
 */
const BUILT_IN_ACCELERATORS = [
  ...new Set(
    DEFAULTS.flatMap(({ scenario }) => {
      const also = (scenario.workload as { alsoAccelerators?: unknown }).alsoAccelerators;
      return [scenario.hardware.accelerator, ...(Array.isArray(also) ? (also as string[]) : [])];
    }),
  ),
];

const time = (point: ExplorePoint) => formatHours(point.wallClockHours ?? 0);
const cost = (point: ExplorePoint) => formatValue(point.workloadCostUsd ?? 0, "USD");
const carbon = (point: ExplorePoint) => formatValue(point.co2eTonnes ?? 0, "tCO2e");

/** A point's text: its configuration and figures (a tooltip, an SVG title, a table row's summary). */
function pointText(point: ExplorePoint): string {
  return `${pointLabel(point)}: ${time(point)}, ${cost(point)}, ${carbon(point)} (${pointStatus(point)})`;
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: Array<{ payload: ExplorePoint }> }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  return (
    <div className="tooltip">
      <strong>{pointLabel(point)}</strong>
      <div>time {time(point)}</div>
      <div>cost {cost(point)}</div>
      <div>carbon {carbon(point)}</div>
      <div>{pointStatus(point)}</div>
    </div>
  );
}

/** A point drawn with its own title (hover text): a ring around the Pareto-optimal ones. */
function PointShape(props: { cx?: number; cy?: number; fill?: string; payload?: ExplorePoint }) {
  const { cx, cy, fill, payload } = props;
  if (cx === undefined || cy === undefined || !payload) return <g />;
  return (
    <g>
      <title>{pointText(payload)}</title>
      {payload.pareto && <circle cx={cx} cy={cy} r={8} fill="none" stroke="#1d2430" strokeWidth={1.5} />}
      <circle cx={cx} cy={cy} r={payload.pareto ? 5 : 4} fill={fill} />
    </g>
  );
}

/**
 * Sweeps accelerators x counts around the current scenario with the planner's `explore` (in a worker) and
 * shows every point: coloured by accelerator, the Pareto front over (time, cost, carbon) ringed, each point named
 * (hover title, tooltip, and the tables), with the best point of each accelerator type and what the axes mean.
 */
export const ExplorePanel = memo(function ExplorePanel({
  getScenario,
  currentAccelerator,
  currentCount,
  ownership,
  run,
  disabled,
}: {
  getScenario: () => unknown;
  currentAccelerator: string;
  currentCount: number;
  ownership: "owned" | "cloud";
  run: (space: ExploreSpace, onProgress: (done: number, total: number) => void) => Promise<ExploreResult>;
  disabled: boolean;
}) {
  const [accelerators, setAccelerators] = useState<string[]>(() =>
    [...new Set([currentAccelerator, ...BUILT_IN_ACCELERATORS])].filter((id) =>
      CATALOG.some((entry) => entry.id === id),
    ),
  );
  const [countsText, setCountsText] = useState(() =>
    [currentCount / 2, currentCount, currentCount * 2].filter((n) => Number.isInteger(n) && n > 0).join(", "),
  );
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [result, setResult] = useState<ExploreResult | undefined>();
  const [error, setError] = useState<string | undefined>();
  const countsId = useId();
  const acceleratorsId = useId();
  const captionId = useId();
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

  const view = useMemo(() => {
    if (!result) return undefined;
    const feasible = result.points.filter(isFeasible);
    const swept = [...new Set(result.points.map((point) => point.accelerator))];
    const series = swept.map((accelerator, index) => ({
      accelerator,
      color: SERIES_COLORS[index % SERIES_COLORS.length] as string,
      points: feasible.filter((point) => point.accelerator === accelerator),
    }));
    return {
      series,
      best: bestPerAccelerator(result.points),
      failed: result.points.length - feasible.length,
    };
  }, [result]);
  const basis = ownership === "cloud" ? "cloud rental price" : "owned TCO";

  return (
    <section className="panel" aria-labelledby="explore-title">
      <h2 id="explore-title">Design space (Pareto)</h2>
      <div className="explore-controls">
        <div className="field">
          <label htmlFor={acceleratorsId}>Accelerators to sweep</label>
          <select
            id={acceleratorsId}
            multiple
            size={6}
            value={accelerators}
            onChange={(event) => setAccelerators([...event.target.selectedOptions].map((option) => option.value))}
          >
            {CATALOG.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
              </option>
            ))}
          </select>
          <small className="hint">Ctrl/Cmd or Shift to pick several; with the keyboard, Shift+arrows.</small>
        </div>
        <div className="field">
          <label htmlFor={countsId}>Accelerator counts</label>
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
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && view && (
        <>
          <p className="muted small" data-testid="explore-summary">
            {result.evaluatedCount} configurations in {formatValue(result.elapsedMs, "ms")}; {result.front.length} on
            the Pareto front over (time, cost, carbon)
            {view.failed > 0 ? `; ${view.failed} infeasible or failed (listed below)` : ""}.
          </p>
          <figure className="chart explore-chart" aria-labelledby={captionId}>
            <figcaption id={captionId} data-testid="explore-caption">
              <strong>Time vs cost of each configuration.</strong> Each dot is one configuration (accelerator type x
              count), coloured by accelerator; hover a dot for its name and figures. <em>x</em>: wall-clock time of the
              workload (the run, or the planning period of a service). <em>y</em>: what the workload costs, in US
              dollars ({basis}). Ringed dots are <em>Pareto-optimal</em>: no other configuration is at once faster,
              cheaper and lower in carbon. The front is over three criteria (time, cost, carbon), so a ringed dot can
              look beaten in this two-axis view when it emits less carbon.
            </figcaption>
            <ul className="series-legend" aria-label="accelerators in the chart">
              {view.series.map((entry) => (
                <li key={entry.accelerator}>
                  <span className="swatch" style={{ background: entry.color }} aria-hidden="true" />
                  {entry.accelerator}
                </li>
              ))}
              <li>
                <span className="ring" aria-hidden="true" /> Pareto-optimal
              </li>
            </ul>
            <ResponsiveContainer width="100%" height={300}>
              <ScatterChart margin={{ top: 8, right: 16, bottom: 28, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis
                  dataKey="wallClockHours"
                  type="number"
                  name="wall-clock time"
                  domain={[(min: number) => min * 0.9, (max: number) => max * 1.05]}
                  tickFormatter={(value: number) => formatHours(value)}
                  fontSize={11}
                  label={{ value: "wall-clock time", position: "insideBottom", offset: -16, fontSize: 11 }}
                />
                <YAxis
                  dataKey="workloadCostUsd"
                  type="number"
                  name="cost"
                  domain={[(min: number) => min * 0.9, (max: number) => max * 1.05]}
                  tickFormatter={(value: number) => formatValue(value, "USD")}
                  fontSize={11}
                  width={60}
                  label={{ value: "cost, USD", angle: -90, position: "insideLeft", fontSize: 11, dy: 30 }}
                />
                <ZAxis range={[50, 50]} />
                <Tooltip content={<PointTooltip />} />
                {view.series.map((entry) => (
                  <Scatter
                    key={entry.accelerator}
                    name={entry.accelerator}
                    data={entry.points}
                    fill={entry.color}
                    shape={<PointShape />}
                    isAnimationActive={false}
                  />
                ))}
              </ScatterChart>
            </ResponsiveContainer>
          </figure>
          <div className="scroll">
            <table className="details" data-testid="explore-best">
              <caption>Best configuration of each accelerator type (feasible points only)</caption>
              <thead>
                <tr>
                  <th scope="col">accelerator</th>
                  <th scope="col">fastest</th>
                  <th scope="col">its time, cost</th>
                  <th scope="col">cheapest</th>
                  <th scope="col">its time, cost</th>
                </tr>
              </thead>
              <tbody>
                {view.best.map((row) => (
                  <tr key={row.accelerator}>
                    <th scope="row">{row.accelerator}</th>
                    {row.fastest && row.cheapest ? (
                      <>
                        <td>{row.fastest.count} GPUs</td>
                        <td>
                          {time(row.fastest)}, {cost(row.fastest)}
                        </td>
                        <td>{row.cheapest.count} GPUs</td>
                        <td>
                          {time(row.cheapest)}, {cost(row.cheapest)}
                        </td>
                      </>
                    ) : (
                      <td colSpan={4} className="muted">
                        none of its {row.evaluated} configurations is feasible
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <details className="explore-all" open={result.points.length <= 12}>
            <summary>All {result.points.length} configurations, fastest first</summary>
            <div className="scroll">
              <table className="details" data-testid="explore-points">
                <caption>Every configuration swept</caption>
                <thead>
                  <tr>
                    <th scope="col">configuration</th>
                    <th scope="col">time</th>
                    <th scope="col">cost</th>
                    <th scope="col">carbon</th>
                    <th scope="col">status</th>
                  </tr>
                </thead>
                <tbody>
                  {[...result.points]
                    .sort(
                      (a, b) =>
                        (a.wallClockHours ?? Number.POSITIVE_INFINITY) - (b.wallClockHours ?? Number.POSITIVE_INFINITY),
                    )
                    .map((point) => (
                      <tr
                        key={`${point.accelerator}-${point.count}-${point.region}-${point.ownership}`}
                        className={point.pareto ? "current" : undefined}
                      >
                        <th scope="row">{pointLabel(point)}</th>
                        <td>{point.wallClockHours === null ? "–" : time(point)}</td>
                        <td>{point.workloadCostUsd === null ? "–" : cost(point)}</td>
                        <td>{point.co2eTonnes === null ? "–" : carbon(point)}</td>
                        <td className="status-cell">{pointStatus(point)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
});
