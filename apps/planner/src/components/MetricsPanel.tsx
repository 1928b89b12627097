import { formatMetric, type Plan } from "@aifactory/planner";
import { memo } from "react";

/** The plan's headline metrics as cards, each formatted by the planner's `formatMetric`. */
export const MetricsPanel = memo(function MetricsPanel({ plan }: { plan: Plan }) {
  return (
    <section className="metrics" aria-label="headline metrics" data-testid="metrics">
      {plan.metrics.map((metric) => (
        <div className="metric" key={metric.id} data-metric={metric.id}>
          <div className="metric-value">{formatMetric(metric)}</div>
          <div className="metric-label">{metric.label}</div>
        </div>
      ))}
      <div className="metric" data-metric="memoryFit">
        <div className={`metric-value ${plan.memory.fits ? "" : "bad"}`}>
          {plan.memory.fits ? "fits" : "does not fit"}
        </div>
        <div className="metric-label">
          memory {formatMetric({ id: "", label: "", value: plan.memory.requiredBytesPerGpu, unit: "bytes" })} of{" "}
          {formatMetric({ id: "", label: "", value: plan.memory.capacityBytesPerGpu, unit: "bytes" })} per GPU
        </div>
      </div>
      <div className="metric" data-metric="earliestOnline">
        <div className="metric-value">{plan.supply.earliestOnlineQuarter ?? "beyond horizon"}</div>
        <div className="metric-label">earliest online (bound by {plan.supply.bindingConstraint})</div>
      </div>
    </section>
  );
});
