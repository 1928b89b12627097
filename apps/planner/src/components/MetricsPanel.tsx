import type { Plan } from "@aifactory/planner";
import { memo } from "react";
import type { PlanTexts } from "../lib/plan-texts";
import { FIRST_METRIC_TIMING_ID } from "../lib/timings";

/** Element Timing: the browser reports when the first metric's text is first painted. */
const FIRST_METRIC_TIMING: Record<string, string> = { elementtiming: FIRST_METRIC_TIMING_ID };

/**
 * The plan's headline metrics as cards (the run's cost among them, with its rate and basis), and the owned hardware's
 * capex and opex as separate figures. The figures are formatted where the plan was computed (`texts`, see
 * plan-texts.ts), so this panel renders without number formatting on the page.
 */
export const MetricsPanel = memo(function MetricsPanel({ plan, texts }: { plan: Plan; texts: PlanTexts }) {
  // A cloud scenario whose accelerator has no rental price in the catalog is priced at the owned TCO.
  const cloud = plan.cost.ownership === "cloud" && plan.cost.onDemandUsdPerAcceleratorHour !== undefined;
  const basis = cloud
    ? "cloud rental"
    : plan.cost.ownership === "cloud"
      ? "owned TCO: the catalog has no cloud price for this accelerator"
      : "owned TCO";
  // The run's cost is shown once: as the planner's own cost metric where the plan has it, else as a cost card.
  const costMetric = plan.metrics.some((metric) => metric.id === "workloadCostUsd");
  return (
    <>
      <section className="metrics" aria-label="headline metrics" data-testid="metrics">
        {plan.metrics.map((metric, i) => (
          <div className="metric" key={metric.id} data-metric={metric.id}>
            <div className="metric-value" {...(i === 0 ? FIRST_METRIC_TIMING : {})}>
              {texts.metrics[i]}
            </div>
            <div className="metric-label">
              {metric.label}
              {metric.id === "workloadCostUsd" && texts.cost ? ` at ${texts.cost.perGpuHour} (${basis})` : ""}
            </div>
          </div>
        ))}
        <div className="metric" data-metric="memoryFit">
          <div className={`metric-value ${plan.memory.fits ? "" : "bad"}`}>
            {plan.memory.fits ? "fits" : "does not fit"}
          </div>
          <div className="metric-label">
            memory {texts.memoryRequired} of {texts.memoryCapacity} per GPU
          </div>
        </div>
        <div className="metric" data-metric="earliestOnline">
          <div className="metric-value">{plan.supply.earliestOnlineQuarter ?? "beyond horizon"}</div>
          <div className="metric-label">earliest online (bound by {plan.supply.bindingConstraint})</div>
        </div>
      </section>
      {texts.cost && (
        <section className="metrics cost-cards" aria-label="cost" data-testid="cost">
          {!costMetric && (
            <div className="metric" data-cost="run">
              <div className="metric-value">{texts.cost.run}</div>
              <div className="metric-label">
                cost of this run: {texts.cost.perGpuHour} ({basis})
              </div>
            </div>
          )}
          <div className="metric" data-cost="capex">
            <div className="metric-value">{texts.cost.capex}</div>
            <div className="metric-label">capex: buying the {plan.scenario.hardware.count} accelerators (owned)</div>
          </div>
          <div className="metric" data-cost="opex">
            <div className="metric-value">{texts.cost.opexPerYear}</div>
            <div className="metric-label">opex: running them for a year (owned)</div>
          </div>
          {cloud && (
            <p className="basis-note" role="note" data-testid="mixed-basis">
              Mixed cost bases: this run is priced at the cloud rental rate
              {texts.cost.cloudPerGpuHour ? ` (${texts.cost.cloudPerGpuHour})` : ""}; capex and opex are what owning the
              same hardware would cost (owned TCO), shown for comparison. Do not add them up.
            </p>
          )}
        </section>
      )}
    </>
  );
});
