import { PlannerClient } from "./planner-client";

/**
 * The page's planner worker, started as soon as the entry module runs: the worker loads and warms up while the
 * main thread is still loading React and the editor.
 */
export const client = new PlannerClient();
