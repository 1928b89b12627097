/**
 * Pure helpers that find what to draw in a plan without knowing its workload kind: every breakdown, every
 * curve of operating points, every scalar figure of the performance section. The numbers themselves all come
 * from `@aifactory/planner`; nothing here computes a model quantity.
 */

/** One labelled quantity of a breakdown (the planner's `BreakdownItem`). */
export interface BreakdownLike {
  title: string;
  unit: string;
  items: Array<{ label: string; value: number }>;
}

/** A breakdown found in a plan, with where it was found. */
export interface FoundBreakdown {
  /** Dotted path in the plan, e.g. `memory.breakdown`. */
  path: string;
  breakdown: BreakdownLike;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a value has the shape of a planner `Breakdown`. */
export function isBreakdown(value: unknown): value is BreakdownLike {
  return (
    isRecord(value) &&
    typeof value.title === "string" &&
    typeof value.unit === "string" &&
    Array.isArray(value.items) &&
    value.items.every((item) => isRecord(item) && typeof item.label === "string" && typeof item.value === "number")
  );
}

/**
 * Every breakdown in a plan (depth-first, in property order), skipping the scenario echo.
 *
 * @param plan - a plan (any workload kind)
 * @returns the breakdowns with their paths
 */
export function findBreakdowns(plan: unknown): FoundBreakdown[] {
  const found: FoundBreakdown[] = [];
  const visit = (value: unknown, path: string[]) => {
    if (isBreakdown(value)) {
      found.push({ path: path.join("."), breakdown: value });
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (path.length === 0 && key === "scenario") continue;
      visit(child, [...path, key]);
    }
  };
  visit(plan, []);
  return found;
}

/** A curve of operating points found in a plan: an array of objects with the same numeric fields. */
export interface FoundCurve {
  path: string;
  points: Array<Record<string, number>>;
  /** The latency-like field to put on the x axis. */
  xKey: string;
  /** The throughput-like field to put on the y axis. */
  yKey: string;
}

const LATENCY_KEY = /(latency|ttft|tpot|itl|e2e).*(ms|seconds)$|Ms$/i;
const THROUGHPUT_KEY = /(tokensPerSecond|throughput|perSecond)/i;

function numericKeys(point: Record<string, unknown>): string[] {
  return Object.keys(point).filter((key) => typeof point[key] === "number" && Number.isFinite(point[key]));
}

/**
 * Picks the axes of a throughput-vs-latency curve: a latency-like key for x (TPOT preferred) and a
 * throughput-like key for y (per GPU preferred).
 */
export function curveAxes(keys: readonly string[]): { xKey: string; yKey: string } | undefined {
  const latency = keys.filter((key) => LATENCY_KEY.test(key));
  const throughput = keys.filter((key) => THROUGHPUT_KEY.test(key) && !LATENCY_KEY.test(key));
  const xKey = latency.find((key) => /tpot|interToken|itl/i.test(key)) ?? latency[0];
  const yKey =
    throughput.find((key) => /output.*PerGpu/i.test(key)) ??
    throughput.find((key) => /PerGpu/i.test(key)) ??
    throughput[0];
  return xKey !== undefined && yKey !== undefined ? { xKey, yKey } : undefined;
}

/**
 * Every throughput-vs-latency curve in a plan: arrays of at least two objects whose numeric fields include a
 * latency and a throughput (e.g. a serving plan's sweep over concurrency).
 */
export function findCurves(plan: unknown): FoundCurve[] {
  const found: FoundCurve[] = [];
  const visit = (value: unknown, path: string[]) => {
    if (Array.isArray(value)) {
      if (value.length >= 2 && value.every(isRecord)) {
        const keys = numericKeys(value[0] as Record<string, unknown>);
        const axes = curveAxes(keys);
        if (
          axes &&
          value.every((point) => typeof point[axes.xKey] === "number" && typeof point[axes.yKey] === "number")
        ) {
          const points = value.map((point) =>
            Object.fromEntries(numericKeys(point).map((key) => [key, point[key] as number])),
          );
          found.push({ path: path.join("."), points, ...axes });
        }
      }
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (path.length === 0 && key === "scenario") continue;
      visit(child, [...path, key]);
    }
  };
  visit(plan, []);
  return found;
}

/**
 * The scalar figures of a section (numbers, strings, booleans, one level of nested objects flattened as
 * `parent.child`), for a key-value table.
 */
export function scalarFields(section: unknown): Array<{ key: string; value: number | string | boolean }> {
  const rows: Array<{ key: string; value: number | string | boolean }> = [];
  if (!isRecord(section)) return rows;
  for (const [key, value] of Object.entries(section)) {
    if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") {
      rows.push({ key, value });
    } else if (isRecord(value) && !isBreakdown(value)) {
      for (const [childKey, child] of Object.entries(value)) {
        if (typeof child === "number" || typeof child === "string" || typeof child === "boolean") {
          rows.push({ key: `${key}.${childKey}`, value: child });
        }
      }
    }
  }
  return rows;
}

/** The first finite number among the given keys of a section, if any. */
export function firstNumber(section: unknown, keys: readonly string[]): { key: string; value: number } | undefined {
  if (!isRecord(section)) return undefined;
  for (const key of keys) {
    const value = section[key];
    if (typeof value === "number" && Number.isFinite(value)) return { key, value };
  }
  return undefined;
}
