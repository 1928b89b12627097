import type { ExploreResult, ExploreSpace, Plan, SolveRequest, SolveResult } from "@aifactory/planner";
import type { DeployFile, DeployPlan } from "./lib/deploy-export";
import type { ComparisonView, HardwareSourcesView, RooflineView } from "./lib/hardware-view";
import type { PlanTexts } from "./lib/plan-texts";
import type { SiteRun } from "./lib/site-view";
import type { ScenarioIssue } from "./lib/validate";

/** An error as it crosses the worker boundary (an `AifError`'s JSON form). */
export interface WorkerError {
  code: string;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
}

/**
 * The questions the page asks the plan worker besides plans, with their arguments and answers: the hardware
 * catalog's figures and sources and the launch scripts (the worker has the catalog, the emitters and zod; the
 * page's main thread loads none of them).
 */
export interface WorkerQueries {
  /** `rooflineView`: the accelerator's roofline in the workload's format. */
  roofline: { args: { accelerator: string; precision: unknown }; result: RooflineView };
  /** `comparisonView`: the catalog side by side in one format, the scenario's accelerator first. */
  comparison: { args: { currentId: string; dtype: string }; result: ComparisonView };
  /** `hardwareSourcesView`: the sources of the plan's accelerator and system. */
  sources: { args: { accelerator: string; system?: string }; result: HardwareSourcesView };
  /** `deployFiles`: the launch scripts of a plan's configuration. */
  deploy: { args: { plan: DeployPlan; scenarioId: string }; result: DeployFile[] };
  /** `designSite`: the Site form's input validated and designed, with each design's BOM as CSV. */
  site: { args: { input: unknown }; result: SiteRun };
}

/** The name of a query. */
export type QueryName = keyof WorkerQueries;

/** Messages to the planner worker. */
export type WorkerRequest =
  /** A plan; the worker validates the scenario (`scenarioSchema`) and answers an invalid one with its issues. */
  | { type: "plan"; id: number; scenario: unknown }
  | { type: "explore"; id: number; space: ExploreSpace }
  /** Goal seeking (`solve`): run in the design-space worker, with progress per accelerator type. */
  | { type: "solve"; id: number; request: SolveRequest }
  /** The CSV and Markdown of a plan computed elsewhere (the build-time default plan: kept out of the bundle). */
  | { type: "exports"; id: number; plan: Plan }
  | { [Q in QueryName]: { type: "query"; id: number; query: Q; args: WorkerQueries[Q]["args"] } }[QueryName];

/** Messages from the planner worker. */
export type WorkerResponse =
  | {
      /** Sent once after the warm-up; times are absolute (`timeOrigin + now()`), for the page's timeline. */
      type: "boot";
      evaluatedAt: number;
      warmUpStartedAt: number;
      warmUpEndedAt: number;
    }
  | {
      type: "plan";
      id: number;
      ok: true;
      plan: Plan;
      csv: string;
      markdown: string;
      texts: PlanTexts;
      /** Time in the worker: plan, exports and texts, ms. */
      planMs: number;
    }
  | {
      type: "plan";
      id: number;
      ok: false;
      error: WorkerError;
      /** The scenario's issues by path, when it is not a valid scenario (`scenarioSchema.safeParse`). */
      issues?: ScenarioIssue[];
      planMs: number;
    }
  | { type: "exports"; id: number; csv: string; markdown: string }
  | { type: "explore-progress"; id: number; done: number; total: number }
  | { type: "explore"; id: number; ok: true; result: ExploreResult }
  | { type: "explore"; id: number; ok: false; error: WorkerError }
  /** `solve`'s progress: accelerator types done of those asked for. */
  | { type: "solve-progress"; id: number; done: number; total: number }
  | { type: "solve"; id: number; ok: true; result: SolveResult }
  | { type: "solve"; id: number; ok: false; error: WorkerError }
  | { type: "query"; id: number; ok: true; result: unknown }
  | { type: "query"; id: number; ok: false; error: WorkerError };

/** The name of the worker that runs design-space sweeps and goal seeking (it skips the warm-up plan). */
export const EXPLORE_WORKER_NAME = "planner-explore";
