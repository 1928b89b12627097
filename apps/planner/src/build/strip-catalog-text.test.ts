import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { catalogOutputs } from "./catalog-outputs";
import { STRIPPED_CATALOG_FIELDS, stripFields, strippedCatalog } from "./strip-catalog-text";

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

  it("changes nothing the worker computes: plans, exports, site designs, hardware views", () => {
    // This process has the stripped catalogs (vitest.config.ts); a plain Node process has the packages' own.
    const stripped = withoutTimings(catalogOutputs()) as Record<string, unknown>;
    const script = `const m = await import(${JSON.stringify(new URL("./catalog-outputs.ts", import.meta.url).href)});
      process.stdout.write(JSON.stringify(m.catalogOutputs()));`;
    const full = withoutTimings(
      JSON.parse(
        execFileSync(
          process.execPath,
          ["--conditions=source", "--import", "tsx", "--input-type=module", "--eval", script],
          { encoding: "utf8", maxBuffer: 1 << 30, cwd: fileURLToPath(new URL("../..", import.meta.url)) },
        ),
      ),
    ) as Record<string, unknown>;
    expect(Object.keys(stripped).sort()).toEqual(Object.keys(full).sort());
    const differing = Object.keys(full).filter((key) => JSON.stringify(stripped[key]) !== JSON.stringify(full[key]));
    expect(differing).toEqual([]);
    // The outputs cover plans that fail as well as plans that succeed.
    expect(
      Object.values(full).filter((value) => (value as { error?: string }).error === undefined).length,
    ).toBeGreaterThan(100);
  }, 300_000);
});
