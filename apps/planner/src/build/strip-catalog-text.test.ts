import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { describe, expect, it } from "vitest";
import { catalogOutputs } from "./catalog-outputs";
import { STRIPPED_CATALOG_FIELDS, stripCatalogText, stripFields, strippedCatalog } from "./strip-catalog-text";

const packages = fileURLToPath(new URL("../../../../packages/", import.meta.url));

/** Timings: the only figures that differ from one run to the next. */
function withoutTimings(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, entry) => (key === "elapsedMs" ? 0 : entry)));
}

describe("stripCatalogText", () => {
  it("drops the listed literal fields, and their commas, from object literals only", () => {
    const code = 'export const X = [{ id: "a", notes: ["n, 1"], n: 1 }, { id: "b", sources: [S], notes: [] }];';
    const { code: out, count } = stripFields("x.ts", code, ["notes"]);
    expect(count).toBe(2);
    expect(out).toBe('export const X = [{ id: "a",  n: 1 }, { id: "b", sources: [S], }];');
  });

  it("strips something from every listed catalog, which exists", () => {
    for (const [catalog, fields] of Object.entries(STRIPPED_CATALOG_FIELDS)) {
      const file = `${packages}${catalog}`;
      expect(strippedCatalog(file)).toBe(catalog);
      for (const field of fields) {
        expect(stripFields(file, readFileSync(file, "utf8"), [field]).count, `${catalog} ${field}`).toBeGreaterThan(0);
      }
    }
  });

  it("drops zod descriptions with a literal argument, and nothing else", () => {
    const code =
      'const a = z.number().describe("x").min(1).describe(`y`); const b = s.describe(name); f.describe?.("z");';
    const { code: out, count } = stripFields("x.ts", code, [], true);
    expect(count).toBe(2);
    expect(out).toBe('const a = z.number().min(1); const b = s.describe(name); f.describe?.("z");');
  });

  it("changes nothing the worker computes: plans, exports, site designs, hardware views", async () => {
    // This process has the packages as they are; a Vite SSR server with the plugin has them as the worker's
    // bundle has them.
    const full = withoutTimings(catalogOutputs()) as Record<string, unknown>;
    const conditions = ["source", "module", "node", "import", "default"];
    const server = await createServer({
      configFile: false,
      logLevel: "error",
      root: fileURLToPath(new URL("../..", import.meta.url)),
      plugins: [stripCatalogText()],
      resolve: { conditions },
      ssr: { resolve: { conditions, externalConditions: ["source"] } },
      server: { middlewareMode: true, hmr: false, watch: null },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    let stripped: Record<string, unknown>;
    try {
      const module = (await server.ssrLoadModule(
        "/src/build/catalog-outputs.ts",
      )) as typeof import("./catalog-outputs");
      stripped = withoutTimings(module.catalogOutputs()) as Record<string, unknown>;
      // The stripping happened: no catalog notes, no descriptions.
      const hardware = (await server.ssrLoadModule("@aifactory/hardware")) as typeof import("@aifactory/hardware");
      expect(hardware.listAccelerators().filter((entry) => entry.notes)).toEqual([]);
      expect(hardware.acceleratorSchema.shape.notes.description).toBeUndefined();
    } finally {
      await server.close();
    }
    expect(Object.keys(stripped).sort()).toEqual(Object.keys(full).sort());
    const differing = Object.keys(full).filter((key) => JSON.stringify(stripped[key]) !== JSON.stringify(full[key]));
    expect(differing).toEqual([]);
    // The outputs cover plans that fail as well as plans that succeed.
    const results = Object.values(full).filter((value) => (value as { error?: string }).error === undefined);
    expect(results.length).toBeGreaterThan(100);
  }, 300_000);
});
