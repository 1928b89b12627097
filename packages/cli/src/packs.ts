import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { AifError, InvalidInputError } from "@aifactory/core";
import { type Accelerator, BUILT_IN_ACCELERATORS } from "@aifactory/hardware";
import type { FactoryCatalog } from "@aifactory/planner";
import type { Architecture } from "@aifactory/workloads";
import { readDataFile } from "./options";

/** Whether a `--pack` value names a file (a path, or a name with a data-file extension) rather than a package. */
function looksLikeFile(spec: string, cwd: string): boolean {
  return (
    /\.(json|ya?ml)$/i.test(spec) ||
    spec.startsWith(".") ||
    isAbsolute(spec) ||
    (existsSync(resolve(cwd, spec)) && !spec.startsWith("@"))
  );
}

/**
 * Reads one pack named by `--pack`: a JSON or YAML file (relative to `cwd`), or an installed package resolved with
 * Node's resolver from `cwd` whose main file is the pack's JSON or a module whose default export is the pack.
 *
 * @param spec - a file path or a package name
 * @param cwd - where relative paths and packages are resolved from
 * @returns the pack's data (validated by the caller)
 * @throws InvalidInputError naming `--pack` when neither a file nor a package of that name exists
 * @example
 * ```ts
 * // not run in tests: reads a file
 * import { readPack } from "./packs";
 * await readPack("my-pack.json", process.cwd());
 * ```
 * @since 0.10.0
 * @category CLI
 */
export async function readPack(spec: string, cwd: string): Promise<unknown> {
  if (looksLikeFile(spec, cwd)) return readDataFile(resolve(cwd, spec), "pack");
  let resolved: string;
  try {
    resolved = createRequire(join(cwd, "package.json")).resolve(spec);
  } catch {
    throw new InvalidInputError("option --pack", [
      {
        path: "--pack",
        message: `no file or installed package named "${spec}"`,
        received: spec,
        hint: "give a pack file (my-pack.json) or a package installed in this folder (npm install <package>)",
      },
    ]);
  }
  if (/\.(json|ya?ml)$/i.test(resolved)) return readDataFile(resolved, `pack ${spec}`);
  try {
    const module = (await import(pathToFileURL(resolved).href)) as { default?: unknown };
    return module.default ?? module;
  } catch (cause) {
    throw new AifError("INVALID_INPUT", `pack ${spec}: could not load ${resolved}: ${(cause as Error).message}`, {
      hint: "a pack package's main file must be the pack's JSON or a module whose default export is the pack",
      cause,
    });
  }
}

/**
 * Loads every `--pack` in order into one catalog (the built-in catalogs plus the packs). A bad pack is an
 * InvalidInputError naming the file or package and every problem's dotted path.
 *
 * @param specs - the `--pack` values, in order
 * @param cwd - where relative paths and packages are resolved from (default: the current directory)
 * @returns the catalog
 * @throws InvalidInputError for a missing or invalid pack
 * @example
 * ```ts
 * // not run in tests: reads files
 * import { loadPackCatalog } from "./packs";
 * (await loadPackCatalog(["my-pack.json"])).packs;
 * ```
 * @since 0.10.0
 * @category CLI
 */
export async function loadPackCatalog(specs: readonly string[], cwd = process.cwd()): Promise<FactoryCatalog> {
  const packs = [];
  for (const spec of specs) packs.push(await readPack(spec, cwd));
  const { createFactoryCatalog } = await import("@aifactory/planner");
  return createFactoryCatalog(packs, { labels: specs.map((spec) => `pack ${spec}`) });
}

/**
 * The accelerator a pack adds under `id`, if any (built-in ids are left to the packages' own lookups).
 *
 * @param catalog - the catalog of `--pack`, if any
 * @param id - an accelerator id
 * @returns the pack's entry, or undefined
 * @example
 * ```ts
 * import { packAccelerator } from "./packs";
 * packAccelerator(undefined, "nvidia-h100-sxm"); // undefined
 * ```
 * @since 0.10.0
 * @category CLI
 */
export function packAccelerator(catalog: FactoryCatalog | undefined, id: string): Accelerator | undefined {
  return catalog?.hardware.accelerators.find((entry) => entry.id === id && !BUILT_IN_ACCELERATORS.includes(entry));
}

/**
 * The architecture a pack adds under `id`, if any.
 *
 * @param catalog - the catalog of `--pack`, if any
 * @param id - an architecture id
 * @returns the pack's architecture, or undefined
 * @example
 * ```ts
 * import { packArchitecture } from "./packs";
 * packArchitecture(undefined, "llama-3.1-8b"); // undefined
 * ```
 * @since 0.10.0
 * @category CLI
 */
export function packArchitecture(catalog: FactoryCatalog | undefined, id: string): Architecture | undefined {
  return catalog?.architectures.find((entry) => entry.id === id);
}
