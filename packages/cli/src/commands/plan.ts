import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  AifError,
  closestMatches,
  formatBytes,
  formatDuration,
  formatSignificant,
  formatUsd,
  InvalidInputError,
} from "@aifactory/core";
import {
  builtInFactoryCatalog,
  compare,
  createFactoryCatalog,
  DEFAULT_SCENARIOS,
  explore,
  type FactoryCatalog,
  formatBreakdownValue,
  formatMetric,
  getDefaultScenario,
  inlineScenarioPacks,
  listDefaultScenarioIds,
  type Plan,
  plan,
  type ScenarioInput,
  type SolvePoint,
  type SolveRequest,
  solve,
} from "@aifactory/planner";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { withFlagNames } from "../flag-names";
import { loadKernelTablesFlag } from "../kernel-tables-flag";
import { parseChoiceOption, parseNumberOption, readDataFile } from "../options";
import { renderKeyValues, renderTable } from "../table";

/**
 * Reads the packs a scenario (or design space) file names by path, relative to that file, and checks each one as
 * it is read, so that an error names the pack file and the dotted path of every problem.
 */
function withFilePacks<T extends { packs?: unknown }>(data: T, file: string, catalog: FactoryCatalog | undefined): T {
  let against = catalog ?? builtInFactoryCatalog();
  return inlineScenarioPacks(data, (path) => {
    const json = readDataFile(resolve(dirname(file), path), "pack");
    against = createFactoryCatalog([json], { base: against, labels: [`pack ${path} (packs of ${file})`] });
    return json;
  });
}

function loadScenario(ref: string, catalog: FactoryCatalog | undefined): ScenarioInput {
  if (existsSync(ref) || /\.(json|ya?ml)$/i.test(ref)) {
    return withFilePacks(readDataFile(ref, "scenario") as ScenarioInput, ref, catalog);
  }
  return getDefaultScenario(ref);
}

/** The configuration a plan used, in words (and whether it was searched or given). */
function describeConfiguration(result: Plan): string | undefined {
  const p = result.performance;
  if (p.kind === "pretraining") {
    const x = p.parallelism;
    const parts = [`TP ${x.tp}`, `PP ${x.pp}`];
    if (x.vpp > 1) parts.push(`VPP ${x.vpp}`);
    if (x.cp > 1) parts.push(`CP ${x.cp}`);
    if (x.ep > 1) parts.push(`EP ${x.ep}`);
    parts.push(`DP ${x.dp}`);
    return `${parts.join(" x ")}, ZeRO-${x.zeroStage}, micro-batch ${x.microBatch}, recompute ${x.recompute} (${p.searched ? `searched: fastest of ${p.searchEvaluatedCount.toLocaleString("en-US")} that fit` : "given"})`;
  }
  if (p.kind === "serving") {
    return `${p.mode}, TP ${p.tp}${p.ep > 1 ? ` x EP ${p.ep}` : ""}, ${p.instances} instance${p.instances === 1 ? "" : "s"}, concurrency ${p.concurrency} (${p.searched ? "searched under the SLO" : "given"})`;
  }
  return undefined;
}

function costLines(result: Plan): Array<readonly [string, string]> {
  const c = result.cost;
  const basis =
    c.ownership === "cloud"
      ? c.onDemandUsdPerAcceleratorHour !== undefined
        ? `rented at ${formatUsd(c.onDemandUsdPerAcceleratorHour)} per GPU-hour`
        : "rented, but no cloud price: costed at the owned TCO"
      : `owned: TCO ${formatUsd(c.ownedCostPerGpuHourUsd)} per GPU-hour`;
  return [
    ["cost basis", basis],
    ["capex (cluster)", formatUsd(c.capexUsd)],
    ["opex per year", formatUsd(c.opexUsdPerYear)],
  ];
}

/** A breakdown as a table that adds up: each part, its share, and the total. */
function renderBreakdown(breakdown: Plan["timeBreakdown"]): string {
  const shown = breakdown.items.filter((item) => item.value > 0);
  const total = shown.reduce((sum, item) => sum + item.value, 0);
  return renderTable([
    ...shown.map((item) => ({
      part: item.label,
      value: formatBreakdownValue(item.value, breakdown.unit),
      share: total > 0 ? `${formatSignificant((item.value / total) * 100)}%` : "",
    })),
    { part: "total", value: formatBreakdownValue(total, breakdown.unit), share: "100%" },
  ]);
}

function costBasisLabel(result: Plan): string {
  return result.cost.ownership === "cloud" && result.cost.onDemandUsdPerAcceleratorHour !== undefined
    ? "cloud price"
    : "owned TCO";
}

function renderPlan(result: Plan): string {
  const configuration = describeConfiguration(result);
  const lines = [
    `${result.scenario.name}`,
    `${result.scenario.hardware.count} x ${result.scenario.hardware.accelerator} · region ${result.scenario.site.region} · ${result.cost.ownership}`,
    ...(configuration === undefined ? [] : [configuration]),
    "",
    renderKeyValues([
      ...result.metrics.map(
        (metric) => [metric.label === "cost" ? "run cost" : metric.label, formatMetric(metric)] as const,
      ),
      ...costLines(result),
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
    `${result.timeBreakdown.title}:`,
    renderBreakdown(result.timeBreakdown),
  ];
  if (result.warnings.length > 0) {
    lines.push("", "warnings:", ...result.warnings.map((warning) => `  - [${warning.area}] ${warning.text}`));
  }
  lines.push("", `${result.assumptions.length} assumptions (see --json or the web app for all of them)`);
  return lines.join("\n");
}

interface SolveFlags {
  days?: string;
  tokens?: string;
  tokensPerSecond?: string;
  gpu?: string;
  objective?: string;
  maxGpus?: string;
  maxCostUsd?: string;
  keepParallelism?: boolean;
}

/** The library fields of a goal-seeking request and the flags that feed them. */
const SOLVE_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  "goal.days": "--days",
  "goal.tokens": "--tokens",
  "goal.outputTokensPerSecond": "--tokens-per-second",
  accelerators: "--gpu",
  maxCount: "--max-gpus",
  maxCostUsd: "--max-cost-usd",
});

function solveRequestFromFlags(scenario: ScenarioInput, flags: SolveFlags): SolveRequest {
  if ((flags.days === undefined) === (flags.tokensPerSecond === undefined)) {
    throw new InvalidInputError("aif plan solve", [
      {
        path: "--days",
        message: "give one goal: --days (a run that must finish in time) or --tokens-per-second (a serving rate)",
        hint: "e.g. --days 30 for pretraining and RL, --tokens-per-second 100000 for serving",
      },
    ]);
  }
  const goal: SolveRequest["goal"] =
    flags.days !== undefined
      ? {
          kind: "deadline",
          days: parseNumberOption("--days", flags.days, { min: Number.MIN_VALUE, max: 36_500 }),
          ...(flags.tokens === undefined
            ? {}
            : { tokens: parseNumberOption("--tokens", flags.tokens, { min: 1, max: 1e16 }) }),
        }
      : {
          kind: "throughput",
          outputTokensPerSecond: parseNumberOption("--tokens-per-second", flags.tokensPerSecond as string, {
            min: Number.MIN_VALUE,
            max: 1e12,
          }),
        };
  return {
    base: scenario as Record<string, unknown>,
    goal,
    ...(flags.gpu === undefined
      ? {}
      : {
          accelerators: flags.gpu
            .split(",")
            .map((id) => id.trim())
            .filter(Boolean),
        }),
    ...(flags.objective === undefined
      ? {}
      : { objective: parseChoiceOption("--objective", flags.objective, ["cheapest", "fastest"] as const) }),
    ...(flags.maxGpus === undefined
      ? {}
      : { maxCount: parseNumberOption("--max-gpus", flags.maxGpus, { int: true, min: 1, max: 1_000_000 }) }),
    ...(flags.maxCostUsd === undefined
      ? {}
      : { maxCostUsd: parseNumberOption("--max-cost-usd", flags.maxCostUsd, { min: Number.MIN_VALUE, max: 1e13 }) }),
    ...(flags.keepParallelism ? { keepParallelism: true } : {}),
  };
}

function solvePointRow(point: SolvePoint | null, label: string): Record<string, string> {
  if (point === null) return { choice: label, GPUs: "none meets the goal" };
  return {
    choice: label,
    GPUs: point.count.toLocaleString("en-US"),
    ...(point.outputTokensPerSecond === undefined
      ? { time: point.wallClockDays === null ? "" : formatDuration(point.wallClockDays * 86_400) }
      : { "output tok/s": formatSignificant(point.outputTokensPerSecond) }),
    [point.outputTokensPerSecond === undefined ? "run cost" : "period cost"]:
      point.workloadCostUsd === null ? "" : formatUsd(point.workloadCostUsd),
    capex: point.capexUsd === null ? "" : formatUsd(point.capexUsd),
    basis: point.costBasis === "cloud" ? "cloud price" : "owned TCO",
    configuration: point.configuration,
  };
}

/**
 * Registers `aif plan <scenario>`, `aif plan list`, `aif plan compare`, `aif plan explore` and `aif plan solve`.
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
      const scenario = loadScenario(ref ?? listDefaultScenarioIds()[0]!, context.catalog);
      if (flags.kernels !== undefined) {
        const accelerator = scenario.hardware?.accelerator;
        const resolved = loadKernelTablesFlag(flags.kernels, typeof accelerator === "string" ? accelerator : "");
        scenario.kernels =
          resolved.option === "builtin" || resolved.option === "none" ? resolved.option : resolved.option.tables;
      }
      const result = plan(scenario, { ...(context.catalog === undefined ? {} : { catalog: context.catalog }) });
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
      const entries = compare(
        refs.map((ref) => loadScenario(ref, context.catalog)),
        context.catalog === undefined ? {} : { catalog: context.catalog },
      );
      context.print(entries, () =>
        renderTable(
          entries.map((entry) => ({
            scenario: entry.id,
            accelerators: entry.plan
              ? `${entry.plan.scenario.hardware.count} x ${entry.plan.scenario.hardware.accelerator}`
              : "",
            configuration: entry.plan ? (describeConfiguration(entry.plan) ?? "") : "",
            time: entry.plan ? formatDuration(entry.plan.timeline.wallClockHours * 3600) : "",
            cost: entry.plan ? formatUsd(entry.plan.cost.workloadCostUsd) : "",
            basis: entry.plan ? costBasisLabel(entry.plan) : "",
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
    .command("solve")
    .description(
      "goal seeking: per accelerator type, the cheapest (or fastest) count and parallelism that finishes the run within --days, or serves --tokens-per-second under the scenario's SLO",
    )
    .argument("[scenario]", "a scenario file or built-in id (default: the first built-in scenario)")
    .option("--days <d>", "the run must finish within this many days (pretraining, RL)")
    .option("--tokens <n>", "pretraining tokens (default: the scenario's)")
    .option("--tokens-per-second <r>", "output tokens/s to serve under the scenario's TTFT/TPOT SLO (serving)")
    .option("--gpu <ids>", "accelerator ids to size, comma-separated (default: the scenario's)")
    .option("--objective <o>", "cheapest (default) or fastest")
    .option("--max-gpus <n>", "the most accelerators to consider (default 65,536)")
    .option("--max-cost-usd <usd>", "the most the run may cost")
    .option("--keep-parallelism", "keep the scenario's pinned parallelism instead of searching it at each count")
    .action((ref: string | undefined, flags: SolveFlags) => {
      const scenario = loadScenario(ref ?? listDefaultScenarioIds()[0]!, context.catalog);
      const request = solveRequestFromFlags(scenario, flags);
      // The library notes an unknown id and sizes the others (a sweep goes on); typed on the command line, it is
      // a typo to fix: an input error naming --gpu with the nearest ids.
      const known = (context.catalog ?? builtInFactoryCatalog()).hardware.accelerators.map((a) => a.id);
      for (const id of request.accelerators ?? []) {
        if (!known.includes(id)) {
          const near = closestMatches(id, known);
          throw new InvalidInputError("option --gpu", [
            {
              path: "--gpu",
              message: `unknown accelerator "${id}"`,
              received: flags.gpu,
              hint:
                near.length > 0
                  ? `did you mean ${near.map((n) => `"${n}"`).join(" or ")}? (aif hw list shows every id)`
                  : "aif hw list shows every id",
            },
          ]);
        }
      }
      let progress: ReturnType<CliContext["progress"]> | undefined;
      const result = withFlagNames(SOLVE_FLAG_NAMES, () =>
        solve(
          request,
          (done, total) => {
            progress ??= context.progress("sizing", total);
            progress.update(done);
          },
          context.catalog === undefined ? {} : { catalog: context.catalog },
        ),
      );
      progress?.stop();
      context.print(result, () => {
        const goal =
          result.goal.kind === "deadline"
            ? `finish within ${formatSignificant(result.goal.days)} days`
            : `serve ${formatSignificant(result.goal.outputTokensPerSecond)} output tokens/s within the SLO`;
        const lines = [`Goal: ${goal}; objective: ${result.objective}.`, ""];
        for (const entry of result.results) {
          lines.push(`${entry.accelerator}${entry === result.results[0] && result.best ? " (best)" : ""}:`);
          if (entry.note) lines.push(`  ${entry.note}`);
          const rows = [solvePointRow(entry.cheapest, "cheapest")];
          if (result.goal.kind === "deadline") rows.push(solvePointRow(entry.fastest, "fastest"));
          lines.push(renderTable(rows), "");
        }
        if (result.best) {
          const b = result.best;
          lines.push(
            `Best: ${b.count.toLocaleString("en-US")} x ${b.accelerator}, ${b.configuration}; ${b.wallClockDays === null ? "" : formatDuration(b.wallClockDays * 86_400)}, run cost ${formatUsd(b.workloadCostUsd ?? 0)} (${b.costBasis === "cloud" ? "cloud price" : "owned TCO"}), capex ${formatUsd(b.capexUsd ?? 0)}.`,
          );
        } else {
          lines.push("No accelerator type meets the goal within the limits: relax the goal or raise --max-gpus.");
        }
        if (result.warnings.length > 0) lines.push("", "warnings:", ...result.warnings.map((w) => `  - ${w}`));
        lines.push(
          "",
          `${result.evaluatedCount} configurations planned in ${formatDuration(result.elapsedMs / 1000)}; --json has every point.`,
        );
        return lines.join("\n");
      });
    });
  planCommand
    .command("explore")
    .description("sweep a design space and print the Pareto front over time, cost and carbon")
    .argument("<space>", "a design-space file (.json or .yaml): { base, accelerators?, counts?, regions?, ownership? }")
    .action((path: string) => {
      const space = readDataFile(path, "design space") as Parameters<typeof explore>[0];
      if (space !== null && typeof space === "object" && space.base !== null && typeof space.base === "object") {
        space.base = withFilePacks(space.base, path, context.catalog);
      }
      let progress: ReturnType<CliContext["progress"]> | undefined;
      const result = explore(
        space,
        (done, total) => {
          progress ??= context.progress("exploring", total);
          progress.update(done);
        },
        context.catalog === undefined ? {} : { catalog: context.catalog },
      );
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
