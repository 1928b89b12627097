/**
 * `@aifactory/kernels/builtin`: the measured kernel tables shipped with the package, derived from NVIDIA
 * AIConfigurator's performance database (https://github.com/ai-dynamo/aiconfigurator, commit
 * 095f58a51c4ca8e61b66ec108d86f223f8d559ce, Apache-2.0) for A100, H100, H200, B200, GB200, B300 and GB300.
 * A separate entry point because the tables are large (about 1 MB per GPU): code that passes its own tables
 * or none does not load them.
 *
 * @packageDocumentation
 */

import { KERNEL_TABLE_KINDS, type KernelTablesMeta, lazyKernelTables } from "./builtin-files";
import { A100_SXM_KERNEL_TABLES } from "./data/a100-sxm";
import { B200_SXM_KERNEL_TABLES } from "./data/b200-sxm";
import { B300_SXM_KERNEL_TABLES } from "./data/b300-sxm";
import { GB200_KERNEL_TABLES } from "./data/gb200";
import { GB300_KERNEL_TABLES } from "./data/gb300";
import { H100_SXM_KERNEL_TABLES } from "./data/h100-sxm";
import { H200_SXM_KERNEL_TABLES } from "./data/h200-sxm";
import { indexTrustedKernelTables, type KernelIndex } from "./kernel-index";
import type { KernelTablesInput } from "./kernel-tables";

const BUILTIN: Readonly<Record<string, KernelTablesInput>> = Object.freeze({
  "nvidia-a100-sxm-80gb": A100_SXM_KERNEL_TABLES,
  "nvidia-h100-sxm": H100_SXM_KERNEL_TABLES,
  "nvidia-h200-sxm": H200_SXM_KERNEL_TABLES,
  "nvidia-b200": B200_SXM_KERNEL_TABLES,
  "nvidia-gb200": GB200_KERNEL_TABLES,
  "nvidia-b300": B300_SXM_KERNEL_TABLES,
  "nvidia-gb300": GB300_KERNEL_TABLES,
});

const indexed = new Map<string, KernelIndex>();

/**
 * Accelerator ids with built-in measured tables.
 *
 * @example
 * ```ts
 * import { BUILTIN_KERNEL_ACCELERATORS } from "@aifactory/kernels/builtin";
 * BUILTIN_KERNEL_ACCELERATORS.includes("nvidia-b200"); // true
 * ```
 * @since 0.1.0
 * @category Built-in tables
 */
export const BUILTIN_KERNEL_ACCELERATORS: readonly string[] = Object.freeze(Object.keys(BUILTIN));

/**
 * The raw built-in tables of an accelerator (as stored: compact encoding), or undefined.
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
  return BUILTIN[acceleratorId];
}

/**
 * The built-in tables of an accelerator, ready for lookups (cached: the tables are immutable data; each table is
 * decoded on its first lookup; not validated at run time: the package's tests validate every built-in set), or
 * undefined when none is built in.
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
  const tables = BUILTIN[acceleratorId];
  if (tables === undefined) return undefined;
  const meta: Record<string, unknown> = { ...tables };
  for (const kind of KERNEL_TABLE_KINDS) delete meta[kind];
  const index = indexTrustedKernelTables(lazyKernelTables(meta as KernelTablesMeta, (kind) => tables[kind] ?? []));
  indexed.set(acceleratorId, index);
  return index;
}
