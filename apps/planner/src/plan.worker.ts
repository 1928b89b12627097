/// <reference lib="webworker" />
// The planner runs here, off the main thread, so editing never blocks the page.
import "./zod-config";
import { DEFAULT_SCENARIOS, explore, plan, planToCsv, planToMarkdown } from "@aifactory/planner";
import { EXPLORE_WORKER_NAME, type WorkerError, type WorkerRequest, type WorkerResponse } from "./worker-protocol";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const now = () => performance.timeOrigin + performance.now();
const evaluatedAt = now();

function toWorkerError(error: unknown): WorkerError {
  if (error instanceof Error) {
    const withCode = error as Error & { code?: unknown; hint?: unknown; details?: unknown };
    const details = withCode.details;
    return {
      code: typeof withCode.code === "string" ? withCode.code : "INTERNAL",
      message: error.message,
      ...(typeof withCode.hint === "string" ? { hint: withCode.hint } : {}),
      ...(details && typeof details === "object"
        ? { details: structuredClone(details as Record<string, unknown>) }
        : {}),
    };
  }
  return { code: "INTERNAL", message: String(error) };
}

function post(message: WorkerResponse): void {
  scope.postMessage(message);
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === "plan") {
    const started = performance.now();
    try {
      const result = plan(request.scenario as Parameters<typeof plan>[0]);
      const csv = planToCsv(result);
      const markdown = planToMarkdown(result);
      post({
        type: "plan",
        id: request.id,
        ok: true,
        plan: result,
        csv,
        markdown,
        planMs: performance.now() - started,
      });
    } catch (error) {
      post({
        type: "plan",
        id: request.id,
        ok: false,
        error: toWorkerError(error),
        planMs: performance.now() - started,
      });
    }
    return;
  }
  if (request.type === "explore") {
    try {
      let last = 0;
      const result = explore(request.space, (done, total) => {
        const now = performance.now();
        if (done === total || now - last > 50) {
          last = now;
          post({ type: "explore-progress", id: request.id, done, total });
        }
      });
      post({ type: "explore", id: request.id, ok: true, result });
    } catch (error) {
      post({ type: "explore", id: request.id, ok: false, error: toWorkerError(error) });
    }
  }
};

// Warm up while the page loads: the first plan compiles the planner's code paths and loads its catalogs, which
// costs several times a repeat plan. The result is discarded; requests that arrive meanwhile wait in the queue.
if (scope.name !== EXPLORE_WORKER_NAME) {
  setTimeout(() => {
    const first = DEFAULT_SCENARIOS[0];
    const warmUpStartedAt = now();
    try {
      if (first) plan(first);
    } catch {
      // a failing built-in scenario shows up when the page asks for it
    }
    post({ type: "boot", evaluatedAt, warmUpStartedAt, warmUpEndedAt: now() });
  }, 0);
}
