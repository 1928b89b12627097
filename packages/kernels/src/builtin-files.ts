/**
 * How the built-in tables are stored for Node: one directory per accelerator under `dist/data/`, holding
 * `meta.json` (everything but the table lists: ids, device, source) and one `<kind>.json` per kind of table, so
 * that a command reads only the kinds it looks up, with `JSON.parse` (far cheaper than compiling a JavaScript
 * module of the same data). Written by `tsup.config.ts` from `src/data/*.ts`. No runtime dependencies: the build
 * config imports this module.
 */
import type { KernelTables, KernelTablesInput } from "./kernel-tables";

/**
 * The kinds of kernel table a set holds (the list fields of {@link KernelTables}), in their field order.
 *
 * @internal
 */
export const KERNEL_TABLE_KINDS = Object.freeze([
  "gemm",
  "moe",
  "contextAttention",
  "generationAttention",
  "mla",
  "deepEp",
  "collectives",
] as const);

/**
 * A kind of kernel table. See {@link KERNEL_TABLE_KINDS}.
 *
 * @internal
 */
export type KernelTableKind = (typeof KERNEL_TABLE_KINDS)[number];

/** A table set without its lists. */
export type KernelTablesMeta = Omit<KernelTables, KernelTableKind>;

/**
 * Splits a table set into its data files: `meta` and one entry per kind (an empty list when the set has none).
 *
 * @param tables - one accelerator's table set
 * @returns file name (without `.json`) -> content
 * @internal
 */
export function kernelTableFiles(tables: KernelTablesInput): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  const lists = new Set<string>(KERNEL_TABLE_KINDS);
  for (const [key, value] of Object.entries(tables)) if (!lists.has(key)) meta[key] = value;
  const files: Record<string, unknown> = { meta };
  for (const kind of KERNEL_TABLE_KINDS) files[kind] = tables[kind] ?? [];
  return files;
}

/**
 * Tables whose lists are read by `read(kind)` on first access and kept. The lists are own enumerable getters,
 * so `JSON.stringify`, spreading and `Object.keys` see the same fields, in the same order, as a plain set.
 *
 * @param meta - the set without its lists
 * @param read - loads one kind's list
 * @returns the table set
 * @internal
 */
export function lazyKernelTables(meta: KernelTablesMeta, read: (kind: KernelTableKind) => unknown): KernelTables {
  const tables = { ...meta } as KernelTables;
  for (const kind of KERNEL_TABLE_KINDS) {
    let list: unknown;
    Object.defineProperty(tables, kind, {
      enumerable: true,
      configurable: true,
      get() {
        if (list === undefined) list = read(kind) ?? [];
        return list;
      },
    });
  }
  return tables;
}
