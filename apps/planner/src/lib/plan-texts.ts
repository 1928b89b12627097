import type { Plan } from "@aifactory/planner";
import { formatQuantity } from "./units";

/**
 * The headline figures of a plan as text, formatted with core's unit formatters (see units.ts). They are formatted
 * where the plan is computed (in the worker, or at build time for the default plan) so that the page's main thread
 * shows an edit's result without number formatting (the first `toLocaleString` call loads locale data, tens of
 * milliseconds).
 */
export interface PlanTexts {
  /** `formatQuantity(metric.value, metric.unit)` of `plan.metrics[i]`, in the plan's order. */
  metrics: string[];
  /** The memory a GPU needs, formatted as bytes. */
  memoryRequired: string;
  /** The memory a GPU has, formatted as bytes. */
  memoryCapacity: string;
  /** The cost section as separate figures: what the run costs, and the owned hardware's capex and opex. */
  cost: {
    /** Cost of the workload (accelerator-hours x cost per accelerator-hour, on the scenario's basis). */
    run: string;
    /** Cost per accelerator-hour as used. */
    perGpuHour: string;
    /** Owned TCO: purchase of the hardware. */
    capex: string;
    /** Owned TCO: running cost per year. */
    opexPerYear: string;
    /** The cloud list price, where the catalog has one. */
    cloudPerGpuHour?: string;
  };
}

/**
 * Formats a plan's headline figures.
 *
 * @param plan - the plan
 * @returns the texts the metric cards show
 */
export function planTexts(plan: Plan): PlanTexts {
  const { cost } = plan;
  return {
    metrics: plan.metrics.map((metric) => formatQuantity(metric.value, metric.unit)),
    memoryRequired: formatQuantity(plan.memory.requiredBytesPerGpu, "bytes"),
    memoryCapacity: formatQuantity(plan.memory.capacityBytesPerGpu, "bytes"),
    cost: {
      run: formatQuantity(cost.workloadCostUsd, "USD"),
      perGpuHour: formatQuantity(cost.costPerGpuHourUsd, "USD/GPU-h"),
      capex: formatQuantity(cost.capexUsd, "USD"),
      opexPerYear: formatQuantity(cost.opexUsdPerYear, "USD/y"),
      ...(cost.onDemandUsdPerAcceleratorHour === undefined
        ? {}
        : { cloudPerGpuHour: formatQuantity(cost.onDemandUsdPerAcceleratorHour, "USD/GPU-h") }),
    },
  };
}
