/**
 * Timings the browser tests read (`window.__plannerTimings`, also as performance marks and measures):
 * - the first plan on screen: from navigation start to the commit that puts its figures in the page, and to the
 *   first frame painted after it;
 * - every recompute: from the edit's input event (its `timeStamp`, so time the event waited for a busy page
 *   counts) to the commit that shows the new figures, and to the frame painted after it.
 */
export interface PlannerTimings {
  /** ms from navigation start to the first plan committed to the page. */
  firstPlanMs?: number;
  /**
   * ms from navigation start to the first plan on screen: the Element Timing of the first metric (the frame's
   * presentation) where the browser reports it, else the first frame painted after the commit.
   */
  firstPlanPaintedMs?: number;
  /** Whether the first plan shown was the build-time plan of the default scenario (else the worker's). */
  firstPlanPrebuilt?: boolean;
  /** Edit -> rendered result, with the worker's own time. */
  recomputes: RecomputeTiming[];
  /** Edit (or load) -> charts and tables rendered for that plan (a deferred render). */
  panels: number[];
}

/** One edit -> result. */
export interface RecomputeTiming {
  /** The built-in scenario the edit started from (`custom` when none). */
  scenarioId: string;
  /** `edit` (a field), `switch` (another built-in scenario) or `load` (a file). */
  kind: "edit" | "switch" | "load";
  /** Input event -> the new figures committed to the page, ms. */
  totalMs: number;
  /** Input event -> the first frame painted after that commit, ms (filled in a frame later). */
  paintedMs?: number;
  /** Time the worker spent (plan, exports, texts), ms. */
  planMs: number;
  ok: boolean;
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

/**
 * Calls `callback` with the time just after the next frame is painted: a task posted from a requestAnimationFrame
 * callback runs after that frame's style, layout and paint. Posted at user-blocking priority where the browser
 * has `scheduler.postTask`, so that it runs before other queued tasks (e.g. a slice of React's deferred render)
 * and the time is that of the paint, not of the work after it.
 */
export function afterNextPaint(callback: (at: number) => void): void {
  requestAnimationFrame(() => {
    const scheduler = (globalThis as { scheduler?: { postTask?: (task: () => void, options: object) => unknown } })
      .scheduler;
    if (typeof scheduler?.postTask === "function") {
      scheduler.postTask(() => callback(performance.now()), { priority: "user-blocking" });
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      callback(performance.now());
    };
    channel.port2.postMessage(undefined);
  });
}

/** The input event a user action started from: its timestamp when it is the current event, else now. */
let lastInputEventAt: number | undefined;

/** Records input events' timestamps (capture phase, before React sees them). Call once. */
export function trackInputEvents(): void {
  const note = (event: Event) => {
    lastInputEventAt = event.timeStamp;
  };
  for (const type of ["input", "change"]) {
    document.addEventListener(type, note, { capture: true, passive: true });
  }
}

/**
 * When the user action being handled started: the timestamp of the input event being dispatched (or of the last
 * one, when less than a second old: a file read or a decode may come in between), else now.
 */
export function actionStartedAt(): number {
  const now = performance.now();
  return lastInputEventAt !== undefined && lastInputEventAt <= now && now - lastInputEventAt < 1000
    ? lastInputEventAt
    : now;
}

/** The Element Timing identifier of the first metric card's value (see MetricsPanel). */
export const FIRST_METRIC_TIMING_ID = "planner-first-metric";

/**
 * Calls `callback` once the first metric's text is on screen: when the browser reports its Element Timing (the
 * frame's presentation, after rasterisation), else after the next paint. Waits at most `timeoutMs` for the
 * Element Timing entry (none comes where the browser lacks the API or the element is outside the viewport).
 */
function whenFirstMetricShown(callback: (at: number, source: "element-timing" | "paint") => void, timeoutMs = 1000) {
  let done = false;
  const finish = (at: number, source: "element-timing" | "paint") => {
    if (done) return;
    done = true;
    callback(at, source);
  };
  const supported =
    typeof PerformanceObserver === "function" && PerformanceObserver.supportedEntryTypes?.includes("element");
  if (!supported) {
    afterNextPaint((at) => finish(at, "paint"));
    return;
  }
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { identifier?: string; renderTime?: number }>) {
      if (entry.identifier !== FIRST_METRIC_TIMING_ID) continue;
      observer.disconnect();
      finish(entry.renderTime || entry.startTime, "element-timing");
    }
  });
  observer.observe({ type: "element", buffered: true });
  afterNextPaint((painted) =>
    setTimeout(() => {
      observer.disconnect();
      finish(painted, "paint");
    }, timeoutMs),
  );
}

/**
 * Records the first plan committed to the page and then shown; calls `onShown` once it is on screen, so that
 * loading the rest of the page (charts, validation, the worker) does not compete with rasterising the first frame.
 */
export function recordFirstPlan(prebuilt: boolean, onShown?: () => void): void {
  const state = timings();
  if (state.firstPlanMs !== undefined) return;
  performance.mark("planner:first-plan");
  state.firstPlanMs = performance.now();
  state.firstPlanPrebuilt = prebuilt;
  whenFirstMetricShown((at, source) => {
    performance.mark("planner:first-plan-painted", { startTime: at, detail: { source } });
    state.firstPlanPaintedMs = at;
    onShown?.();
  });
}

/** Records one recompute: from the edit at `startedAt` to now (the commit that shows its result), then the paint. */
export function recordRecompute(startedAt: number, entry: Omit<RecomputeTiming, "totalMs" | "paintedMs">): void {
  const end = performance.now();
  performance.measure("planner:recompute", { start: startedAt, end });
  const record: RecomputeTiming = { ...entry, totalMs: end - startedAt };
  timings().recomputes.push(record);
  afterNextPaint((at) => {
    record.paintedMs = at - startedAt;
  });
}

/** Records the charts and tables of a plan rendered, from the edit (or load) at `startedAt`. */
export function recordPanelsRendered(startedAt: number): void {
  const end = performance.now();
  performance.measure("planner:panels", { start: startedAt, end });
  timings().panels.push(end - startedAt);
}
