// A build-time transform for the planner worker's bundle: it drops from the packages' source the text that the
// worker never reads and the app never shows from it (the catalogs' `notes`, the zod schemas' descriptions), so
// that it weighs nothing on the app's JavaScript budget. The numbers are untouched: strip-catalog-text.test.ts
// plans every built-in scenario (and each with every catalog accelerator and system), designs sites, explores
// and builds the hardware views with and without the transform and compares the results, and the exports made
// of them, whole. The CLI and the library keep everything.
import { type Plugin, parseSync } from "vite";

/**
 * The catalog modules (by path under `packages/`) and the fields dropped from their object literals. Only a field
 * whose value is a literal (array, string) is dropped. The `notes` of these catalogs are read by no computation
 * (the CLI prints them); the page shows only the accelerators' notes, which it fetches from a JSON file the build
 * emits (vite.config.ts, `acceleratorNotes`). Their `sources` stay: the models quote them in assumptions, and the
 * catalogs' schemas require them.
 */
export const STRIPPED_CATALOG_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "economics/src/supply/bill-of-materials.ts": ["notes"],
  "energy/src/data/grid-regions.ts": ["notes"],
  "energy/src/site/cooling-technology.ts": ["notes"],
  "energy/src/site/power-distribution.ts": ["notes"],
  "hardware/src/data/accelerators.ts": ["notes"],
  "hardware/src/data/fabric-switches.ts": ["notes"],
  "hardware/src/data/fabrics.ts": ["notes"],
  "hardware/src/data/link-media.ts": ["notes"],
  "hardware/src/data/scale-up-domains.ts": ["notes"],
  "hardware/src/data/storage-tiers.ts": ["notes"],
  "hardware/src/data/systems.ts": ["notes"],
  "hardware/src/site/power-caps.ts": ["notes"],
  "workloads/src/data/training-calibration.ts": ["notes"],
};

type Node = { type: string; start: number; end: number; [key: string]: unknown };

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as Node).type === "string";
}

/** A string literal, or a template literal without substitutions. */
function isStringLiteral(node: Node | undefined): boolean {
  if (node?.type === "Literal") return typeof node.value === "string";
  return node?.type === "TemplateLiteral" && (node.expressions as unknown[]).length === 0;
}

/**
 * The ranges of `code` to delete: each listed property whose value is a literal, with its trailing comma, and
 * (`descriptions`) each `.describe("literal")` call, which only attaches a description to a zod schema.
 */
function strippedRanges(
  code: string,
  program: Node,
  fields: ReadonlySet<string>,
  descriptions: boolean,
): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isNode(node)) return;
    if (descriptions && node.type === "CallExpression") {
      const callee = node.callee as Node;
      const property = callee.property as Node | undefined;
      const args = node.arguments as Node[];
      if (
        callee.type === "MemberExpression" &&
        !callee.computed &&
        !callee.optional &&
        !node.optional &&
        property?.type === "Identifier" &&
        property.name === "describe" &&
        args.length === 1 &&
        isStringLiteral(args[0])
      ) {
        const object = callee.object as Node;
        ranges.push([object.end, node.end]);
        visit(object);
        return;
      }
    }
    if (node.type === "ObjectExpression") {
      for (const property of node.properties as Node[]) {
        const key = property.key as Node | undefined;
        const value = property.value as Node | undefined;
        const name = key?.type === "Identifier" ? (key.name as string) : key?.type === "Literal" ? key.value : "";
        const literal =
          value?.type === "ArrayExpression" || value?.type === "Literal" || value?.type === "TemplateLiteral";
        if (property.type === "Property" && !property.computed && fields.has(String(name)) && literal) {
          let end = property.end;
          while (/\s/.test(code[end] ?? "")) end++;
          if (code[end] === ",") end++;
          ranges.push([property.start, end]);
        } else {
          visit(property);
        }
      }
      return;
    }
    for (const [key, value] of Object.entries(node)) if (key !== "type") visit(value);
  };
  visit(program);
  return ranges;
}

/**
 * Drops `fields` from the object literals of a module's source, and with `descriptions` its zod schemas'
 * `.describe("…")` calls.
 *
 * @param id - the module's file name (its extension picks the parser's language)
 * @param code - its source
 * @param fields - the property names to drop
 * @param descriptions - whether to drop `.describe` calls with a literal argument
 * @returns the source without them, and how many were dropped
 */
export function stripFields(
  id: string,
  code: string,
  fields: readonly string[],
  descriptions = false,
): { code: string; count: number } {
  const parsed = parseSync(id, code, { lang: id.endsWith(".tsx") ? "tsx" : "ts", sourceType: "module" });
  if (parsed.errors.length > 0) throw new Error(`${id}: ${parsed.errors[0]?.message}`);
  const ranges = strippedRanges(code, parsed.program as unknown as Node, new Set(fields), descriptions);
  let out = "";
  let at = 0;
  for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
    out += code.slice(at, start);
    at = end;
  }
  return { code: out + code.slice(at), count: ranges.length };
}

/** The catalog module `id` names (a path under `packages/`), if it is listed. */
export function strippedCatalog(id: string): string | undefined {
  const path = id.replaceAll("\\", "/").split("?")[0] ?? "";
  return Object.keys(STRIPPED_CATALOG_FIELDS).find((suffix) => path.endsWith(`/packages/${suffix}`));
}

/** Whether `id` is a package's source module (`packages/<name>/src/…`, not a test). */
export function isPackageSource(id: string): boolean {
  const path = id.replaceAll("\\", "/").split("?")[0] ?? "";
  return /\/packages\/[^/]+\/src\/.*\.tsx?$/.test(path) && !/\.test(-d)?\.tsx?$/.test(path);
}

/**
 * The Vite plugin: applies `stripFields` to the listed catalog modules and drops the zod schemas' descriptions
 * from every package's source. The worker validates with zod but never reads a description: the JSON Schemas
 * that show them (the editor's, the Site form's) are computed at build time from the built packages
 * (vite.config.ts), and zod's issues do not quote them.
 */
export function stripCatalogText(): Plugin {
  return {
    name: "aifactory-strip-catalog-text",
    enforce: "pre",
    transform(code, id) {
      if (!isPackageSource(id) || !/\bnotes\b|\bdescribe\(/.test(code)) return undefined;
      const catalog = strippedCatalog(id);
      const fields = catalog ? (STRIPPED_CATALOG_FIELDS[catalog] ?? []) : [];
      const result = stripFields(id, code, fields, true);
      if (catalog && stripFields(id, code, fields).count === 0) {
        this.warn(`${catalog}: none of ${fields.join(", ")} to strip`);
      }
      return result.count > 0 ? { code: result.code, map: null } : undefined;
    },
  };
}
