/**
 * `@aifactory/kernels/builtin` as Node loads it: the same functions as `src/builtin.ts`, but each accelerator's
 * tables (about 1 MB of data) are required from `dist/data/<file>.cjs` on first use instead of being parsed when
 * the entry is imported, so a command that never prices a kernel on a given GPU never reads its tables. Browser
 * bundlers take the `browser` condition (every table inlined) or, like the planner app, fetch JSON on demand.
 *
 * @packageDocumentation
 */
import { createRequire } from "node:module";
import type { KernelTablesInput } from "./kernel-tables";
import { indexKernelTables, type KernelIndex } from "./lookup";

/** Accelerator id -> [data file, exported constant]. */
const FILES: Readonly<Record<string, readonly [string, string]>> = Object.freeze({
  "nvidia-a100-sxm-80gb": ["a100-sxm", "A100_SXM_KERNEL_TABLES"],
  "nvidia-h100-sxm": ["h100-sxm", "H100_SXM_KERNEL_TABLES"],
  "nvidia-h200-sxm": ["h200-sxm", "H200_SXM_KERNEL_TABLES"],
  "nvidia-b200": ["b200-sxm", "B200_SXM_KERNEL_TABLES"],
  "nvidia-gb200": ["gb200", "GB200_KERNEL_TABLES"],
  "nvidia-b300": ["b300-sxm", "B300_SXM_KERNEL_TABLES"],
  "nvidia-gb300": ["gb300", "GB300_KERNEL_TABLES"],
});

// Resolved next to this module (dist/builtin.js or dist/builtin.cjs; tsup shims import.meta.url in CommonJS).
const load = createRequire(import.meta.url) as (path: string) => Record<string, KernelTablesInput>;

const raw = new Map<string, KernelTablesInput>();
const indexed = new Map<string, KernelIndex>();

/**
 * Accelerator ids with built-in measured tables.
 *
 * @example
 * ```ts
 * import { BUILTIN_KERNEL_ACCELERATORS } from "@aifactory/kernels/builtin";
 * BUILTIN_KERNEL_ACCELERATORS.includes("nvidia-h100-sxm"); // true
 * ```
 * @since 0.1.0
 * @category Built-in tables
 */
export const BUILTIN_KERNEL_ACCELERATORS: readonly string[] = Object.freeze(Object.keys(FILES));

/**
 * The raw built-in tables of an accelerator (as stored: compact encoding), or undefined; read on first use.
 *
 * @param acceleratorId - catalog id
 * @returns the table set, or undefined when none is built in
 * @example
 * ```ts
 * import { builtinKernelTables } from "@aifactory/kernels/builtin";
 * builtinKernelTables("nvidia-h100-sxm")?.source.license; // "Apache-2.0"
 * ```
 * @since 0.1.0
 * @category Built-in tables
 */
export function builtinKernelTables(acceleratorId: string): KernelTablesInput | undefined {
  const cached = raw.get(acceleratorId);
  if (cached !== undefined) return cached;
  const file = FILES[acceleratorId];
  if (file === undefined) return undefined;
  const tables = load(`./data/${file[0]}.cjs`)[file[1]];
  if (tables !== undefined) raw.set(acceleratorId, tables);
  return tables;
}

/**
 * The decoded built-in tables of an accelerator, ready for lookups (read and decoded once on first use, then
 * cached: the tables are immutable data), or undefined when none is built in.
 *
 * @param acceleratorId - catalog id
 * @returns the index, or undefined
 * @example
 * ```ts
 * import { builtinKernelIndex } from "@aifactory/kernels/builtin";
 * builtinKernelIndex("nvidia-b200")?.gemm.has("nvfp4"); // true
 * ```
 * @since 0.1.0
 * @category Built-in tables
 */
export function builtinKernelIndex(acceleratorId: string): KernelIndex | undefined {
  const cached = indexed.get(acceleratorId);
  if (cached !== undefined) return cached;
  const tables = builtinKernelTables(acceleratorId);
  if (tables === undefined) return undefined;
  const index = indexKernelTables(tables);
  indexed.set(acceleratorId, index);
  return index;
}
