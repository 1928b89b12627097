/// <reference lib="webworker" />
// The planner runs here, off the main thread, so editing never blocks the page.
import "./zod-config";
import { DEFAULT_SCENARIOS, explore, plan, planToCsv, planToMarkdown, solve } from "@aifactory/planner";
import { clearPlanCaches } from "@aifactory/planner/internal";
import { builtinAcceleratorNotes } from "./accelerator-notes-browser";
import { loadBuiltinKernelTables } from "./kernels-builtin-browser";
import { deployFiles } from "./lib/deploy-export";
import { comparisonView, hardwareSourcesView, rooflineView, withBuiltinNotes } from "./lib/hardware-view";
import { planTexts } from "./lib/plan-texts";
import { runSite } from "./lib/site-run";
import { validateScenario } from "./lib/validate";
import {
  EXPLORE_WORKER_NAME,
  type QueryName,
  type WorkerError,
  type WorkerQueries,
  type WorkerRequest,
  type WorkerResponse,
} from "./worker-protocol";

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

/**
 * The page's questions about the catalog, the launch scripts and site designs (see `WorkerQueries`). The site
 * designer is bundled with the worker (a chunk of its own loaded on first use weighed 1.3 KB gzip more against the
 * app's budget; the worker runs off the page's main thread either way).
 */
const QUERIES: {
  [Q in QueryName]: (
    args: WorkerQueries[Q]["args"],
  ) => WorkerQueries[Q]["result"] | Promise<WorkerQueries[Q]["result"]>;
} = {
  roofline: ({ accelerator, precision }) => rooflineView(accelerator, precision),
  comparison: ({ currentId, dtype }) => comparisonView(currentId, dtype),
  sources: async ({ accelerator, system }) =>
    withBuiltinNotes(hardwareSourcesView(accelerator, system), accelerator, await builtinAcceleratorNotes()),
  deploy: ({ plan: planned, scenarioId }) => deployFiles(planned, scenarioId),
  site: ({ input }) => runSite(input),
};

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === "exports") {
    post({ type: "exports", id: request.id, csv: planToCsv(request.plan), markdown: planToMarkdown(request.plan) });
    return;
  }
  if (request.type === "query") {
    try {
      const answer = QUERIES[request.query] as (args: unknown) => unknown;
      post({ type: "query", id: request.id, ok: true, result: await answer(request.args) });
    } catch (error) {
      post({ type: "query", id: request.id, ok: false, error: toWorkerError(error) });
    }
    return;
  }
  // The measured kernel tables of the GPUs the request names, fetched once (see kernels-builtin-browser.ts).
  try {
    await loadBuiltinKernelTables(
      request.type === "plan" ? request.scenario : request.type === "explore" ? request.space : request.request,
    );
  } catch {
    // Without its tables a GPU is priced by the analytic path; the plan's kernel sources say so.
  }
  if (request.type === "plan") {
    const started = performance.now();
    try {
      const result = plan(request.scenario as Parameters<typeof plan>[0]);
      const csv = planToCsv(result);
      const markdown = planToMarkdown(result);
      const texts = planTexts(result);
      post({
        type: "plan",
        id: request.id,
        ok: true,
        plan: result,
        csv,
        markdown,
        texts,
        planMs: performance.now() - started,
      });
    } catch (error) {
      // An invalid scenario is reported by field, as the editor shows it: the planner's own schema's issues
      // (validated only when the plan failed, so a valid edit is parsed once).
      const workerError = toWorkerError(error);
      const validation = workerError.code === "INVALID_INPUT" ? validateScenario(request.scenario) : undefined;
      post({
        type: "plan",
        id: request.id,
        ok: false,
        error: workerError,
        ...(validation && !validation.success ? { issues: validation.issues } : {}),
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
    return;
  }
  if (request.type === "solve") {
    try {
      post({ type: "solve-progress", id: request.id, done: 0, total: request.request.accelerators?.length ?? 1 });
      const result = solve(request.request, (done, total) =>
        post({ type: "solve-progress", id: request.id, done, total }),
      );
      post({ type: "solve", id: request.id, ok: true, result });
    } catch (error) {
      post({ type: "solve", id: request.id, ok: false, error: toWorkerError(error) });
    }
  }
};

// Warm up as soon as the worker has loaded (the page starts it once its first plan is on screen): a first plan
// compiles the planner's code paths, loads its catalogs and the locale data of number formatting, and costs
// several times a repeat plan, so the worker plans every built-in scenario once, one per task (a request that
// arrives meanwhile is handled between them). The results are discarded, and the planner's memo of KV-cache
// replays is cleared afterwards: what stays warm is compiled code, not results.
function warmUp(index: number, startedAt: number): void {
  const scenario = DEFAULT_SCENARIOS[index];
  if (!scenario) {
    clearPlanCaches();
    post({ type: "boot", evaluatedAt, warmUpStartedAt: startedAt, warmUpEndedAt: now() });
    return;
  }
  try {
    const result = plan(scenario);
    planToCsv(result);
    planToMarkdown(result);
    planTexts(result);
  } catch {
    // a failing built-in scenario shows up when the page asks for it
  }
  setTimeout(() => warmUp(index + 1, startedAt), 0);
}
if (scope.name !== EXPLORE_WORKER_NAME) {
  loadBuiltinKernelTables(DEFAULT_SCENARIOS)
    .catch(() => undefined)
    .then(() => setTimeout(() => warmUp(0, now()), 0));
}
