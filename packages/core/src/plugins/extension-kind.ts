import type { z } from "zod";

/**
 * An extension point of the registry: a key under which plugins contribute entries, the zod schema every
 * entry is validated with on registration, and how to read an entry's id.
 *
 * Packages define their kinds (`@aifactory/hardware` defines `hardware.accelerators`, ...); `core` knows none.
 *
 * @since 0.1.0
 * @category Plugins
 */
export interface ExtensionKind<Key extends string = string, Schema extends z.ZodType = z.ZodType> {
  /** Where entries sit in a plugin: `"architectures"`, or `"group.name"` for `plugin.group.name`. */
  readonly key: Key;
  /** What one entry is called in messages, e.g. `"accelerator"`. */
  readonly label: string;
  /** Validates (and may transform) each entry. */
  readonly schema: Schema;
  /** Reads an entry's id (default: its `id` field). */
  readonly idOf?: (entry: z.output<Schema>) => string;
}

/**
 * Declares an extension kind with full type inference of its entries.
 *
 * @param kind - the key, label, schema and optional id reader
 * @returns the same kind, typed
 * @example
 * ```ts
 * import { z } from "zod";
 * import { defineExtensionKind } from "@aifactory/core";
 * const colorKind = defineExtensionKind({
 *   key: "colors",
 *   label: "color",
 *   schema: z.object({ id: z.string(), hex: z.string() }),
 * });
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function defineExtensionKind<const Key extends string, Schema extends z.ZodType>(
  kind: ExtensionKind<Key, Schema>,
): ExtensionKind<Key, Schema> {
  return kind;
}
