import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportedNames, PAGE_STAND_INS, standIn, WORKER_STAND_INS } from "./stand-ins";

const require = createRequire(import.meta.url);

/** The file of a stand-in's module (`/<package>/<path>`), the package found as `importer` (a file) finds it. */
function fileOf(end: string, importer: string): string {
  const pkg = end.split("/")[1] ?? "";
  const entry = require.resolve(pkg, { paths: [dirname(importer)] });
  const root = entry.slice(0, entry.lastIndexOf(`/node_modules/${pkg}/`) + `/node_modules/${pkg}`.length);
  return join(root, end.slice(`/${pkg}`.length));
}

/** The names `code` imports from a module whose specifier matches `specifier`, and whether it imports it whole. */
function importedNames(code: string, specifier: RegExp): { names: string[]; namespace: boolean } {
  const names: string[] = [];
  let namespace = false;
  for (const match of code.matchAll(/import\s+(\*\s+as\s+[\w$]+|\{[^}]*\})\s+from\s+["']([^"']+)["']/g)) {
    if (!specifier.test(match[2] ?? "")) continue;
    if (match[1]?.startsWith("*")) namespace = true;
    else
      names.push(
        ...(match[1] ?? "")
          .slice(1, -1)
          .split(",")
          .map((part) => part.trim().split(/\s+as\s+/)[0] ?? "")
          .filter(Boolean),
      );
  }
  return { names, namespace };
}

describe("stand-ins", () => {
  it("export every name of the modules they replace, as functions that throw", async () => {
    const zodRoot = dirname(require.resolve("zod/package.json"));
    const d3Scale = require.resolve("d3-scale", { paths: [dirname(require.resolve("recharts"))] });
    for (const end of [...WORKER_STAND_INS, ...PAGE_STAND_INS]) {
      const file = end.startsWith("/zod/") ? join(zodRoot, end.slice("/zod".length)) : fileOf(end, d3Scale);
      const code = readFileSync(file, "utf8");
      const names = exportedNames(code);
      expect(names.length, end).toBeGreaterThan(5);
      const module = await import(`data:text/javascript,${encodeURIComponent(standIn(file, code))}`);
      expect(Object.keys(module).sort()).toEqual(names.filter((name) => name !== "default").sort());
      const [first] = names;
      expect(() => (module[first!] as () => unknown)()).toThrow(/is not bundled in the planner app/);
    }
  });

  it("cover what d3-scale imports from d3-time and d3-time-format", () => {
    const d3Scale = require.resolve("d3-scale", { paths: [dirname(require.resolve("recharts"))] });
    const code = readFileSync(d3Scale, "utf8");
    for (const end of PAGE_STAND_INS) {
      const pkg = end.split("/")[1] ?? "";
      const { names } = importedNames(code, new RegExp(`^${pkg}$`));
      expect(names.length, pkg).toBeGreaterThan(0);
      expect(exportedNames(readFileSync(fileOf(end, d3Scale), "utf8"))).toEqual(expect.arrayContaining(names));
    }
  });
});
