/**
 * Performance marks the browser tests read: the first plan on screen (from navigation start) and every
 * edit -> result-on-screen recompute, also exposed as `window.__plannerTimings`.
 */
export interface PlannerTimings {
  /** ms from navigation start to the first plan rendered. */
  firstPlanMs?: number;
  /** Edit -> rendered result, with the worker's own planning time. */
  recomputes: Array<{ totalMs: number; planMs: number; ok: boolean }>;
  /** Edit (or load) -> charts and tables rendered for that plan (a deferred render). */
  panels: number[];
}

declare global {
  interface Window {
    __plannerTimings?: PlannerTimings;
  }
}

function timings(): PlannerTimings {
  window.__plannerTimings ??= { recomputes: [], panels: [] };
  return window.__plannerTimings;
}

/** Records the first plan rendered (called after the commit that shows it). */
export function recordFirstPlan(ok: boolean): void {
  const state = timings();
  if (state.firstPlanMs !== undefined || !ok) return;
  performance.mark("planner:first-plan");
  state.firstPlanMs = performance.now();
}

/** Records one recompute: from the edit at `startedAt` to now (the commit that shows its result). */
export function recordRecompute(startedAt: number, planMs: number, ok: boolean): void {
  const end = performance.now();
  performance.measure("planner:recompute", { start: startedAt, end });
  timings().recomputes.push({ totalMs: end - startedAt, planMs, ok });
  if (timings().firstPlanMs === undefined) recordFirstPlan(ok);
}

/** Records the charts and tables of a plan rendered, from the edit (or load) at `startedAt`. */
export function recordPanelsRendered(startedAt: number): void {
  const end = performance.now();
  performance.measure("planner:panels", { start: startedAt, end });
  timings().panels.push(end - startedAt);
}
