import { existsSync } from "node:fs";
import { AifError, formatBytes, formatSignificant, formatUsd } from "@aifactory/core";
import {
  compare,
  DEFAULT_SCENARIOS,
  explore,
  formatMetric,
  getDefaultScenario,
  listDefaultScenarioIds,
  type Plan,
  plan,
  type ScenarioInput,
} from "@aifactory/planner";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { loadKernelTablesFlag } from "../kernel-tables-flag";
import { readDataFile } from "../options";
import { renderKeyValues, renderTable } from "../table";

function loadScenario(ref: string): ScenarioInput {
  if (existsSync(ref) || /\.(json|ya?ml)$/i.test(ref)) return readDataFile(ref, "scenario") as ScenarioInput;
  return getDefaultScenario(ref);
}

function renderPlan(result: Plan): string {
  const lines = [
    `${result.scenario.name}`,
    `${result.scenario.hardware.count} x ${result.scenario.hardware.accelerator} · region ${result.scenario.site.region} · ${result.cost.ownership}`,
    "",
    renderKeyValues([
      ...result.metrics.map((metric) => [metric.label, formatMetric(metric)] as const),
      [
        "memory per GPU",
        `${formatBytes(result.memory.requiredBytesPerGpu)} of ${formatBytes(result.memory.capacityBytesPerGpu)} (${result.memory.fits ? "fits" : "DOES NOT FIT"})`,
      ],
      [
        "earliest online",
        `${result.supply.earliestOnlineQuarter ?? "not within the horizon"} (bound by ${result.supply.bindingConstraint})`,
      ],
    ]),
    "",
    `${result.timeBreakdown.title} (${result.timeBreakdown.unit}):`,
    renderTable(
      result.timeBreakdown.items
        .filter((item) => item.value > 0)
        .map((item) => ({ part: item.label, value: formatSignificant(item.value, 4) })),
    ),
  ];
  if (result.warnings.length > 0) {
    lines.push("", "warnings:", ...result.warnings.map((warning) => `  - [${warning.area}] ${warning.text}`));
  }
  lines.push("", `${result.assumptions.length} assumptions (see --json or the web app for all of them)`);
  return lines.join("\n");
}

/**
 * Registers `aif plan <scenario>`, `aif plan list`, `aif plan compare` and `aif plan explore`.
 *
 * @param program - the root command
 * @param context - output helpers
 * @since 0.1.0
 * @category CLI
 */
export function registerPlanCommands(program: Command, context: CliContext): void {
  const planCommand = program
    .command("plan")
    .description("plan a scenario: performance, memory, time, energy, carbon, water, cost and supply")
    .argument("[scenario]", "a scenario file (.json, .yaml) or a built-in scenario id (see `aif plan list`)")
    .option(
      "--kernels <file|builtin|none>",
      "measured kernel tables, overriding the scenario's kernels field: builtin, none (analytic), or a JSON file from aif bench kernels",
    )
    .action((ref: string | undefined, flags: { kernels?: string }) => {
      const scenario = loadScenario(ref ?? listDefaultScenarioIds()[0]!);
      if (flags.kernels !== undefined) {
        const accelerator = scenario.hardware?.accelerator;
        const resolved = loadKernelTablesFlag(flags.kernels, typeof accelerator === "string" ? accelerator : "");
        scenario.kernels =
          resolved.option === "builtin" || resolved.option === "none" ? resolved.option : resolved.option.tables;
      }
      const result = plan(scenario);
      context.print(result, () => renderPlan(result));
    });
  planCommand
    .command("list")
    .description("list the built-in scenarios")
    .action(() => {
      const rows = DEFAULT_SCENARIOS.map((scenario) => ({
        id: scenario.id,
        name: scenario.name,
        workload: scenario.workload.kind,
      }));
      context.print(rows, () => renderTable(rows));
    });
  planCommand
    .command("compare")
    .description("plan several scenarios side by side")
    .argument("<scenarios...>", "scenario files or built-in ids")
    .action((refs: string[]) => {
      const entries = compare(refs.map(loadScenario));
      context.print(entries, () =>
        renderTable(
          entries.map((entry) => ({
            scenario: entry.id,
            hours: entry.plan ? formatSignificant(entry.plan.timeline.wallClockHours) : "",
            cost: entry.plan ? formatUsd(entry.plan.cost.workloadCostUsd) : "",
            tCO2e: entry.plan ? formatSignificant(entry.plan.carbon.totalTonnes) : "",
            fits: entry.plan ? String(entry.plan.memory.fits) : "",
            error: entry.error === undefined ? "" : "see below",
          })),
        ),
      );
      // A scenario that cannot be planned is an input error: print every reason in full, then exit 2.
      const failed = entries.filter((entry) => entry.error !== undefined);
      if (failed.length > 0) {
        if (!context.json) for (const entry of failed) context.note(`${entry.id}: ${entry.error?.message}`);
        throw new AifError(
          "INVALID_INPUT",
          `${failed.length} of ${entries.length} scenarios could not be planned (${failed.map((e) => e.id).join(", ")})`,
          { hint: "fix the scenarios named above; the others are compared in the table" },
        );
      }
    });
  planCommand
    .command("explore")
    .description("sweep a design space and print the Pareto front over time, cost and carbon")
    .argument("<space>", "a design-space file (.json or .yaml): { base, accelerators?, counts?, regions?, ownership? }")
    .action((path: string) => {
      const space = readDataFile(path, "design space") as Parameters<typeof explore>[0];
      let progress: ReturnType<CliContext["progress"]> | undefined;
      const result = explore(space, (done, total) => {
        progress ??= context.progress("exploring", total);
        progress.update(done);
      });
      progress?.stop();
      context.print(result, () =>
        [
          `${result.evaluatedCount} points in ${formatSignificant(result.elapsedMs)} ms; Pareto front (time, cost, carbon):`,
          renderTable(
            result.front.map((point) => ({
              accelerator: point.accelerator,
              count: point.count,
              region: point.region,
              ownership: point.ownership,
              hours: formatSignificant(point.wallClockHours ?? 0),
              cost: formatUsd(point.workloadCostUsd ?? 0),
              tCO2e: formatSignificant(point.co2eTonnes ?? 0),
            })),
          ),
        ].join("\n"),
      );
    });
}
