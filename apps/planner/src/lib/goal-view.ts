/**
 * Pure helpers behind the Goal panel (goal seeking, #18): which goal a scenario takes, the request the worker's
 * `solve` gets, the rows the panel shows, and the scenario a configuration opens as. The answers come from the
 * planner's `solve` (in the worker); nothing here models anything.
 */
import type { SolvePoint, SolveRequest, SolveResult } from "@aifactory/planner";

/** The goal kinds `solve` takes: a deadline for a run (pretraining, RL), a throughput for serving. */
export type GoalKind = "deadline" | "throughput";

/** The default GPU limit of a search (the guide's `--max-gpus 16384`). */
export const DEFAULT_MAX_GPUS = 16_384;

/**
 * The goal a workload kind takes, or undefined for the kinds `solve` does not size (agentic, fleet).
 *
 * @param workloadKind - the scenario's `workload.kind`
 * @returns the goal kind
 */
export function goalKindFor(workloadKind: unknown): GoalKind | undefined {
  if (workloadKind === "pretraining" || workloadKind === "rl") return "deadline";
  if (workloadKind === "serving") return "throughput";
  return undefined;
}

/** What the Goal panel's form holds (as typed). */
export interface GoalForm {
  kind: GoalKind;
  /** Deadline, days (as typed). */
  daysText: string;
  /** Output tokens per second to serve (as typed). */
  tokensPerSecondText: string;
  accelerators: readonly string[];
  objective: "cheapest" | "fastest";
  /** The most GPUs to consider (as typed). */
  maxGpusText: string;
}

/** A positive number typed by a user ("30", "1e5", "16,384"), or undefined. */
export function parsePositive(text: string): number | undefined {
  const value = Number(text.replaceAll(",", "").replaceAll("_", "").trim());
  return text.trim() !== "" && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The `solve` request of a form, or the problem that keeps it from being sent (by field).
 *
 * @param base - the scenario on screen
 * @param form - the form
 * @returns the request, or an error message per field
 */
export function solveRequestOf(
  base: unknown,
  form: GoalForm,
): { request: SolveRequest } | { errors: Partial<Record<"goal" | "accelerators" | "maxGpus", string>> } {
  const errors: Partial<Record<"goal" | "accelerators" | "maxGpus", string>> = {};
  const days = parsePositive(form.daysText);
  const rate = parsePositive(form.tokensPerSecondText);
  const maxGpus = parsePositive(form.maxGpusText);
  if (form.kind === "deadline" && days === undefined) errors.goal = "type a number of days greater than 0";
  if (form.kind === "throughput" && rate === undefined) {
    errors.goal = "type the output tokens per second to serve (greater than 0)";
  }
  if (form.accelerators.length === 0) errors.accelerators = "tick at least one accelerator type";
  if (maxGpus === undefined || !Number.isInteger(maxGpus)) errors.maxGpus = "type a whole number of GPUs";
  if (Object.keys(errors).length > 0) return { errors };
  return {
    request: {
      base: base as Record<string, unknown>,
      goal:
        form.kind === "deadline"
          ? { kind: "deadline", days: days as number }
          : { kind: "throughput", outputTokensPerSecond: rate as number },
      accelerators: [...form.accelerators],
      objective: form.objective,
      maxCount: maxGpus as number,
    },
  };
}

/** One row of the answer table: a configuration of one accelerator type. */
export interface GoalRow {
  accelerator: string;
  /** Which configuration of the type this is. */
  choice: "cheapest" | "fastest";
  point: SolvePoint;
  /** Whether it is the answer's best configuration (`best`). */
  best: boolean;
}

/**
 * The rows of an answer: per accelerator type (best type first, as `solve` ranks them) its cheapest configuration
 * that meets the goal and its fastest one within the limits (the same configuration once when they are one);
 * a type that meets the goal with no configuration gets its note instead.
 *
 * @param result - what `solve` returned
 * @returns per accelerator type, its rows or the note why it has none
 */
export function goalRows(result: SolveResult): Array<{ accelerator: string; rows: GoalRow[]; note?: string }> {
  const isBest = (point: SolvePoint) =>
    result.best !== null && point.accelerator === result.best.accelerator && point.count === result.best.count;
  return result.results.map((entry) => {
    const rows: GoalRow[] = [];
    if (entry.cheapest) {
      rows.push({ accelerator: entry.accelerator, choice: "cheapest", point: entry.cheapest, best: false });
    }
    if (entry.fastest && entry.fastest.count !== entry.cheapest?.count) {
      rows.push({ accelerator: entry.accelerator, choice: "fastest", point: entry.fastest, best: false });
    }
    // The best is the chosen configuration of the best type: mark that row once.
    const chosen = entry.chosen;
    const bestRow = chosen && isBest(chosen) ? rows.find((row) => row.point.count === chosen.count) : undefined;
    if (bestRow) bestRow.best = true;
    return {
      accelerator: entry.accelerator,
      rows,
      ...(rows.length === 0 ? { note: entry.note ?? "no configuration meets the goal" } : {}),
    };
  });
}

/** What a configuration's cost rests on, in words. */
export function costBasisText(point: Pick<SolvePoint, "costBasis">): string {
  return point.costBasis === "cloud" ? "cloud price" : "owned TCO";
}

/**
 * The scenario a configuration opens as: the accelerator type and count of the configuration, the parallelism (or
 * serving layout) left to the planner's search, as `solve` planned it (a different accelerator type drops the
 * scenario's system, which belongs to the old one).
 *
 * @param scenario - the scenario on screen
 * @param point - the configuration
 * @returns a new scenario (the input is not changed)
 */
export function scenarioWithConfiguration(
  scenario: unknown,
  point: Pick<SolvePoint, "accelerator" | "count">,
): Record<string, unknown> {
  const base = structuredClone(scenario) as Record<string, unknown> & {
    hardware?: Record<string, unknown>;
    workload?: Record<string, unknown>;
  };
  const hardware = { ...(base.hardware ?? {}) };
  if (hardware.accelerator !== point.accelerator) delete hardware.system;
  hardware.accelerator = point.accelerator;
  hardware.count = point.count;
  const workload = { ...(base.workload ?? {}) };
  if (workload.kind === "pretraining" || workload.kind === "serving") delete workload.parallelism;
  return { ...base, hardware, workload };
}
