import type { ExploreResult, ExploreSpace, Plan, SolveRequest, SolveResult } from "@aifactory/planner";
import type { PlanTexts } from "./lib/plan-texts";
import type { ScenarioIssue } from "./lib/validate";
import {
  EXPLORE_WORKER_NAME,
  type QueryName,
  type WorkerError,
  type WorkerQueries,
  type WorkerRequest,
  type WorkerResponse,
} from "./worker-protocol";

/** The outcome of one plan request. */
export type PlanOutcome =
  | {
      ok: true;
      id: number;
      plan: Plan;
      /** The plan's CSV and Markdown (absent from the build-time plan: see {@link PlannerClient.exports}). */
      csv?: string;
      markdown?: string;
      texts: PlanTexts;
      planMs: number;
      /** Computed at build time (the default plan), not by the worker. */
      prebuilt?: true;
    }
  | {
      ok: false;
      id: number;
      error: WorkerError;
      /** The scenario's issues by path, when it is not a valid scenario (the worker validates it). */
      issues?: ScenarioIssue[];
      planMs: number;
    };

/**
 * Talks to the planner worker. Plan requests are latest-wins: while one is running, only the newest pending
 * scenario is sent next, so fast typing never queues stale work.
 *
 * The worker starts on `start()` or on the first request that needs it: a page that opens on the default
 * scenario shows the build-time plan first and starts the worker once that is on screen, so that loading and
 * warming up the planner never competes with the first render for the CPU.
 */
export class PlannerClient {
  private worker: Worker | undefined;
  /** A second worker for design-space sweeps, so a sweep never delays the plan of an edit. */
  private exploreWorker: Worker | undefined;
  private nextId = 1;
  private busy = false;
  private pending: { id: number; scenario: unknown } | undefined;
  private latestId = 0;
  /** The JSON of the latest requested scenario, and its outcome once it arrived. */
  private latestKey: string | undefined;
  private latestOutcome: PlanOutcome | undefined;
  /** Sweeps and goal seeking in the design-space worker, by request id. */
  private readonly explores = new Map<
    number,
    {
      resolve: (result: never) => void;
      reject: (error: WorkerError) => void;
      onProgress?: (done: number, total: number) => void;
    }
  >();

  private readonly listeners = new Set<(outcome: PlanOutcome) => void>();
  private readonly pendingExports = new Map<number, (files: { csv: string; markdown: string }) => void>();
  private readonly pendingQueries = new Map<
    number,
    { resolve: (result: unknown) => void; reject: (error: WorkerError) => void }
  >();

  private static startWorker(name: string): Worker {
    performance.mark(`planner:${name}-worker-started`);
    return new Worker(new URL("./plan.worker.ts", import.meta.url), { type: "module", name });
  }

  /** Starts the plan worker (it loads and warms up) unless it runs already. */
  start(): void {
    if (this.worker) return;
    this.worker = PlannerClient.startWorker("planner");
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.receive(event.data);
  }

  /**
   * Seeds the outcome of one scenario (the build-time plan of the default scenario): a later `plan()` of the
   * same scenario gets it at once without asking the worker.
   */
  seed(key: string, outcome: { plan: Plan; texts: PlanTexts }): PlanOutcome {
    const id = this.nextId++;
    this.latestId = id;
    this.latestKey = key;
    this.latestOutcome = { ok: true, id, ...outcome, planMs: 0, prebuilt: true };
    return this.latestOutcome;
  }

  /** Calls `listener` with every latest plan outcome; returns the unsubscribe function. */
  subscribe(listener: (outcome: PlanOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Requests a plan; returns the request id (the outcome carries it) and whether the outcome is known already.
   * Asking again for the scenario of the latest request sends nothing: the same id is returned and its outcome,
   * when it has arrived, delivered again.
   */
  plan(scenario: unknown): { id: number; known: boolean } {
    const key = JSON.stringify(scenario);
    if (key === this.latestKey) {
      const outcome = this.latestOutcome;
      if (outcome) queueMicrotask(() => this.emit(outcome));
      return { id: this.latestId, known: outcome !== undefined };
    }
    const id = this.nextId++;
    if (!performance.getEntriesByName("planner:first-plan-requested").length) {
      performance.mark("planner:first-plan-requested");
    }
    this.latestId = id;
    this.latestKey = key;
    this.latestOutcome = undefined;
    if (this.busy) this.pending = { id, scenario };
    else this.send({ type: "plan", id, scenario });
    return { id, known: false };
  }

  /** The CSV and Markdown of a plan, made by the plan worker (for the build-time plan, which comes without them). */
  exports(plan: Plan): Promise<{ csv: string; markdown: string }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pendingExports.set(id, resolve);
      this.start();
      this.worker?.postMessage({ type: "exports", id, plan } satisfies WorkerRequest);
    });
  }

  /**
   * Asks the plan worker a question about the catalog or a plan (see `WorkerQueries`): the page's main thread
   * holds no catalog, emitters or zod. Answered in order with the plans (a plan that is running finishes first).
   */
  query<Q extends QueryName>(query: Q, args: WorkerQueries[Q]["args"]): Promise<WorkerQueries[Q]["result"]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pendingQueries.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.start();
      this.worker?.postMessage({ type: "query", id, query, args } as WorkerRequest);
    });
  }

  /** Sweeps a design space in the design-space worker. */
  explore(space: ExploreSpace, onProgress?: (done: number, total: number) => void): Promise<ExploreResult> {
    const id = this.nextId++;
    return this.sendToExploreWorker<ExploreResult>({ type: "explore", id, space }, onProgress);
  }

  /**
   * Goal seeking (`solve`) in the design-space worker, so a search of several seconds never delays the plan of an
   * edit; `onProgress` gets (accelerator types done, total).
   */
  solve(request: SolveRequest, onProgress?: (done: number, total: number) => void): Promise<SolveResult> {
    const id = this.nextId++;
    return this.sendToExploreWorker<SolveResult>({ type: "solve", id, request }, onProgress);
  }

  private sendToExploreWorker<T>(
    request: Extract<WorkerRequest, { type: "explore" | "solve" }>,
    onProgress?: (done: number, total: number) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.explores.set(request.id, {
        resolve: resolve as (result: never) => void,
        reject,
        ...(onProgress ? { onProgress } : {}),
      });
      if (!this.exploreWorker) {
        this.exploreWorker = PlannerClient.startWorker(EXPLORE_WORKER_NAME);
        this.exploreWorker.onmessage = (event: MessageEvent<WorkerResponse>) => this.receive(event.data);
      }
      this.exploreWorker.postMessage(request);
    });
  }

  /** Stops the workers. */
  dispose(): void {
    this.worker?.terminate();
    this.exploreWorker?.terminate();
  }

  private emit(outcome: PlanOutcome): void {
    for (const listener of this.listeners) listener(outcome);
  }

  private send(request: Extract<WorkerRequest, { type: "plan" }>): void {
    this.start();
    this.busy = true;
    this.worker?.postMessage(request);
  }

  private receive(message: WorkerResponse): void {
    if (message.type === "boot") {
      const at = (absolute: number) => ({ startTime: absolute - performance.timeOrigin });
      performance.mark("planner:worker-evaluated", at(message.evaluatedAt));
      performance.mark("planner:worker-warm-up-started", at(message.warmUpStartedAt));
      performance.mark("planner:worker-warm-up-ended", at(message.warmUpEndedAt));
      return;
    }
    if (message.type === "plan") {
      this.busy = false;
      if (this.pending) {
        const next = this.pending;
        this.pending = undefined;
        this.send({ type: "plan", ...next });
      }
      if (message.id !== this.latestId) return;
      const outcome: PlanOutcome = message.ok
        ? {
            ok: true,
            id: message.id,
            plan: message.plan,
            csv: message.csv,
            markdown: message.markdown,
            texts: message.texts,
            planMs: message.planMs,
          }
        : {
            ok: false,
            id: message.id,
            error: message.error,
            ...(message.issues ? { issues: message.issues } : {}),
            planMs: message.planMs,
          };
      this.latestOutcome = outcome;
      this.emit(outcome);
      return;
    }
    if (message.type === "exports") {
      this.pendingExports.get(message.id)?.({ csv: message.csv, markdown: message.markdown });
      this.pendingExports.delete(message.id);
      return;
    }
    if (message.type === "query") {
      const query = this.pendingQueries.get(message.id);
      this.pendingQueries.delete(message.id);
      if (message.ok) query?.resolve(message.result);
      else query?.reject(message.error);
      return;
    }
    const entry = this.explores.get(message.id);
    if (!entry) return;
    if (message.type === "explore-progress" || message.type === "solve-progress") {
      entry.onProgress?.(message.done, message.total);
      return;
    }
    this.explores.delete(message.id);
    if (message.ok) entry.resolve(message.result as never);
    else entry.reject(message.error);
  }
}

/** The page's planner client (its worker starts on demand; see `PlannerClient`). */
export const client = new PlannerClient();
