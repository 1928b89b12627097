import prebuilt from "virtual:default-plan";
import { PlannerClient } from "./planner-client";

/**
 * The page's planner worker, started as soon as the entry module runs: the worker loads and warms up while the
 * main thread is still loading React and the editor. When the page opens on the default scenario, the plan that
 * `@aifactory/planner` computed for it at build time is shown first.
 */
export const client = new PlannerClient();
if (window.location.hash === "") client.seed(prebuilt.key, prebuilt);
