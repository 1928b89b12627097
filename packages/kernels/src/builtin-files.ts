/**
 * How the built-in tables are stored for Node: one directory per accelerator under `dist/data/`, holding
 * `meta.json` (everything but the table lists: ids, device, source) and, per kind of table, `<kind>.json` (the
 * tables without their latencies, each distinct axis written once) and `<kind>.bin` (every table's log2 latencies as little-endian float32; see
 * {@link kernelTableDataFiles}), so that a command reads only the kinds it looks up and, of their latencies, only
 * the tables it looks up, as typed arrays: no per-number parsing, and a table's grid is a native float32 ->
 * float64 copy instead of a base64 decode and a loop per value (which a cold start runs in the interpreter: 5-10
 * ms per GEMM table). Float32 holds every log2-u16 code exactly, so lookups see the same numbers and the raw
 * tables encode to the same text. Written by `tsup.config.ts` from `src/data/*.ts`. No runtime dependencies
 * beyond the latency encoding: the build config imports this module.
 */
import { decodeLog2Latencies, encodeLog2Latencies } from "./encoding";
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

/**
 * The loader of the log2 latencies of each table read by {@link readKernelTableList}, by its `latencyUs` object:
 * the index copies them instead of decoding base64. (A module's own map: a table read by another copy of the
 * package decodes its text, with the same numbers.)
 */
const LOADERS = new WeakMap<object, () => Float32Array>();

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The log2 latencies of a table read by {@link readKernelTableList} (read from its data file now if they were
 * not yet), or undefined for any other value.
 *
 * @param latencyUs - a table's `latencyUs`
 * @returns log2(latency in microseconds) per point, NaN where nothing was measured
 * @internal
 */
export function binaryLog2Latencies(latencyUs: unknown): Float32Array | undefined {
  if (typeof latencyUs !== "object" || latencyUs === null) return undefined;
  return LOADERS.get(latencyUs)?.();
}

/**
 * `latencyUs` of a table read by {@link readKernelTableList}: `{ encoding, data }` like the stored form, its
 * base64 text made on first access to `data` (which only the raw-table API and serialisation need). An object
 * literal with a getter: far cheaper to make than `Object.defineProperty`, for hundreds of tables per kind.
 */
function encodedLatencies(load: () => Float32Array): { encoding: "log2-u16-base64"; data: string } {
  let data: string | undefined;
  const latencies = {
    encoding: "log2-u16-base64" as const,
    get data(): string {
      if (data === undefined) data = encodeLog2Latencies(load());
      return data;
    },
  };
  LOADERS.set(latencies, load);
  return latencies;
}

/** Float32 values of little-endian bytes: a view where the platform and alignment allow, a copy otherwise. */
function float32Of(bytes: Uint8Array): Float32Array {
  const count = bytes.byteLength >> 2;
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getFloat32(4 * i, true);
  return values;
}

/** A list of numbers: a table's axis (the latencies aside). */
function isAxis(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === "number");
}

/**
 * One kind's data files: `header`, JSON text `{ axisFields, axes, tables }` (the list with each encoded
 * `latencyUs` replaced by its number of points, and each axis, a field listed in `axisFields` whose value is a
 * list of numbers, by its index in `axes`: hundreds of attention tables share a few axes), and `latencies`,
 * every encoded table's log2 latencies as little-endian float32, in list order. Plain number lists of latencies
 * stay in the header.
 *
 * @param list - the tables of one kind, as stored
 * @returns the two files' contents
 * @throws Error when a decoded value is not exactly a float32 (it always is for log2-u16 codes), or when the
 *   header is not ASCII (the reader decodes it as latin1)
 * @example
 * ```ts
 * import { encodeLatencies } from "@aifactory/kernels";
 * import { kernelTableDataFiles } from "./builtin-files";
 * const list = [{ dtype: "bf16", k: [1, 2], latencyUs: { encoding: "log2-u16-base64", data: encodeLatencies([3, 5]) } }];
 * kernelTableDataFiles(list).latencies.byteLength; // 8
 * ```
 * @internal
 */
export function kernelTableDataFiles(list: readonly unknown[]): { header: string; latencies: Uint8Array } {
  const records = list as readonly Record<string, unknown>[];
  // A field is an axis when every table that has it holds a list of numbers there.
  const axisFields = [...new Set(records.flatMap((table) => Object.keys(table)))].filter(
    (field) => field !== "latencyUs" && records.every((table) => !(field in table) || isAxis(table[field])),
  );
  const axes: number[][] = [];
  const axisIndex = new Map<string, number>();
  const chunks: Float64Array[] = [];
  const tables = records.map((table) => {
    const out: Record<string, unknown> = { ...table };
    for (const field of axisFields) {
      if (!(field in table)) continue;
      const key = JSON.stringify(table[field]);
      let index = axisIndex.get(key);
      if (index === undefined) {
        index = axes.length;
        axes.push(table[field] as number[]);
        axisIndex.set(key, index);
      }
      out[field] = index;
    }
    const latencyUs = table.latencyUs;
    if (typeof latencyUs === "object" && latencyUs !== null && !Array.isArray(latencyUs)) {
      const values = decodeLog2Latencies((latencyUs as { data: string }).data);
      chunks.push(values);
      out.latencyUs = values.length;
    }
    return out;
  });
  const header = JSON.stringify({ axisFields, axes, tables });
  if (!/^[\x20-\x7e]*$/.test(header)) throw new Error("a kernel table header must be printable ASCII");
  const latencies = new Uint8Array(4 * chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  const view = new DataView(latencies.buffer);
  let at = 0;
  for (const chunk of chunks) {
    for (const value of chunk) {
      if (!Number.isNaN(value) && Math.fround(value) !== value) throw new Error(`${value} is not exact as float32`);
      view.setFloat32(at, value, true);
      at += 4;
    }
  }
  return { header, latencies };
}

/**
 * Reads one kind's tables from the files {@link kernelTableDataFiles} wrote: the list as stored (tables with the
 * same axis share one frozen list), each encoded `latencyUs` as `{ encoding, data }`; a table's latencies are read (`readLatencies`) when a lookup first needs
 * them or its `data` is first read, and kept.
 *
 * @param header - the header file's text
 * @param readLatencies - reads `lengthBytes` bytes at `offsetBytes` of the latencies file
 * @returns the tables of one kind
 * @example
 * ```ts
 * import { encodeLatencies } from "@aifactory/kernels";
 * import { kernelTableDataFiles, readKernelTableList } from "./builtin-files";
 * const list = [{ dtype: "bf16", k: [1, 2], latencyUs: { encoding: "log2-u16-base64", data: encodeLatencies([3, 5]) } }];
 * const files = kernelTableDataFiles(list);
 * const read = readKernelTableList(files.header, (at, length) => files.latencies.subarray(at, at + length));
 * JSON.stringify(read) === JSON.stringify(list); // true
 * ```
 * @internal
 */
export function readKernelTableList(
  header: string,
  readLatencies: (offsetBytes: number, lengthBytes: number) => Uint8Array,
): unknown[] {
  const {
    axisFields,
    axes,
    tables: list,
  } = JSON.parse(header) as {
    axisFields: string[];
    axes: number[][];
    tables: Record<string, unknown>[];
  };
  // Tables share their axes (immutable data, like every built-in table; frozen so that no caller can change
  // one table's axis through another).
  for (const axis of axes) Object.freeze(axis);
  let offset = 0;
  for (const table of list) {
    for (const field of axisFields) {
      const index = table[field];
      if (typeof index === "number") table[field] = axes[index];
    }
    const points = table.latencyUs;
    if (typeof points !== "number") continue;
    const at = offset;
    let values: Float32Array | undefined;
    table.latencyUs = encodedLatencies(() => {
      if (values === undefined) {
        values = float32Of(readLatencies(4 * at, 4 * points));
        if (values.length !== points) throw new Error(`kernel latencies: read ${values.length} of ${points} points`);
      }
      return values;
    });
    offset += points;
  }
  return list;
}
