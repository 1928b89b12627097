import type { Plan, PlanMetric } from "@aifactory/planner";

/**
 * The headline figures of a plan as text, formatted by the planner's `formatMetric`. They are formatted where
 * the plan is computed (in the worker, or at build time for the default plan) so that the page's main thread
 * shows an edit's result without number formatting (the first `toLocaleString` call loads locale data, tens of
 * milliseconds).
 */
export interface PlanTexts {
  /** `formatMetric(plan.metrics[i])`, in the plan's order. */
  metrics: string[];
  /** The memory a GPU needs, formatted as bytes. */
  memoryRequired: string;
  /** The memory a GPU has, formatted as bytes. */
  memoryCapacity: string;
}

/**
 * Formats a plan's headline figures.
 *
 * @param plan - the plan
 * @param formatMetric - `@aifactory/planner`'s `formatMetric` (passed in, so this module loads no planner code)
 * @returns the texts the metric cards show
 */
export function planTexts(plan: Plan, formatMetric: (metric: PlanMetric) => string): PlanTexts {
  const bytes = (value: number) => formatMetric({ id: "", label: "", value, unit: "bytes" });
  return {
    metrics: plan.metrics.map((metric) => formatMetric(metric)),
    memoryRequired: bytes(plan.memory.requiredBytesPerGpu),
    memoryCapacity: bytes(plan.memory.capacityBytesPerGpu),
  };
}
