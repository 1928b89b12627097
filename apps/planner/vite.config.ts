import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { planTexts } from "./src/lib/plan-texts.ts";
import type { StartupData } from "./src/startup-data.ts";

// The workspace packages are bundled from their TypeScript source (the `source` export condition), as in the
// tests, so the app always shows what the packages compute now, tree-shaken per module.
const conditions = ["source", "module", "browser", "import", "default"];

const STARTUP_ID = "virtual:planner-startup";

/**
 * Computes at build time, with the packages' own functions (`@aifactory/planner`, `@aifactory/hardware`,
 * `@aifactory/core`, the built packages), everything the page needs for its first screen: the scenario's JSON
 * Schema that drives the editor (`toJsonSchema(scenarioSchema)`), the built-in scenarios, the catalog names the
 * editor suggests, and the plan of the first built-in scenario with its CSV, Markdown and formatted headline
 * figures. The page then shows the default plan without loading zod, the catalogs or the models on its main
 * thread; the worker computes every later plan with the same functions.
 */
function startupData(): Plugin {
  return {
    name: "aifactory-planner-startup",
    resolveId(id) {
      return id === STARTUP_ID ? `\0${STARTUP_ID}` : undefined;
    },
    async load(id) {
      if (id !== `\0${STARTUP_ID}`) return undefined;
      const planner = await import("@aifactory/planner");
      const { listAccelerators, listSystems } = await import("@aifactory/hardware");
      const { toJsonSchema } = await import("@aifactory/core");
      const defaults = planner.DEFAULT_SCENARIOS.map((scenario) => ({
        id: scenario.id,
        name: scenario.name,
        scenario: planner.getDefaultScenario(scenario.id),
      }));
      const first = defaults[0];
      if (!first) throw new Error("@aifactory/planner has no built-in scenarios");
      const plan = planner.plan(first.scenario);
      const data: StartupData = {
        // The same document as `plannerJsonSchemas()["scenario.schema.json"]` without its $id and title.
        scenarioJsonSchema: toJsonSchema(planner.scenarioSchema) as StartupData["scenarioJsonSchema"],
        defaults,
        suggestions: {
          accelerator: listAccelerators().map((entry) => ({ value: entry.id, label: entry.name })),
          system: listSystems().map((entry) => ({ value: entry.id, label: entry.name })),
        },
        prebuilt: {
          key: JSON.stringify(first.scenario),
          plan,
          csv: planner.planToCsv(plan),
          markdown: planner.planToMarkdown(plan),
          texts: planTexts(plan, planner.formatMetric),
        },
      };
      // JSON.parse of a string literal parses faster than the same object as a JavaScript literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});`;
    },
  };
}

export default defineConfig({
  plugins: [react(), startupData()],
  resolve: { conditions },
  worker: { format: "es" },
  build: { target: "es2022", sourcemap: false, chunkSizeWarningLimit: 1024 },
  preview: { host: "127.0.0.1" },
});
