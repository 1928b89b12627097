import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// The workspace packages are bundled from their TypeScript source (the `source` export condition), as in the
// tests, so the app always shows what the packages compute now, tree-shaken per module.
const conditions = ["source", "module", "browser", "import", "default"];

const DEFAULT_PLAN_ID = "virtual:default-plan";

/**
 * Plans the first built-in scenario at build time with `@aifactory/planner` (the built package), so the page can
 * show the default plan as soon as React mounts while the worker is still loading. The worker computes the same
 * plan with the same function; every later plan comes from the worker.
 */
function defaultPlan(): Plugin {
  return {
    name: "aifactory-default-plan",
    resolveId(id) {
      return id === DEFAULT_PLAN_ID ? `\0${DEFAULT_PLAN_ID}` : undefined;
    },
    async load(id) {
      if (id !== `\0${DEFAULT_PLAN_ID}`) return undefined;
      const { DEFAULT_SCENARIOS, getDefaultScenario, plan, planToCsv, planToMarkdown } = await import(
        "@aifactory/planner"
      );
      const scenario = getDefaultScenario(DEFAULT_SCENARIOS[0]!.id);
      const result = plan(scenario);
      const prebuilt = {
        key: JSON.stringify(scenario),
        plan: result,
        csv: planToCsv(result),
        markdown: planToMarkdown(result),
      };
      return `export default ${JSON.stringify(prebuilt)};`;
    },
  };
}

export default defineConfig({
  plugins: [react(), defaultPlan()],
  resolve: { conditions },
  worker: { format: "es" },
  build: { target: "es2022", sourcemap: false, chunkSizeWarningLimit: 1024 },
  preview: { host: "127.0.0.1" },
});
