import type { Plan } from "@aifactory/planner";
import { memo } from "react";
import type { PlanTexts } from "../lib/plan-texts";
import { FIRST_METRIC_TIMING_ID } from "../lib/timings";

/** Element Timing: the browser reports when the first metric's text is first painted. */
const FIRST_METRIC_TIMING: Record<string, string> = { elementtiming: FIRST_METRIC_TIMING_ID };

/**
 * The plan's headline metrics as cards. The figures are formatted by the planner's `formatMetric` where the plan
 * was computed (`texts`, see plan-texts.ts), so this panel renders without number formatting on the page.
 */
export const MetricsPanel = memo(function MetricsPanel({ plan, texts }: { plan: Plan; texts: PlanTexts }) {
  return (
    <section className="metrics" aria-label="headline metrics" data-testid="metrics">
      {plan.metrics.map((metric, i) => (
        <div className="metric" key={metric.id} data-metric={metric.id}>
          <div className="metric-value" {...(i === 0 ? FIRST_METRIC_TIMING : {})}>
            {texts.metrics[i]}
          </div>
          <div className="metric-label">{metric.label}</div>
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
  );
});
