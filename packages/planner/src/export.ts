import {
  formatBytes,
  formatCo2eKg,
  formatDuration,
  formatEnergyKwh,
  formatLiters,
  formatScaled,
  formatSignificant,
  formatUsd,
  formatWatts,
} from "@aifactory/core";
import type { Plan, PlanMetric } from "./plan-types";

const HOUR_STEPS = [
  { factor: 1, symbol: "h" },
  { factor: 1e3, symbol: "k h" },
  { factor: 1e6, symbol: "M h" },
  { factor: 1e9, symbol: "B h" },
];

/**
 * Formats a plan metric for people with core's unit formatters.
 *
 * @param metric - a headline metric
 * @returns e.g. `"41.7 d"`, `"42.1%"`, `"$31.2M"`
 * @example
 * ```ts
 * import { formatMetric } from "@aifactory/planner";
 * formatMetric({ id: "mfuRatio", label: "MFU", value: 0.421, unit: "ratio" }); // "42.1%"
 * formatMetric({ id: "outputTokensServed", label: "tokens", value: 1.5e11, unit: "tokens" }); // "150 B tokens"
 * ```
 * @since 0.1.0
 * @category Export
 */
export function formatMetric(metric: PlanMetric): string {
  switch (metric.unit) {
    case "ratio":
      return `${formatSignificant(metric.value * 100)}%`;
    case "d":
      return formatDuration(metric.value * 86_400);
    case "h":
      return formatScaled(metric.value, HOUR_STEPS);
    case "MWh":
      return formatEnergyKwh(metric.value * 1000);
    case "tCO2e":
      return formatCo2eKg(metric.value * 1000);
    case "USD":
      return formatUsd(metric.value);
    case "L":
      return formatLiters(metric.value);
    case "bytes":
      return formatBytes(metric.value);
    default:
      return Math.abs(metric.value) >= 1e6
        ? formatScaled(metric.value, [
            { factor: 1, symbol: metric.unit },
            { factor: 1e6, symbol: `M ${metric.unit}` },
            { factor: 1e9, symbol: `B ${metric.unit}` },
            { factor: 1e12, symbol: `T ${metric.unit}` },
          ])
        : `${formatSignificant(metric.value)} ${metric.unit}`;
  }
}

/**
 * Formats one value of a {@link Breakdown} for people, by the breakdown's unit: seconds and bytes scaled
 * (`"4.26 s"`, `"794 µs"`, `"41.5 GB"`), USD, MWh and W with core's formatters, anything else to three
 * significant figures with the unit after it.
 *
 * @param value - an item's value
 * @param unit - the breakdown's unit
 * @returns the value as text
 * @example
 * ```ts
 * import { formatBreakdownValue } from "@aifactory/planner";
 * formatBreakdownValue(0.000794, "s"); // "794 µs"
 * formatBreakdownValue(4.257, "s"); // "4.26 s"
 * ```
 * @since 0.9.0
 * @category Export
 */
export function formatBreakdownValue(value: number, unit: string): string {
  switch (unit) {
    case "s":
      return formatDuration(value);
    case "ms":
      return formatDuration(value / 1000);
    case "bytes":
      return formatBytes(value);
    case "USD":
      return formatUsd(value);
    case "MWh":
      return formatEnergyKwh(value * 1000);
    case "W":
      return formatWatts(value);
    default:
      return `${formatSignificant(value)} ${unit}`;
  }
}

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A plan as CSV: one row per figure (section, name, value, unit), every breakdown item included.
 *
 * @param plan - a plan
 * @returns CSV text with a header row
 * @example
 * ```ts
 * import { getDefaultScenario, plan, planToCsv } from "@aifactory/planner";
 * planToCsv(plan(getDefaultScenario("llama-3.1-70b-pretraining-1024-h100"))).split("\n")[0]; // "section,name,value,unit"
 * ```
 * @since 0.1.0
 * @category Export
 */
export function planToCsv(plan: Plan): string {
  const rows: Array<[string, string, number | string | boolean | null, string]> = [];
  for (const metric of plan.metrics) rows.push(["metric", metric.id, metric.value, metric.unit]);
  rows.push(["memory", "requiredBytesPerGpu", plan.memory.requiredBytesPerGpu, "B"]);
  rows.push(["memory", "capacityBytesPerGpu", plan.memory.capacityBytesPerGpu, "B"]);
  rows.push(["memory", "fits", plan.memory.fits, ""]);
  for (const breakdown of [plan.timeBreakdown, plan.memory.breakdown, plan.energy.breakdown, plan.cost.breakdown]) {
    for (const item of breakdown.items) rows.push([breakdown.title, item.label, item.value, breakdown.unit]);
  }
  rows.push(["energy", "itMWh", plan.energy.itMWh, "MWh"]);
  rows.push(["energy", "pue", plan.energy.pue, ""]);
  rows.push(["carbon", "operationalTonnes", plan.carbon.operationalTonnes, "tCO2e"]);
  rows.push(["carbon", "embodiedTonnes", plan.carbon.embodiedTonnes, "tCO2e"]);
  rows.push(["water", "liters", plan.water.liters, "L"]);
  rows.push(["cost", "costPerGpuHourUsd", plan.cost.costPerGpuHourUsd, "USD"]);
  rows.push(["cost", "capexUsd", plan.cost.capexUsd, "USD"]);
  rows.push(["supply", "earliestOnlineQuarter", plan.supply.earliestOnlineQuarter, ""]);
  rows.push(["supply", "bindingConstraint", plan.supply.bindingConstraint, ""]);
  return ["section,name,value,unit", ...rows.map((row) => row.map(csvCell).join(","))].join("\n");
}

/**
 * A plan as a Markdown report: headline figures, breakdowns, assumptions and warnings.
 *
 * @param plan - a plan
 * @returns Markdown text
 * @example
 * ```ts
 * import { getDefaultScenario, plan, planToMarkdown } from "@aifactory/planner";
 * planToMarkdown(plan(getDefaultScenario("llama-3.1-70b-pretraining-1024-h100"))).startsWith("# "); // true
 * ```
 * @since 0.1.0
 * @category Export
 */
export function planToMarkdown(plan: Plan): string {
  const lines: string[] = [`# ${plan.scenario.name}`, ""];
  if (plan.scenario.description) lines.push(plan.scenario.description, "");
  lines.push(
    `${plan.scenario.hardware.count} x ${plan.scenario.hardware.accelerator}, region ${plan.scenario.site.region}, ${plan.cost.ownership}`,
    "",
    "| figure | value |",
    "|---|---:|",
  );
  for (const metric of plan.metrics) lines.push(`| ${metric.label} | ${formatMetric(metric)} |`);
  lines.push(
    `| memory per GPU | ${formatBytes(plan.memory.requiredBytesPerGpu)} of ${formatBytes(plan.memory.capacityBytesPerGpu)} (${plan.memory.fits ? "fits" : "does not fit"}) |`,
    `| earliest online | ${plan.supply.earliestOnlineQuarter ?? "not within the horizon"} (bound by ${plan.supply.bindingConstraint}) |`,
    "",
  );
  for (const breakdown of [plan.timeBreakdown, plan.memory.breakdown, plan.energy.breakdown, plan.cost.breakdown]) {
    lines.push(`## ${breakdown.title}`, "", "| part | value |", "|---|---:|");
    for (const item of breakdown.items) {
      lines.push(`| ${item.label} | ${formatBreakdownValue(item.value, breakdown.unit)} |`);
    }
    lines.push("");
  }
  lines.push("## Assumptions", "");
  for (const assumption of plan.assumptions) lines.push(`- **${assumption.area}**: ${assumption.text}`);
  lines.push("", "## Warnings", "");
  if (plan.warnings.length === 0) lines.push("- none");
  for (const warning of plan.warnings) lines.push(`- **${warning.area}**: ${warning.text}`);
  return `${lines.join("\n")}\n`;
}
