import type { FleetPerformance } from "@aifactory/planner";
import { memo, useMemo } from "react";
import { FLEET_TABLE_COLUMNS, fleetView } from "../lib/fleet-view";
import { SeriesChart, SeriesLegend } from "./CurveChart";
import { formatFleetValue, formatPrice, formatTick } from "./format";

const formatMs = (value: number) => formatFleetValue(value, "ms");
const formatRate = (value: number) => formatFleetValue(value, "requests/s");
const formatUsdPerMtoken = (value: number) => formatFleetValue(value, "USD/Mtoken");
const plainTick = formatTick;
const priceTick = (value: number) => formatPrice(value);

const BASIS_TEXT = { cloud: "cloud rental price", owned: "owned TCO", mixed: "a mix of both" } as const;

/** Which design is priced on which basis, in words. */
function describeBases(performance: FleetPerformance): string {
  return performance.designs.map((design) => `${design.acceleratorId} at ${BASIS_TEXT[design.costBasis]}`).join(", ");
}

/**
 * A fleet plan's designs (`performance.designs`): P99 TTFT and P99 TPOT vs offered rate with the scenario's SLO
 * bounds, $/Mtoken vs offered rate (one line per accelerator sized) and the designs side by side.
 */
export const FleetPanel = memo(function FleetPanel({
  performance,
  workload,
}: {
  performance: FleetPerformance;
  workload: unknown;
}) {
  const view = useMemo(() => fleetView(performance, workload, formatFleetValue), [performance, workload]);
  if (!view) return null;
  const bases = [...new Set(performance.designs.map((design) => design.costBasis))];
  const slo = `P99 TTFT ≤ ${formatMs(view.ttftSloMs)} and P99 TPOT ≤ ${formatMs(view.tpotSloMs)}`;
  return (
    <section className="fleet" aria-labelledby="fleet-title" data-testid="fleet-panel">
      <h2 id="fleet-title">Fleet designs</h2>
      <p className="muted small">
        The smallest fleet of each accelerator that meets {slo} at {formatRate(view.offeredRatePerSecond)}, simulated
        request by request at multiples of that rate.
      </p>
      {view.charted === 0 ? (
        <p className="panel muted" data-testid="fleet-empty">
          {view.table.length === 0
            ? "No designs were sized (the workload's size is off), so there are no curves to compare."
            : "The sized designs have no headroom curves (no headroom factors), so there are no curves to draw."}
        </p>
      ) : (
        <>
          <SeriesLegend series={view.charts.ttft.series} label="accelerators in the charts" />
          <div className="charts fleet-charts">
            <SeriesChart
              model={view.charts.ttft}
              formatX={formatRate}
              formatY={formatMs}
              formatYTick={plainTick}
              legend={false}
              testId="fleet-chart-ttft"
            />
            <SeriesChart
              model={view.charts.tpot}
              formatX={formatRate}
              formatY={formatMs}
              formatYTick={plainTick}
              legend={false}
              testId="fleet-chart-tpot"
            />
            <SeriesChart
              model={view.charts.cost}
              formatX={formatRate}
              formatY={formatUsdPerMtoken}
              formatYTick={priceTick}
              legend={false}
              testId="fleet-chart-cost"
            />
          </div>
        </>
      )}
      {bases.length > 1 && (
        <p className="basis-note" role="note" data-testid="fleet-mixed-basis">
          Mixed cost bases: {describeBases(performance)}. A rental price and an owned TCO are not the same kind of cost:
          compare the $/Mtoken of these designs with care.
        </p>
      )}
      {view.table.length > 0 && (
        <div className="panel scroll">
          <table className="fleet-designs" data-testid="fleet-designs">
            <caption>
              Sized designs at {formatRate(view.offeredRatePerSecond)}{" "}
              <span className="muted small">(highlighted: the scenario's accelerator)</span>
            </caption>
            <thead>
              <tr>
                {FLEET_TABLE_COLUMNS.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.table.map((row) => (
                <tr key={row.key} className={row.current ? "current" : undefined}>
                  {row.cells.map((cell, index) =>
                    index === 0 ? (
                      <th key={FLEET_TABLE_COLUMNS[index]} scope="row" title={row.acceleratorId}>
                        {cell}
                      </th>
                    ) : (
                      <td key={FLEET_TABLE_COLUMNS[index]} className={index === 1 && !row.meetsSlo ? "bad" : undefined}>
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
});
