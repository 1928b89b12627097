import { AifError, finitePositive, isAifError, parseInput, positiveInt } from "@aifactory/core";
import { z } from "zod";
import { catalogAccelerator, catalogForScenario } from "./pack";
import { type PlanOptions, plan } from "./plan";
import type { Plan } from "./plan-types";
import { type Scenario, scenarioSchema } from "./scenario";

/**
 * What a configuration must achieve: finish the run within `days` (pretraining: `tokens`, default the
 * scenario's; RL: the scenario's steps), or serve `outputTokensPerSecond` under the scenario's TTFT/TPOT SLO.
 *
 * @since 0.9.0
 * @category Solve
 */
export const solveGoalSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("deadline"),
      days: finitePositive.max(36_500).describe("the run must finish within this many days"),
      tokens: finitePositive
        .max(1e16)
        .optional()
        .describe("pretraining tokens (default: the scenario's); ignored for RL, which runs the scenario's steps"),
    })
    .strict(),
  z
    .object({
      kind: z.literal("throughput"),
      outputTokensPerSecond: finitePositive
        .max(1e12)
        .describe("output tokens per second the fleet must serve within the scenario's SLO"),
    })
    .strict(),
]);

/**
 * A goal as written.
 *
 * @since 0.9.0
 * @category Solve
 */
export type SolveGoal = z.input<typeof solveGoalSchema>;

/**
 * A goal-seeking request: a base scenario, a goal, the accelerator types to try and what "best" means.
 *
 * @since 0.9.0
 * @category Solve
 */
export const solveRequestSchema = z
  .object({
    base: z.record(z.string(), z.unknown()).describe("a scenario (JSON object) whose workload is to be sized"),
    goal: solveGoalSchema,
    accelerators: z
      .array(z.string().min(1))
      .min(1)
      .max(64)
      .optional()
      .describe("accelerator ids to size (default: the scenario's)"),
    objective: z
      .enum(["cheapest", "fastest"])
      .default("cheapest")
      .describe("cheapest: lowest cost that meets the goal; fastest: shortest run within maxCount and maxCostUsd"),
    maxCount: positiveInt.max(1_000_000).default(65_536).describe("the most accelerators to consider"),
    maxCostUsd: finitePositive.optional().describe("the most the workload may cost, USD (optional)"),
    keepParallelism: z
      .boolean()
      .default(false)
      .describe("keep the scenario's pinned parallelism instead of searching it at each count"),
  })
  .strict();

/**
 * A goal-seeking request as written.
 *
 * @since 0.9.0
 * @category Solve
 */
export type SolveRequest = z.input<typeof solveRequestSchema>;

/**
 * One configuration evaluated while seeking the goal.
 *
 * @since 0.9.0
 * @category Solve
 */
export interface SolvePoint {
  accelerator: string;
  count: number;
  /** Whether it meets the goal (and fits in memory, and stays within `maxCostUsd` when given). */
  meetsGoal: boolean;
  /** Wall-clock days of the run (pretraining, RL) or the planning period (serving); null when not planned. */
  wallClockDays: number | null;
  /** Serving: output tokens/s of the fleet at the SLO-limited operating point. */
  outputTokensPerSecond?: number;
  /** The workload's cost (accelerator-hours x cost per accelerator-hour), USD. */
  workloadCostUsd: number | null;
  /** Purchase cost of the cluster (owned TCO figures; also shown for rented plans), USD. */
  capexUsd: number | null;
  /** Operating cost per year of the cluster if owned, USD. */
  opexUsdPerYear: number | null;
  gpuHours: number | null;
  /** What the cost rests on: a cloud list price, or the owned TCO (also the fallback without a cloud price). */
  costBasis: "cloud" | "owned";
  /** The workload's cost at the owned TCO per accelerator-hour, USD: the basis every point shares. */
  ownedCostUsd: number | null;
  /** The configuration in words: parallelism (training) or layout (serving). */
  configuration: string;
  /** Whether the parallelism or serving layout was searched at this count (false when pinned). */
  searched: boolean;
  /** Model FLOPs utilisation (pretraining). */
  mfuRatio?: number;
  fits: boolean;
  /** Why the point could not be planned or does not meet the goal. */
  reason?: string;
}

/**
 * The answer for one accelerator type.
 *
 * @since 0.9.0
 * @category Solve
 */
export interface SolveAcceleratorResult {
  accelerator: string;
  /** The lowest-cost configuration that meets the goal, if any. */
  cheapest: SolvePoint | null;
  /** The shortest-run configuration that meets the goal within the limits (pretraining and RL), if any. */
  fastest: SolvePoint | null;
  /** `cheapest` or `fastest`, per the request's objective. */
  chosen: SolvePoint | null;
  /** Every configuration planned, by count. */
  evaluated: SolvePoint[];
  /** Why no configuration meets the goal, when none does. */
  note?: string;
}

/**
 * The result of {@link solve}.
 *
 * @since 0.9.0
 * @category Solve
 */
export interface SolveResult {
  goal: z.output<typeof solveGoalSchema>;
  objective: "cheapest" | "fastest";
  /** Per accelerator type, those meeting the goal first, best first by the objective. */
  results: SolveAcceleratorResult[];
  /** The best configuration over every accelerator type, if any meets the goal. */
  best: SolvePoint | null;
  /**
   * Whether the chosen configurations' costs rest on different bases (cloud prices and owned TCO); the types are
   * then ranked by `ownedCostUsd`.
   */
  costBasisMixed: boolean;
  evaluatedCount: number;
  elapsedMs: number;
  assumptions: string[];
  warnings: string[];
}

/** Accelerator counts tried: 1, 2, 3, 4, 6, 8, 12, ... scale-up domains, up to `maxCount`. */
function candidateCounts(step: number, maxCount: number): number[] {
  const counts: number[] = [];
  for (let power = 1; power * step <= maxCount; power *= 2) {
    counts.push(power * step);
    if (power >= 2 && power * 1.5 * step <= maxCount && (power * 3) % 2 === 0) counts.push(power * 1.5 * step);
  }
  return [...new Set(counts)].sort((a, b) => a - b);
}

function describeConfiguration(result: Plan): string {
  const p = result.performance;
  if (p.kind === "pretraining") {
    const x = p.parallelism;
    const parts = [`TP ${x.tp}`, `PP ${x.pp}`];
    if (x.vpp > 1) parts.push(`VPP ${x.vpp}`);
    if (x.cp > 1) parts.push(`CP ${x.cp}`);
    if (x.ep > 1) parts.push(`EP ${x.ep}`);
    parts.push(`DP ${x.dp}`);
    return `${parts.join(" x ")}, ZeRO-${x.zeroStage}, micro-batch ${x.microBatch}, recompute ${x.recompute}`;
  }
  if (p.kind === "serving") {
    return `${p.mode}, TP ${p.tp}${p.ep > 1 ? ` x EP ${p.ep}` : ""}, ${p.instances} instance${p.instances === 1 ? "" : "s"}, concurrency ${p.concurrency}`;
  }
  return `${result.scenario.hardware.count} accelerators`;
}

function costBasisOf(result: Plan): "cloud" | "owned" {
  return result.cost.ownership === "cloud" && result.cost.onDemandUsdPerAcceleratorHour !== undefined
    ? "cloud"
    : "owned";
}

type Objective = "cheapest" | "fastest";

function compareBy(objective: Objective, ownedBasis = false): (a: SolvePoint, b: SolvePoint) => number {
  const cost = (p: SolvePoint) => (ownedBasis ? p.ownedCostUsd : p.workloadCostUsd) ?? Number.POSITIVE_INFINITY;
  const days = (p: SolvePoint) => p.wallClockDays ?? Number.POSITIVE_INFINITY;
  return objective === "cheapest"
    ? (a, b) => cost(a) - cost(b) || a.count - b.count
    : (a, b) => days(a) - days(b) || cost(a) - cost(b);
}

/**
 * Goal seeking: for each accelerator type, the cheapest configuration (count and parallelism) that finishes the
 * scenario's run within a deadline, and the fastest one within `maxCount` (and `maxCostUsd`); or, for serving,
 * the smallest fleet that serves a given output rate under the scenario's SLO. Every candidate is a full
 * {@link plan}, so time, cost and its basis come from the same models as any plan; the parallelism is searched
 * at each count unless `keepParallelism`.
 *
 * The search: one plan near the scenario's count estimates the count that meets the deadline under linear
 * scaling; counts on a grid of 1, 2, 3, 4, 6, 8, ... scale-up domains (8 GPUs for HGX, 72 for NVL72) are then
 * planned upward from there until one meets it (scaling is sublinear, so the estimate is a lower bound), and
 * downward while they still meet it; for serving, the count between the last grid count that misses and the first
 * that meets is bisected in whole scale-up domains; the next two larger grid counts are planned too (a different
 * parallelism can make a larger cluster cheaper). Fastest plans the three largest grid counts within `maxCount`.
 *
 * @param request - the base scenario, goal, accelerators and objective
 * @param onProgress - called after each accelerator type with (done, total)
 * @param options - `catalog`: the catalog ids are looked up in (default: built-in; the base scenario's `packs`
 *   extend it, so `accelerators` may name a pack's)
 * @returns per accelerator type the cheapest and fastest configuration meeting the goal, and the best overall
 * @throws InvalidInputError for an invalid request or base scenario; AifError (INVALID_INPUT) for a goal the
 *   workload kind does not take (a deadline for serving, a throughput for pretraining) or an agentic/fleet workload
 * @example
 * ```ts
 * import { getDefaultScenario, solve } from "@aifactory/planner";
 * const answer = solve({
 *   base: getDefaultScenario("llama-3.1-70b-pretraining-1024-h100"),
 *   goal: { kind: "deadline", days: 30 },
 *   accelerators: ["nvidia-h100-sxm", "nvidia-b200"],
 * });
 * answer.best?.count; // the fewest accelerators of the cheapest type that finish 15T tokens in 30 days
 * ```
 * @since 0.9.0
 * @category Solve
 */
export function solve(
  request: SolveRequest,
  onProgress?: (done: number, total: number) => void,
  options: PlanOptions = {},
): SolveResult {
  const started = performance.now();
  const parsed = parseInput(solveRequestSchema, request, "goal-seeking request");
  const base = parseInput(scenarioSchema, parsed.base, "goal-seeking base scenario");
  // The base scenario's packs are read once; every candidate plans with the resulting catalog.
  const catalog = catalogForScenario(base.packs, options.catalog);
  const goal = parsed.goal;
  const kind = base.workload.kind;
  if (kind === "agentic" || kind === "fleet") {
    throw new AifError("INVALID_INPUT", `goal seeking does not take ${kind} workloads`, {
      hint:
        kind === "fleet"
          ? "size a fleet with sizeAndPriceFleet / aif fleet size (smallest fleet meeting P99 SLOs by simulation)"
          : "plan the agentic fleet at a few counts with explore / aif plan explore",
    });
  }
  if (goal.kind === "deadline" && kind === "serving") {
    throw new AifError("INVALID_INPUT", "a deadline goal needs a run (pretraining or RL); this scenario serves", {
      hint: 'give a throughput goal: { kind: "throughput", outputTokensPerSecond: ... } (--tokens-per-second)',
    });
  }
  if (goal.kind === "throughput" && kind !== "serving") {
    throw new AifError("INVALID_INPUT", `a throughput goal needs a serving scenario; this one is ${kind}`, {
      hint: 'give a deadline goal: { kind: "deadline", days: ... } (--days)',
    });
  }
  const accelerators = parsed.accelerators ?? [base.hardware.accelerator];
  const assumptions: string[] = [];
  const warnings: string[] = [];
  const results: SolveAcceleratorResult[] = [];
  let evaluatedCount = 0;

  const scenarioFor = (accelerator: string, count: number): Scenario => {
    const sameAccelerator = accelerator === base.hardware.accelerator;
    const hardware = {
      ...base.hardware,
      accelerator,
      count,
      ...(sameAccelerator ? {} : { system: undefined }),
    };
    let workload = base.workload;
    if (workload.kind === "pretraining") {
      workload = {
        ...workload,
        ...(goal.kind === "deadline" && goal.tokens !== undefined ? { tokens: goal.tokens } : {}),
        ...(parsed.keepParallelism ? {} : { parallelism: undefined }),
      };
    } else if (workload.kind === "serving" && !parsed.keepParallelism) {
      workload = { ...workload, parallelism: undefined };
    }
    return { ...base, packs: undefined, hardware, workload } as Scenario;
  };

  for (const [index, accelerator] of accelerators.entries()) {
    const evaluated = new Map<number, SolvePoint>();
    const evaluate = (count: number): SolvePoint => {
      const known = evaluated.get(count);
      if (known) return known;
      evaluatedCount += 1;
      let point: SolvePoint;
      try {
        const result = plan(scenarioFor(accelerator, count), { catalog });
        const p = result.performance;
        const days = result.timeline.wallClockHours / 24;
        const serving = p.kind === "serving" ? p.outputTokensPerSecond : undefined;
        const withinBudget = parsed.maxCostUsd === undefined || result.cost.workloadCostUsd <= parsed.maxCostUsd;
        const meetsTarget = goal.kind === "deadline" ? days <= goal.days : (serving ?? 0) >= goal.outputTokensPerSecond;
        const fits = result.memory.fits;
        const meetsGoal = fits && meetsTarget && withinBudget;
        point = {
          accelerator,
          count,
          meetsGoal,
          wallClockDays: days,
          ...(serving === undefined ? {} : { outputTokensPerSecond: serving }),
          workloadCostUsd: result.cost.workloadCostUsd,
          capexUsd: result.cost.capexUsd,
          opexUsdPerYear: result.cost.opexUsdPerYear,
          gpuHours: result.timeline.gpuHours,
          costBasis: costBasisOf(result),
          ownedCostUsd: result.timeline.gpuHours * result.cost.ownedCostPerGpuHourUsd,
          configuration: describeConfiguration(result),
          searched: "searched" in p ? p.searched : false,
          ...(p.kind === "pretraining" ? { mfuRatio: p.mfuRatio } : {}),
          fits,
          ...(meetsGoal
            ? {}
            : {
                reason: !fits
                  ? "does not fit in accelerator memory"
                  : !meetsTarget
                    ? goal.kind === "deadline"
                      ? `takes ${days.toPrecision(3)} days (goal ${goal.days})`
                      : `serves ${(serving ?? 0).toPrecision(3)} output tokens/s (goal ${goal.outputTokensPerSecond})`
                    : `costs more than ${parsed.maxCostUsd} USD`,
              }),
        };
      } catch (error) {
        if (!isAifError(error)) throw error;
        point = {
          accelerator,
          count,
          meetsGoal: false,
          wallClockDays: null,
          workloadCostUsd: null,
          capexUsd: null,
          opexUsdPerYear: null,
          gpuHours: null,
          costBasis: "owned",
          ownedCostUsd: null,
          configuration: "",
          searched: false,
          fits: false,
          reason: error.message,
        };
      }
      evaluated.set(count, point);
      return point;
    };

    let step: number;
    try {
      step = catalogAccelerator(catalog, accelerator, `accelerators[${index}]`).scaleUp.scaleUpDomainSize;
    } catch (error) {
      if (!isAifError(error)) throw error;
      results.push({
        accelerator,
        cheapest: null,
        fastest: null,
        chosen: null,
        evaluated: [],
        note: error.message,
      });
      onProgress?.(index + 1, accelerators.length);
      continue;
    }
    const grid = candidateCounts(step, parsed.maxCount);
    if (grid.length === 0) {
      results.push({
        accelerator,
        cheapest: null,
        fastest: null,
        chosen: null,
        evaluated: [],
        note: `maxCount ${parsed.maxCount} is below one scale-up domain of ${accelerator} (${step})`,
      });
      onProgress?.(index + 1, accelerators.length);
      continue;
    }
    const nearest = (target: number): number => {
      let best = 0;
      for (let i = 0; i < grid.length; i++) if ((grid[i] as number) <= target) best = i;
      return best;
    };

    // A feasible probe near the scenario's count (walk up until one plans and fits).
    let probeIndex = nearest(base.hardware.count);
    let probe = evaluate(grid[probeIndex] as number);
    while ((probe.wallClockDays === null || !probe.fits) && probeIndex < grid.length - 1) {
      probeIndex += 1;
      probe = evaluate(grid[probeIndex] as number);
    }
    if (probe.wallClockDays !== null && probe.fits) {
      const estimate =
        goal.kind === "deadline"
          ? probe.count * (probe.wallClockDays / goal.days)
          : probe.count * (goal.outputTokensPerSecond / Math.max(probe.outputTokensPerSecond ?? 0, 1e-9));
      let i = Math.max(nearest(estimate), 0);
      // Upward until the goal's target is met (ignoring the budget, which only filters).
      const reached = (p: SolvePoint) =>
        p.fits &&
        p.wallClockDays !== null &&
        (goal.kind === "deadline"
          ? p.wallClockDays <= goal.days
          : (p.outputTokensPerSecond ?? 0) >= goal.outputTokensPerSecond);
      while (i < grid.length - 1 && !reached(evaluate(grid[i] as number))) i += 1;
      // Downward while still met.
      let j = i;
      while (j > 0 && reached(evaluate(grid[j - 1] as number))) j -= 1;
      if (goal.kind === "throughput" && j > 0 && reached(evaluate(grid[j] as number))) {
        // A serving fleet grows by one scale-up domain at a time: bisect between the grid counts. (Not for
        // training: counts off the grid rarely divide the global batch evenly, run slower and cost more.)
        let low = (grid[j - 1] as number) / step;
        let high = (grid[j] as number) / step;
        while (high - low > 1) {
          const middle = Math.floor((low + high) / 2);
          if (reached(evaluate(middle * step))) high = middle;
          else low = middle;
        }
      }
      for (const k of [i + 1, i + 2]) if (k < grid.length) evaluate(grid[k] as number);
      if (goal.kind === "deadline") {
        for (const k of [grid.length - 1, grid.length - 2, grid.length - 3]) if (k >= 0) evaluate(grid[k] as number);
      }
    }
    const points = [...evaluated.values()].sort((a, b) => a.count - b.count);
    const meeting = points.filter((p) => p.meetsGoal);
    const cheapest = [...meeting].sort(compareBy("cheapest"))[0] ?? null;
    const fastest = goal.kind === "deadline" ? ([...meeting].sort(compareBy("fastest"))[0] ?? null) : null;
    const chosen = parsed.objective === "cheapest" ? cheapest : (fastest ?? cheapest);
    const largest = points[points.length - 1];
    const note =
      chosen !== null
        ? undefined
        : points.every((p) => p.wallClockDays === null)
          ? (points[0]?.reason ?? "no configuration could be planned")
          : goal.kind === "deadline"
            ? `no count up to ${parsed.maxCount} meets the goal (largest tried: ${largest?.count}, ${largest?.reason ?? "n/a"})`
            : `no fleet up to ${parsed.maxCount} accelerators meets the goal (largest tried: ${largest?.count}, ${largest?.reason ?? "n/a"})`;
    results.push({ accelerator, cheapest, fastest, chosen, evaluated: points, ...(note ? { note } : {}) });
    onProgress?.(index + 1, accelerators.length);
  }

  const bases = new Set(results.flatMap((r) => (r.chosen ? [r.chosen.costBasis] : [])));
  const costBasisMixed = bases.size > 1;
  // Across types, costs are compared on one basis: the scenario's when every type has it, else the owned TCO
  // (which every type has), so that a rental price is never ranked against a purchase.
  const order = compareBy(parsed.objective, costBasisMixed);
  results.sort((a, b) => {
    if (a.chosen && b.chosen) return order(a.chosen, b.chosen);
    return a.chosen ? -1 : b.chosen ? 1 : 0;
  });
  const best = results[0]?.chosen ?? null;
  if (costBasisMixed) {
    const owned = results.filter((r) => r.chosen?.costBasis === "owned").map((r) => r.accelerator);
    warnings.push(
      `cost bases differ: ${owned.join(", ")} ${owned.length === 1 ? "has" : "have"} no cloud list price in the catalog and ${owned.length === 1 ? "is" : "are"} costed at the owned TCO; accelerator types are ranked by the owned TCO of each (ownedCostUsd), the basis all share; set economics.onDemandUsdPerAcceleratorHour to compare rented`,
    );
  }
  assumptions.push(
    "every candidate is a full plan with the scenario's site, economics and kernels",
    `counts on a grid of 1, 2, 3, 4, 6, 8, 12, ... scale-up domains up to ${parsed.maxCount}`,
    parsed.keepParallelism
      ? "the scenario's parallelism is kept at every count"
      : "parallelism (or the serving layout) is searched at every count",
  );
  return {
    goal,
    objective: parsed.objective,
    results,
    best,
    costBasisMixed,
    evaluatedCount,
    elapsedMs: performance.now() - started,
    assumptions,
    warnings,
  };
}
