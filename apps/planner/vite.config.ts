import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { ACCELERATOR_NOTES_FILE } from "./src/accelerator-notes-browser.ts";
import { PAGE_STAND_INS, standIns, WORKER_STAND_INS } from "./src/build/stand-ins.ts";
import { stripCatalogText } from "./src/build/strip-catalog-text.ts";
import type { BuiltinAcceleratorNotes } from "./src/lib/hardware-view.ts";
import { planTexts } from "./src/lib/plan-texts.ts";
import type { SiteFormData } from "./src/lib/site-view.ts";
import type { StartupData } from "./src/startup-data.ts";

// The workspace packages are bundled from their TypeScript source (the `source` export condition), as in the
// tests, so the app always shows what the packages compute now, tree-shaken per module.
const conditions = ["source", "module", "browser", "import", "default"];

const STARTUP_ID = "virtual:planner-startup";

/**
 * The scenario's JSON Schema as the editor needs it: a measured kernel table set (the `kernels` field's object
 * form, a large schema of its own) is edited as JSON, so its inner schema is left out of the page's entry chunk;
 * so are the keywords the editor never reads (bounds, patterns: the validator reports them). Validation still uses
 * the planner's full `scenarioSchema`.
 */
const EDITOR_UNUSED = new Set([
  "$schema",
  "additionalProperties",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "pattern",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
]);

function editorSchema(schema: unknown): unknown {
  // `names`: the node is a `properties` map, whose keys are field names, not keywords.
  const strip = (node: unknown, names = false): unknown => {
    if (Array.isArray(node)) return node.map((item) => strip(item));
    if (typeof node !== "object" || node === null) return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => names || !EDITOR_UNUSED.has(key))
        .map(([key, value]) => [key, strip(value, !names && key === "properties")]),
    );
  };
  const root = strip(schema) as { properties?: Record<string, { anyOf?: Array<Record<string, unknown>> }> };
  const kernels = root.properties?.kernels;
  if (kernels?.anyOf) {
    kernels.anyOf = kernels.anyOf.map((option) =>
      option.type === "object"
        ? { type: "object", description: "a kernel table set (JSON) from aif bench kernels" }
        : option,
    );
  }
  return root;
}

/**
 * Computes at build time, with the packages' own functions (`@aifactory/planner`, `@aifactory/hardware`,
 * `@aifactory/core`, `@aifactory/workloads`, `@aifactory/energy`, the built packages), everything the page needs
 * for its first screen: the scenario's JSON Schema that drives the editor (`toJsonSchema(scenarioSchema)`), the
 * built-in scenarios, the catalog names the editor suggests, and the plan of the first built-in scenario with its
 * CSV, Markdown and formatted headline figures. The page then shows the default plan without loading zod, the
 * catalogs or the models on its main thread; the worker computes every later plan with the same functions.
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
      const { listArchitectures } = await import("@aifactory/workloads");
      // The grid regions' catalog (a build-time dependency only: nothing of it is bundled but the ids and names).
      const { listGridRegions } = await import("@aifactory/energy");
      const defaults = planner.DEFAULT_SCENARIOS.map((scenario) => ({
        id: scenario.id,
        name: scenario.name,
        scenario: planner.getDefaultScenario(scenario.id),
      }));
      const first = defaults[0];
      if (!first) throw new Error("@aifactory/planner has no built-in scenarios");
      const plan = planner.plan(first.scenario);
      const data: StartupData = {
        // `plannerJsonSchemas()["scenario.schema.json"]` without its $id and title, compacted (editorSchema).
        scenarioJsonSchema: editorSchema(toJsonSchema(planner.scenarioSchema)) as StartupData["scenarioJsonSchema"],
        defaults,
        suggestions: {
          accelerator: listAccelerators().map((entry) => ({ value: entry.id, label: entry.name })),
          system: listSystems().map((entry) => ({ value: entry.id, label: entry.name })),
          model: listArchitectures().map((entry) => ({
            value: entry.id,
            ...(entry.name ? { label: entry.name } : {}),
          })),
          region: listGridRegions().map((entry) => ({ value: entry.id, label: entry.name })),
        },
        prebuilt: {
          key: JSON.stringify(first.scenario),
          plan,
          texts: planTexts(plan),
        },
      };
      // JSON.parse of a string literal parses faster than the same object as a JavaScript literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});`;
    },
  };
}

const SITE_FORM_ID = "virtual:site-form";

/**
 * What the Site mode's form needs, computed at build time by the packages and imported only by the lazily
 * loaded Site panel: the JSON Schema of `@aifactory/planner`'s `siteDesignInputSchema` (labels, choices and
 * defaults of the form), its default candidates (`DEFAULT_SITE_CANDIDATES`) and the cooling technologies' names
 * (`listCoolingTechnologies`), without the network, storage and economics options. Its workload variants (serving, pretraining) are the scenario's own, whose JSON
 * Schema the page has already (startup data): they are checked equal here and left out (`workloadKinds` names
 * them); so are the candidates' default (`defaultCandidates`) and the systems (the startup data's suggestions).
 * The page's main thread loads no zod or catalog for it; the worker validates the input and designs the site.
 */
function siteFormData(): Plugin {
  return {
    name: "aifactory-site-form",
    resolveId(id) {
      return id === SITE_FORM_ID ? `\0${SITE_FORM_ID}` : undefined;
    },
    async load(id) {
      if (id !== `\0${SITE_FORM_ID}`) return undefined;
      const planner = await import("@aifactory/planner");
      const { toJsonSchema } = await import("@aifactory/core");
      const { listCoolingTechnologies } = await import("@aifactory/energy");
      type Node = { properties?: Record<string, Node>; oneOf?: Node[]; default?: unknown; const?: unknown };
      const schema = editorSchema(toJsonSchema(planner.siteDesignInputSchema)) as Node;
      const scenario = editorSchema(toJsonSchema(planner.scenarioSchema)) as Node;
      const properties = { ...schema.properties };
      const kindOf = (variant: Node) => String(variant.properties?.kind?.const);
      const variants = properties.workload?.oneOf ?? [];
      for (const variant of variants) {
        const same = scenario.properties?.workload?.oneOf?.find((option) => kindOf(option) === kindOf(variant));
        if (JSON.stringify(same) !== JSON.stringify(variant)) {
          throw new Error(
            `the site's ${kindOf(variant)} workload schema is not the scenario's: the Site form needs it`,
          );
        }
      }
      delete properties.workload;
      const { default: _candidates, ...candidates } = properties.candidates ?? {};
      properties.candidates = candidates;
      // The network, storage and economics options keep their defaults in the form: their schemas (a switch or a
      // storage node given as an object among them) would weigh on the app's JavaScript budget for options few
      // users set in a browser. The library and the CLI take them. The storage's KV offload (a serving site's
      // retained contexts) stays: a few numbers and a list of tiers.
      type StorageNode = Node & { required?: string[] };
      const kvOffload = (properties.storage as StorageNode | undefined)?.properties?.kvOffload;
      delete properties.network;
      delete properties.storage;
      delete properties.economics;
      if (kvOffload !== undefined) {
        properties.storage = { type: "object", properties: { kvOffload } } as Node;
      }
      const data: SiteFormData = {
        jsonSchema: { ...schema, properties } as SiteFormData["jsonSchema"],
        workloadKinds: variants.map(kindOf),
        defaultCandidates: planner.DEFAULT_SITE_CANDIDATES.map((candidate) => ({ ...candidate })),
        cooling: listCoolingTechnologies().map((entry) => ({ value: entry.id, label: entry.name })),
      };
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});`;
    },
  };
}

const KERNELS_ID = "virtual:kernel-tables";

/**
 * The measured kernel tables of `@aifactory/kernels/builtin` as JSON files (`kernels/<id>.json`, emitted at build
 * time and served by the dev server), plus a manifest module listing them. In the bundle the builtin entry point
 * is replaced by `src/kernels-builtin-browser.ts`, which fetches a GPU's tables when a scenario names it: the
 * data stays out of the JavaScript (and its size budget) and loads only when needed.
 */
function kernelTables(emit: boolean): Plugin {
  let base = "/";
  const files = async () => {
    const builtin = await import("@aifactory/kernels/builtin");
    return builtin.BUILTIN_KERNEL_ACCELERATORS.map((id) => ({
      id,
      json: JSON.stringify(builtin.builtinKernelTables(id)),
    }));
  };
  return {
    name: "aifactory-kernel-tables",
    configResolved(config) {
      base = config.base;
    },
    resolveId(id) {
      return id === KERNELS_ID ? `\0${KERNELS_ID}` : undefined;
    },
    async load(id) {
      if (id !== `\0${KERNELS_ID}`) return undefined;
      const builtin = await import("@aifactory/kernels/builtin");
      return `export default ${JSON.stringify({ ids: builtin.BUILTIN_KERNEL_ACCELERATORS, base })};`;
    },
    async generateBundle() {
      if (!emit) return; // the worker bundle reads the manifest; the page's bundle emits the files once
      for (const file of await files()) {
        this.emitFile({ type: "asset", fileName: `kernels/${file.id}.json`, source: file.json });
      }
    },
    configureServer(server) {
      server.middlewares.use(async (request, response, next) => {
        const match = /\/kernels\/([a-z0-9-]+)\.json$/.exec(request.url ?? "");
        const file = match ? (await files()).find((f) => f.id === match[1]) : undefined;
        if (!file) return next();
        response.setHeader("content-type", "application/json");
        response.end(file.json);
      });
    },
  };
}

/**
 * The built-in accelerators' notes as a JSON file (`hardware/accelerator-notes.json`, emitted at build time and
 * served by the dev server), from `@aifactory/hardware`'s catalog (the built package). The worker's bundle leaves
 * the catalogs' notes out (`stripCatalogText`): the assumptions panel, the only place that shows them, has the
 * worker fetch this file (src/accelerator-notes-browser.ts).
 */
function acceleratorNotes(): Plugin {
  const json = async () => {
    const { listAccelerators } = await import("@aifactory/hardware");
    const notes: BuiltinAcceleratorNotes = {};
    for (const entry of listAccelerators()) {
      if (entry.notes?.length) notes[entry.id] = { name: entry.name, notes: [...entry.notes] };
    }
    return JSON.stringify(notes);
  };
  return {
    name: "aifactory-accelerator-notes",
    async generateBundle() {
      this.emitFile({ type: "asset", fileName: ACCELERATOR_NOTES_FILE, source: await json() });
    },
    configureServer(server) {
      server.middlewares.use(async (request, response, next) => {
        if (!(request.url ?? "").split("?")[0]?.endsWith(`/${ACCELERATOR_NOTES_FILE}`)) return next();
        response.setHeader("content-type", "application/json");
        response.end(await json());
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), standIns(PAGE_STAND_INS), startupData(), siteFormData(), kernelTables(true), acceleratorNotes()],
  resolve: {
    conditions,
    alias: {
      "@aifactory/kernels/builtin": fileURLToPath(new URL("./src/kernels-builtin-browser.ts", import.meta.url)),
    },
  },
  // The worker's bundle: the catalogs without the text fields it never reads or shows, zod without its JSON Schema
  // converter; the page's: no d3 time scales (see src/build/).
  worker: { format: "es", plugins: () => [kernelTables(false), stripCatalogText(), standIns(WORKER_STAND_INS)] },
  build: { target: "es2022", sourcemap: false, chunkSizeWarningLimit: 1024 },
  preview: { host: "127.0.0.1" },
});
