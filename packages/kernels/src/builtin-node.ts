/**
 * `@aifactory/kernels/builtin` as Node loads it: the same functions as `src/builtin.ts`, but each accelerator's
 * tables (about 1.5 MB of data) stay on disk, as data files in `dist/data/<accelerator id>/` (per kind of table, a
 * JSON list without the latencies and a file of float32 latencies; see `builtin-files.ts`), until a lookup needs them: a command reads only the kinds of table it looks up (a dense
 * training step: the GEMM and collective tables), on the accelerator it asked for, and decodes only the tables
 * it looks up, reading only those tables' latencies. Built-in tables are not validated at run time (the package's tests validate every one). Browser
 * bundlers take the `browser` condition (every table inlined) or, like the planner app, fetch JSON on demand.
 *
 * @packageDocumentation
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { type KernelTableKind, type KernelTablesMeta, lazyKernelTables, readKernelTableList } from "./builtin-files";
import { indexTrustedKernelTables, type KernelIndex } from "./kernel-index";
import type { KernelTables, KernelTablesInput } from "./kernel-tables";

// Resolved next to this module (dist/builtin.js or dist/builtin.cjs; tsup shims import.meta.url in CommonJS).
const DATA = new URL("./data/", import.meta.url);

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
export const BUILTIN_KERNEL_ACCELERATORS: readonly string[] = Object.freeze([
  "nvidia-a100-sxm-80gb",
  "nvidia-h100-sxm",
  "nvidia-h200-sxm",
  "nvidia-b200",
  "nvidia-gb200",
  "nvidia-b300",
  "nvidia-gb300",
]);

const raw = new Map<string, KernelTables>();
const indexed = new Map<string, KernelIndex>();

function readMeta(acceleratorId: string): KernelTablesMeta {
  return JSON.parse(readFileSync(new URL(`${acceleratorId}/meta.json`, DATA), "utf8")) as KernelTablesMeta;
}

/** Reads `length` bytes at `offset` of a file (one table's latencies: a lookup needs a few of hundreds). */
function readRange(file: URL, offset: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const fd = openSync(file, "r");
  try {
    let done = 0;
    while (done < length) {
      const read = readSync(fd, bytes, done, length - done, offset + done);
      if (read === 0) throw new Error(`${file.pathname}: ends before byte ${offset + length}`);
      done += read;
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

function readKind(acceleratorId: string, kind: KernelTableKind): unknown[] {
  // The header is ASCII (the build checks): latin1 is the same text, copied instead of decoded.
  const header = readFileSync(new URL(`${acceleratorId}/${kind}.json`, DATA), "latin1");
  const latencies = new URL(`${acceleratorId}/${kind}.bin`, DATA);
  return readKernelTableList(header, (offset, length) => readRange(latencies, offset, length));
}

function tablesOf(acceleratorId: string): KernelTables | undefined {
  let tables = raw.get(acceleratorId);
  if (tables === undefined) {
    if (!BUILTIN_KERNEL_ACCELERATORS.includes(acceleratorId)) return undefined;
    tables = lazyKernelTables(readMeta(acceleratorId), (kind: KernelTableKind) => readKind(acceleratorId, kind));
    raw.set(acceleratorId, tables);
  }
  return tables;
}

/**
 * The raw built-in tables of an accelerator (as stored: compact encoding), or undefined; each kind of table is
 * read on first access.
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
  return tablesOf(acceleratorId);
}

/**
 * The built-in tables of an accelerator, ready for lookups (cached: the tables are immutable data; each kind of
 * table is read on its first lookup, each table decoded on its first lookup), or undefined when none is built in.
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
  const tables = tablesOf(acceleratorId);
  if (tables === undefined) return undefined;
  const index = indexTrustedKernelTables(tables);
  indexed.set(acceleratorId, index);
  return index;
}
