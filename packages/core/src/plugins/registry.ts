import type { z } from "zod";
import { AifError } from "../errors/aif-error";
import { ConflictError } from "../errors/conflict-error";
import { type InputProblem, InvalidInputError } from "../errors/invalid-input-error";
import { NotFoundError } from "../errors/not-found-error";
import { closestMatches } from "../text/closest";
import { definePlugin, type Plugin } from "./define-plugin";
import type { ExtensionKind } from "./extension-kind";

/**
 * Any extension kind, whatever its key and schema.
 *
 * @since 0.1.0
 * @category Plugins
 */
export type AnyExtensionKind = ExtensionKind<string, z.ZodType>;
type AnyKind = AnyExtensionKind;
type KindByKey<Kinds extends readonly AnyKind[], Key extends string> = Extract<Kinds[number], { key: Key }>;
type EntryOf<Kinds extends readonly AnyKind[], Key extends string> = z.output<KindByKey<Kinds, Key>["schema"]>;

/**
 * A registry of plugin contributions, typed by its extension kinds.
 *
 * @since 0.1.0
 * @category Plugins
 */
export interface Registry<Kinds extends readonly AnyExtensionKind[]> {
  /**
   * Registers a plugin: validates every entry of every contribution, rejects unknown contribution keys and
   * duplicate ids (naming both origins), and commits all or nothing.
   */
  use(plugin: Plugin): Registry<Kinds>;
  /** The entry with this id, or a {@link NotFoundError} suggesting the nearest ids. */
  get<Key extends Kinds[number]["key"]>(key: Key, id: string): EntryOf<Kinds, Key>;
  /** The entry with this id, or `undefined`. */
  find<Key extends Kinds[number]["key"]>(key: Key, id: string): EntryOf<Kinds, Key> | undefined;
  /** Every entry of a kind, in registration order. */
  list<Key extends Kinds[number]["key"]>(key: Key): Array<EntryOf<Kinds, Key>>;
  /** Every id of a kind, in registration order. */
  ids(key: Kinds[number]["key"]): string[];
  /** Which plugin (`name@version`) registered an entry. */
  originOf(key: Kinds[number]["key"], id: string): string | undefined;
  /** The registered plugins as `name@version`. */
  plugins(): string[];
  /** The keys of the kinds this registry accepts. */
  kinds(): Array<Kinds[number]["key"]>;
}

interface StoredEntry {
  entry: unknown;
  origin: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Creates an empty registry that accepts the given extension kinds. Registration is explicit: nothing is
 * added on import. Built-in catalogs are registered like any other plugin.
 *
 * @param options - `kinds`: the extension kinds this registry accepts
 * @returns a registry
 * @throws AifError when two kinds share a key
 * @example
 * ```ts
 * import { z } from "zod";
 * import { createRegistry, defineExtensionKind, definePlugin } from "@aifactory/core";
 * const colorKind = defineExtensionKind({
 *   key: "colors",
 *   label: "color",
 *   schema: z.object({ id: z.string(), hex: z.string() }),
 * });
 * const registry = createRegistry({ kinds: [colorKind] }).use(
 *   definePlugin({ name: "palette", version: "1.0.0", colors: [{ id: "red", hex: "#f00" }] }),
 * );
 * registry.get("colors", "red").hex; // "#f00"
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function createRegistry<const Kinds extends readonly AnyExtensionKind[]>(options: {
  kinds: Kinds;
}): Registry<Kinds> {
  const kindsByKey = new Map<string, AnyKind>();
  for (const kind of options.kinds) {
    if (kindsByKey.has(kind.key)) {
      throw new AifError("INVALID_CONFIGURATION", `two extension kinds use the key "${kind.key}"`, {
        hint: "give every extension kind its own key",
      });
    }
    kindsByKey.set(kind.key, kind);
  }
  const stores = new Map<string, Map<string, StoredEntry>>();
  for (const key of kindsByKey.keys()) stores.set(key, new Map());
  const registered: string[] = [];

  function requireKind(key: string): AnyKind {
    const kind = kindsByKey.get(key);
    if (!kind) throw new NotFoundError("extension kind", key, kindsByKey.keys());
    return kind;
  }

  function idOf(kind: AnyKind, entry: unknown): string {
    if (kind.idOf) return kind.idOf(entry);
    const id = (entry as { id?: unknown }).id;
    return typeof id === "string" ? id : String(id);
  }

  const registry: Registry<Kinds> = {
    use(plugin) {
      const checked = definePlugin(plugin);
      const origin = `${checked.name}@${checked.version}`;
      if (registered.some((name) => name.startsWith(`${checked.name}@`))) {
        throw new ConflictError(`plugin "${checked.name}" is already registered (${origin})`, {
          hint: "register each plugin once",
        });
      }
      const problems: InputProblem[] = [];
      const additions: Array<{ key: string; id: string; entry: unknown }> = [];
      const collect = (key: string, value: unknown, path: string) => {
        const kind = kindsByKey.get(key);
        if (!kind) {
          const suggestions = closestMatches(key, kindsByKey.keys());
          problems.push({
            path,
            message: `unknown contribution "${key}"`,
            hint:
              suggestions.length > 0
                ? `did you mean ${suggestions.map((s) => `"${s}"`).join(" or ")}?`
                : `this registry accepts: ${[...kindsByKey.keys()].join(", ")}`,
          });
          return;
        }
        if (!Array.isArray(value)) {
          problems.push({ path, message: `must be an array of ${kind.label} entries`, received: value });
          return;
        }
        value.forEach((raw, index) => {
          const result = kind.schema.safeParse(raw);
          if (!result.success) {
            const nested = InvalidInputError.fromZod(kind.label, result.error, raw);
            for (const problem of nested.problems) {
              problems.push({ ...problem, path: `${path}[${index}]${problem.path ? `.${problem.path}` : ""}` });
            }
            return;
          }
          additions.push({ key, id: idOf(kind, result.data), entry: result.data });
        });
      };
      for (const [field, value] of Object.entries(checked)) {
        if (field === "name" || field === "version" || field === "description" || value === undefined) continue;
        if (Array.isArray(value) || kindsByKey.has(field)) {
          collect(field, value, field);
        } else if (isPlainObject(value)) {
          for (const [sub, subValue] of Object.entries(value)) {
            if (subValue === undefined) continue;
            collect(`${field}.${sub}`, subValue, `${field}.${sub}`);
          }
        } else {
          collect(field, value, field);
        }
      }
      if (problems.length > 0) {
        throw new InvalidInputError(`plugin "${origin}"`, problems);
      }
      const seen = new Map<string, true>();
      for (const { key, id } of additions) {
        const kind = requireKind(key);
        const existing = stores.get(key)!.get(id);
        if (existing) {
          throw new ConflictError(
            `duplicate ${kind.label} id "${id}": registered by "${existing.origin}" and again by "${origin}"`,
            { hint: `rename the ${kind.label} in one of the plugins (ids are global per kind)`, details: { key, id } },
          );
        }
        const seenKey = `${key}\u0000${id}`;
        if (seen.has(seenKey)) {
          throw new ConflictError(`duplicate ${kind.label} id "${id}" twice within "${origin}"`, {
            hint: `give each ${kind.label} of the plugin its own id`,
            details: { key, id },
          });
        }
        seen.set(seenKey, true);
      }
      for (const { key, id, entry } of additions) stores.get(key)!.set(id, { entry, origin });
      registered.push(origin);
      return registry;
    },
    get(key, id) {
      const kind = requireKind(key);
      const stored = stores.get(key)!.get(id);
      if (!stored) throw new NotFoundError(kind.label, id, stores.get(key)!.keys());
      return stored.entry as never;
    },
    find(key, id) {
      requireKind(key);
      return stores.get(key)!.get(id)?.entry as never;
    },
    list(key) {
      requireKind(key);
      return [...stores.get(key)!.values()].map((stored) => stored.entry) as never;
    },
    ids(key) {
      requireKind(key);
      return [...stores.get(key)!.keys()];
    },
    originOf(key, id) {
      requireKind(key);
      return stores.get(key)!.get(id)?.origin;
    },
    plugins() {
      return [...registered];
    },
    kinds() {
      return [...kindsByKey.keys()];
    },
  };
  return registry;
}
