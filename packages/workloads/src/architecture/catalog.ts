import { NotFoundError, parseInput } from "@aifactory/core";
import { BUILT_IN_ARCHITECTURES, type BuiltInArchitectureId } from "../data/architectures";
import { SERVING_ARCHITECTURES, type ServingArchitectureId } from "../data/serving-architectures";
import { type Architecture, type ArchitectureInput, architectureSchema } from "./architecture";

/**
 * Ids of the built-in architectures (read from the catalog data: `BuiltInArchitectureId`, `ServingArchitectureId`),
 * plus any string (files and plugins add more).
 *
 * @example
 * ```ts
 * import { type ArchitectureId } from "@aifactory/workloads";
 * const id: ArchitectureId = "deepseek-v3";
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export type ArchitectureId = BuiltInArchitectureId | ServingArchitectureId | (string & {});

/** The built-in entries as written, by id (validated one by one, on first use: a command needs one or two). */
let entries: Map<string, ArchitectureInput> | undefined;
const parsed = new Map<string, Architecture>();

function builtIn(): Map<string, ArchitectureInput> {
  if (entries === undefined) {
    entries = new Map();
    // One catalog for training, serving, RL and agents: the core shapes and those first added for serving.
    for (const entry of [...BUILT_IN_ARCHITECTURES, ...SERVING_ARCHITECTURES]) entries.set(entry.id, entry);
  }
  return entries;
}

/** A built-in architecture, validated (defaults applied) on its first use, or undefined for an unknown id. */
function parsedEntry(id: string): Architecture | undefined {
  let found = parsed.get(id);
  if (found === undefined) {
    const entry = builtIn().get(id);
    if (entry === undefined) return undefined;
    found = parseInput(architectureSchema, entry, `architecture ${entry.id}`);
    parsed.set(id, found);
  }
  return found;
}

/**
 * Lists the built-in architectures (validated, defaults applied), in catalog order.
 *
 * @returns every built-in architecture
 * @example
 * ```ts
 * import { listArchitectures } from "@aifactory/workloads";
 * listArchitectures().map((a) => a.id).includes("deepseek-v3"); // true
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export function listArchitectures(): Architecture[] {
  return [...builtIn().keys()].map((id) => parsedEntry(id) as Architecture);
}

/**
 * Looks up a built-in architecture by id.
 *
 * @param id - an architecture id such as `"llama-3.1-405b"`
 * @returns the architecture
 * @throws NotFoundError naming the nearest known ids
 * @example
 * ```ts
 * import { getArchitecture } from "@aifactory/workloads";
 * getArchitecture("llama-3.1-405b").layers; // 126
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export function getArchitecture(id: ArchitectureId): Architecture {
  const found = parsedEntry(id);
  if (found === undefined) throw new NotFoundError("architecture", id, builtIn().keys());
  return found;
}

/**
 * Resolves an architecture given as an id or as data (a user's file): ids are looked up, data is validated.
 *
 * @param value - an id or an architecture object
 * @returns the validated architecture
 * @throws NotFoundError for an unknown id; InvalidInputError listing every bad field of an object
 * @example
 * ```ts
 * import { resolveArchitecture } from "@aifactory/workloads";
 * resolveArchitecture("mixtral-8x7b").moe?.experts; // 8
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export function resolveArchitecture(value: ArchitectureId | ArchitectureInput | Architecture): Architecture {
  if (typeof value === "string") return getArchitecture(value);
  return parseInput(architectureSchema, value, "architecture");
}
