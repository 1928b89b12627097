// Build-time stand-ins for modules that a dependency imports but that the app never runs, so that they weigh
// nothing on the app's JavaScript budget. Each stand-in exports the original's names as functions that throw
// (the `create*Method` factories return such a function): a call the app was thought never to make fails loudly.
//
// - zod 4's JSON Schema converter (`toJSONSchema`, `~standard.jsonSchema`, one processor per schema type): its
//   classic schemas reference it, so it is bundled wherever zod is (about 5 KB gzip). The worker validates with
//   zod but never converts a schema (the editor's and the Site form's JSON Schemas are computed at build time,
//   see vite.config.ts); the page's main thread bundles no zod.
// - d3-time and d3-time-format (about 3 KB gzip): d3-scale imports them for its time scales (`scaleTime`,
//   `scaleUtc`), which recharts builds only for an axis with `scale="time"` or `"utc"`; the app's charts have
//   number, category and log axes only.
import { readFileSync } from "node:fs";
import type { Plugin } from "vite";

/** The modules replaced in the worker's bundle (by the end of their resolved path). */
export const WORKER_STAND_INS = ["/zod/v4/core/to-json-schema.js", "/zod/v4/core/json-schema-processors.js"];
/** The modules replaced in the page's bundle. */
export const PAGE_STAND_INS = ["/d3-time/dist/d3-time.mjs", "/d3-time-format/dist/d3-time-format.mjs"];

const PREFIX = "\0stand-in:";

/** The names a module exports (`export const|function|class name`, `export { a as b }`). */
export function exportedNames(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(/export\s+(?:const|let|var|function\*?|async\s+function|class)\s+([\w$]+)/g)) {
    if (match[1]) names.add(match[1]);
  }
  for (const match of code.matchAll(/export\s*\{([^}]*)\}(?!\s*from)/g)) {
    for (const part of (match[1] ?? "").split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name) names.add(name);
    }
  }
  return [...names];
}

/** The stand-in of a module: every export of the original is a function that throws (or returns one that does). */
export function standIn(path: string, code: string): string {
  const name = path.replace(/.*\/node_modules\//, "");
  const lines = [
    "const unavailable = () => {",
    `  throw new Error(${JSON.stringify(`${name} is not bundled in the planner app (src/build/stand-ins.ts)`)});`,
    "};",
  ];
  for (const exported of exportedNames(code)) {
    if (exported === "default") continue;
    lines.push(
      `export const ${exported} = ${/^create\w*Method$/.test(exported) ? "() => unavailable" : "unavailable"};`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The plugin: replaces the modules whose resolved path ends with one of `ends`.
 *
 * @param ends - e.g. `WORKER_STAND_INS`
 */
export function standIns(ends: readonly string[]): Plugin {
  return {
    name: "aifactory-stand-ins",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (!ends.some((end) => end.includes(source.replace(/^.*\//, "").replace(/\.m?js$/, "")))) return undefined;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const path = resolved?.id.replaceAll("\\", "/");
      return path && ends.some((end) => path.endsWith(end)) ? `${PREFIX}${path}` : undefined;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const path = id.slice(PREFIX.length);
      return standIn(path, readFileSync(path, "utf8"));
    },
  };
}
