import type { ExploreResult, ExploreSpace, Plan } from "@aifactory/planner";
import type { PlanTexts } from "./lib/plan-texts";

/** An error as it crosses the worker boundary (an `AifError`'s JSON form). */
export interface WorkerError {
  code: string;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
}

/** Messages to the planner worker. */
export type WorkerRequest =
  | { type: "plan"; id: number; scenario: unknown }
  | { type: "explore"; id: number; space: ExploreSpace }
  /** The CSV and Markdown of a plan computed elsewhere (the build-time default plan: kept out of the bundle). */
  | { type: "exports"; id: number; plan: Plan };

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
  | { type: "plan"; id: number; ok: false; error: WorkerError; planMs: number }
  | { type: "exports"; id: number; csv: string; markdown: string }
  | { type: "explore-progress"; id: number; done: number; total: number }
  | { type: "explore"; id: number; ok: true; result: ExploreResult }
  | { type: "explore"; id: number; ok: false; error: WorkerError };

/** The name of the worker that runs design-space sweeps (it skips the warm-up plan). */
export const EXPLORE_WORKER_NAME = "planner-explore";
