import { AifError, assertFiniteResult, InvalidInputError } from "@aifactory/core";
import { z } from "zod";

/**
 * The `--query-gpu` fields used for a GPU inventory.
 *
 * @example
 * ```ts
 * import { NVIDIA_SMI_INVENTORY_FIELDS } from "@aifactory/bench";
 * const args = [`--query-gpu=${NVIDIA_SMI_INVENTORY_FIELDS.join(",")}`, "--format=csv,noheader,nounits"];
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export const NVIDIA_SMI_INVENTORY_FIELDS = [
  "index",
  "name",
  "uuid",
  "driver_version",
  "pci.bus_id",
  "memory.total",
  "clocks.max.sm",
  "clocks.max.memory",
  "power.limit",
] as const;

/**
 * The `--query-gpu` fields sampled by the telemetry sampler. `power.draw.instant` is not used because older
 * drivers lack it; on Ampere and newer `power.draw` is a one-second average, so energy over windows shorter than
 * a few seconds is approximate.
 *
 * @example
 * ```ts
 * import { NVIDIA_SMI_TELEMETRY_FIELDS } from "@aifactory/bench";
 * NVIDIA_SMI_TELEMETRY_FIELDS.includes("power.draw"); // true
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export const NVIDIA_SMI_TELEMETRY_FIELDS = [
  "timestamp",
  "index",
  "power.draw",
  "clocks.sm",
  "clocks.mem",
  "temperature.gpu",
  "utilization.gpu",
  "utilization.memory",
  "clocks_throttle_reasons.active",
] as const;

/**
 * One parsed CSV row of nvidia-smi: values keyed by the query field (or header) name; numbers without their
 * unit, `null` for `[N/A]` / `[Not Supported]`.
 *
 * @example
 * ```ts
 * import { type NvidiaSmiRow, parseNvidiaSmiCsv } from "@aifactory/bench";
 * const rows: NvidiaSmiRow[] = parseNvidiaSmiCsv("index, power.draw [W]\n0, 208.36 W\n");
 * rows[0]?.["power.draw"]; // 208.36
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export type NvidiaSmiRow = Record<string, string | number | null>;

/** A Map, not an object literal: a header named `constructor` or `__proto__` must not find Object's members. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ["clocks.current.sm", "clocks.sm"],
  ["clocks.current.memory", "clocks.mem"],
  ["clocks.current.graphics", "clocks.gr"],
  ["clocks.max.sm", "clocks.max.sm"],
  ["clocks.max.memory", "clocks.max.memory"],
  ["clocks_event_reasons.active", "clocks_throttle_reasons.active"],
]);

function normaliseHeader(header: string): string {
  // Drop a trailing " [unit]" without a regular expression that backtracks over long white-space runs.
  const trimmed = header.trim();
  const bracket = trimmed.endsWith("]") ? trimmed.lastIndexOf("[") : -1;
  const name = (bracket >= 0 ? trimmed.slice(0, bracket) : trimmed).trim();
  return ALIASES.get(name) ?? name;
}

/** Columns kept as text, never read as numbers. */
const TEXT_COLUMNS = new Set(["name", "timestamp", "driver_version", "uuid", "pci.bus_id"]);

function parseCell(raw: string): string | number | null {
  const value = raw.trim();
  if (
    value === "" ||
    /^\[(N\/A|Not Supported|Unknown Error|Insufficient Permissions)\]$/i.test(value) ||
    value === "N/A"
  ) {
    return null;
  }
  const withUnit = /^(-?\d+(?:\.\d+)?)\s*(W|MHz|MiB|GiB|%|C|KiB)?$/.exec(value);
  if (withUnit?.[1] !== undefined) return Number(withUnit[1]);
  return value;
}

/**
 * Parses `nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits]` output. With a header line the column
 * names come from it (aliases like `clocks.current.sm` are mapped back to `clocks.sm`); without one pass
 * `fields`, the query list in order.
 *
 * @param text - the CSV output
 * @param fields - the query fields when the output has no header
 * @returns one row per line
 * @throws InvalidInput-like AifError `INVALID_INPUT` when a line has the wrong number of columns
 * @example
 * ```ts
 * import { parseNvidiaSmiCsv } from "@aifactory/bench";
 * parseNvidiaSmiCsv("index, power.draw [W]\n0, 208.36 W\n"); // [{ index: 0, "power.draw": 208.36 }]
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export function parseNvidiaSmiCsv(text: string, fields?: readonly string[]): NvidiaSmiRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length === 0) return [];
  let columns: string[];
  let start = 0;
  const first = lines[0] as string;
  // Word-boundary anchored: linear on a long line without "." (an unanchored [a-z_]+ backtracks quadratically).
  const looksLikeHeader = /\b[a-z_]+\.[a-z_]|^index|^name|^timestamp/i.test(first) && !/^\s*\d/.test(first);
  if (fields === undefined || looksLikeHeader) {
    if (!looksLikeHeader) {
      throw new AifError("INVALID_INPUT", "nvidia-smi CSV has no header line and no field list was given", {
        hint: "pass the --query-gpu fields in order, or keep the header (omit noheader)",
      });
    }
    columns = first.split(",").map(normaliseHeader);
    start = 1;
  } else {
    columns = fields.map((field) => ALIASES.get(field) ?? field);
  }
  const rows: NvidiaSmiRow[] = [];
  for (let i = start; i < lines.length; i += 1) {
    const cells = (lines[i] as string).split(",");
    if (cells.length !== columns.length) {
      throw new AifError(
        "INVALID_INPUT",
        `nvidia-smi CSV line ${i + 1} has ${cells.length} columns, expected ${columns.length}`,
        { hint: "the field list must match the --query-gpu order", details: { line: lines[i] } },
      );
    }
    // Object.fromEntries defines own properties: a column named "__proto__" stays a column.
    const row: NvidiaSmiRow = Object.fromEntries(
      columns.map((column, index) => {
        const cell = cells[index] as string;
        if (TEXT_COLUMNS.has(column)) return [column, cell.trim()];
        const value = parseCell(cell);
        if (typeof value === "number" && !Number.isFinite(value)) {
          throw new AifError(
            "INVALID_INPUT",
            `nvidia-smi CSV line ${i + 1}: ${column} "${cell.trim().slice(0, 32)}" is not a finite number`,
            { hint: "pass nvidia-smi's CSV output unchanged" },
          );
        }
        return [column, value];
      }),
    );
    rows.push(row);
  }
  return rows;
}

/**
 * One GPU of an nvidia-smi inventory.
 *
 * @example
 * ```ts
 * import { gpuInventoryEntrySchema } from "@aifactory/bench";
 * gpuInventoryEntrySchema.parse({ index: 0, name: "NVIDIA H100 80GB HBM3", memoryTotalMiB: 81559 }).name; // "NVIDIA H100 80GB HBM3"
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export const gpuInventoryEntrySchema = z.object({
  index: z.number().int().nonnegative().optional(),
  name: z.string(),
  uuid: z.string().optional(),
  driverVersion: z.string().optional(),
  pciBusId: z.string().optional(),
  memoryTotalMiB: z.number().nonnegative().optional(),
  smClockMaxMHz: z.number().nonnegative().optional(),
  memoryClockMaxMHz: z.number().nonnegative().optional(),
  powerLimitWatts: z.number().nonnegative().optional(),
});

/**
 * A GPU inventory entry; see {@link gpuInventoryEntrySchema}.
 *
 * @example
 * ```ts
 * import type { GpuInventoryEntry } from "@aifactory/bench";
 * const memoryGiB = (gpu: GpuInventoryEntry) => (gpu.memoryTotalMiB ?? 0) / 1024;
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export type GpuInventoryEntry = z.infer<typeof gpuInventoryEntrySchema>;

function num(value: string | number | null | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
function str(value: string | number | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

/**
 * A reading outside what the device can report (a negative memory size, a GPU index that is not a whole number)
 * is a broken log, not a value: an `INVALID_INPUT` naming the row and field.
 */
function reading(
  value: number | undefined,
  where: string,
  field: string,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  if (value !== undefined && (!(value >= min && value <= max) || (integer && !Number.isSafeInteger(value)))) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `in ${min}..${max}`;
    throw new AifError(
      "INVALID_INPUT",
      `nvidia-smi ${where}: ${field} ${value} is not ${integer ? "a whole number" : "a reading"} ${range}`,
      { hint: "check that the log is one nvidia-smi CSV with the fields in the header's order" },
    );
  }
  return value;
}

/**
 * Parses the output of `nvidia-smi --query-gpu=<NVIDIA_SMI_INVENTORY_FIELDS> --format=csv,noheader,nounits`
 * (or with a header) into GPU inventory entries.
 *
 * @param text - CSV output
 * @param fields - the query fields when the output has no header; default {@link NVIDIA_SMI_INVENTORY_FIELDS}
 * @returns one entry per GPU
 * @throws AifError `INVALID_INPUT` when a line has the wrong number of columns, a number is not finite, the index
 *   is not a whole number >= 0 or a size, clock or power is negative
 * @example
 * ```ts
 * import { parseNvidiaSmiInventory } from "@aifactory/bench";
 * parseNvidiaSmiInventory("0, NVIDIA H100 80GB HBM3, GPU-1, 550.54, 00000000:18:00.0, 81559, 1980, 2619, 700.00\n");
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export function parseNvidiaSmiInventory(
  text: string,
  fields: readonly string[] = NVIDIA_SMI_INVENTORY_FIELDS,
): GpuInventoryEntry[] {
  return parseNvidiaSmiCsv(text, fields).map((row, i) => {
    const where = `GPU ${i + 1}`;
    const entry: GpuInventoryEntry = { name: str(row.name) ?? "unknown" };
    const index = reading(num(row.index), where, "index", 0, Number.POSITIVE_INFINITY, true);
    if (index !== undefined) entry.index = index;
    const uuid = str(row.uuid);
    if (uuid !== undefined) entry.uuid = uuid;
    const driver = str(row.driver_version);
    if (driver !== undefined) entry.driverVersion = driver;
    const bus = str(row["pci.bus_id"]);
    if (bus !== undefined) entry.pciBusId = bus;
    const memory = reading(num(row["memory.total"]), where, "memory.total", 0, Number.POSITIVE_INFINITY);
    if (memory !== undefined) entry.memoryTotalMiB = memory;
    const sm = reading(num(row["clocks.max.sm"]), where, "clocks.max.sm", 0, Number.POSITIVE_INFINITY);
    if (sm !== undefined) entry.smClockMaxMHz = sm;
    const mem = reading(num(row["clocks.max.memory"]), where, "clocks.max.memory", 0, Number.POSITIVE_INFINITY);
    if (mem !== undefined) entry.memoryClockMaxMHz = mem;
    const power = reading(num(row["power.limit"]), where, "power.limit", 0, Number.POSITIVE_INFINITY);
    if (power !== undefined) entry.powerLimitWatts = power;
    return entry;
  });
}

/**
 * NVML clock-throttle (clock-event) reason bits, from `nvml.h` (`nvmlClocksThrottleReason*`).
 *
 * @example
 * ```ts
 * import { THROTTLE_REASON_BITS } from "@aifactory/bench";
 * THROTTLE_REASON_BITS.find(([bit]) => bit === 0x4)?.[1]; // "sw-power-cap"
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export const THROTTLE_REASON_BITS: ReadonlyArray<readonly [number, string]> = [
  [0x1, "gpu-idle"],
  [0x2, "applications-clocks-setting"],
  [0x4, "sw-power-cap"],
  [0x8, "hw-slowdown"],
  [0x10, "sync-boost"],
  [0x20, "sw-thermal-slowdown"],
  [0x40, "hw-thermal-slowdown"],
  [0x80, "hw-power-brake-slowdown"],
  [0x100, "display-clock-setting"],
];

/**
 * Decodes an NVML throttle-reason bitmask (`0x0000000000000004`) into reason names.
 *
 * @param mask - the hex string nvidia-smi prints, or a number
 * @returns reason names, empty when none is active
 * @example
 * ```ts
 * import { decodeThrottleReasons } from "@aifactory/bench";
 * decodeThrottleReasons("0x0000000000000024"); // ["sw-power-cap", "sw-thermal-slowdown"]
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export function decodeThrottleReasons(mask: string | number | null | undefined): string[] {
  if (mask === null || mask === undefined) return [];
  const value = typeof mask === "number" ? mask : Number.parseInt(mask, 16);
  if (!Number.isFinite(value)) return [];
  return THROTTLE_REASON_BITS.filter(([bit]) => (value & bit) !== 0).map(([, name]) => name);
}

/**
 * One telemetry sample of one GPU.
 *
 * @example
 * ```ts
 * import { telemetrySampleSchema } from "@aifactory/bench";
 * telemetrySampleSchema.parse({ timeMs: 0, index: 0, powerWatts: 350 });
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export const telemetrySampleSchema = z.object({
  /** Milliseconds since the Unix epoch. */
  timeMs: z.number(),
  index: z.number().int().nonnegative(),
  powerWatts: z.number().nonnegative().optional(),
  smClockMHz: z.number().nonnegative().optional(),
  memoryClockMHz: z.number().nonnegative().optional(),
  temperatureCelsius: z.number().optional(),
  /** nvidia-smi `utilization.gpu`: share of the sample period in which at least one kernel ran (not SM occupancy). */
  kernelActiveRatio: z.number().min(0).max(1).optional(),
  /** nvidia-smi `utilization.memory`: share of the sample period in which device memory was read or written. */
  memoryActiveRatio: z.number().min(0).max(1).optional(),
  throttleReasons: z.array(z.string()).default([]),
});

/**
 * A telemetry sample; see {@link telemetrySampleSchema}.
 *
 * @example
 * ```ts
 * import type { TelemetrySample } from "@aifactory/bench";
 * const sample: TelemetrySample = { timeMs: 0, index: 0, powerWatts: 350, throttleReasons: [] };
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export type TelemetrySample = z.infer<typeof telemetrySampleSchema>;

/**
 * Parses nvidia-smi's timestamp (`2019/08/23 14:54:47.307`, local time) to epoch milliseconds.
 *
 * @param text - the timestamp
 * @returns milliseconds since the epoch, or undefined when it does not parse
 * @example
 * ```ts
 * import { parseNvidiaSmiTimestamp } from "@aifactory/bench";
 * parseNvidiaSmiTimestamp("2019/08/23 14:54:47.307");
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export function parseNvidiaSmiTimestamp(text: string): number | undefined {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, ms] = match;
  return new Date(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number((ms ?? "0").padEnd(3, "0")),
  ).getTime();
}

/**
 * Parses telemetry CSV (the sampler's output, or a file written with `-f`) into samples. Rows without a
 * parseable timestamp take `fallbackTimeMs`.
 *
 * @param text - CSV output
 * @param fields - query fields when there is no header; default {@link NVIDIA_SMI_TELEMETRY_FIELDS}
 * @param fallbackTimeMs - time to use for rows without a timestamp
 * @returns samples in input order
 * @throws AifError `INVALID_INPUT` when a line has the wrong number of columns, a number is not finite, a
 *   timestamp is unreadable, a reading is outside what the sensor reports (power, clocks, utilisation, an index
 *   that is not a whole number >= 0), or `fallbackTimeMs` is not finite
 * @example
 * ```ts
 * import { parseTelemetryCsv } from "@aifactory/bench";
 * parseTelemetryCsv("index, timestamp, power.draw [W]\n0, 2019/08/23 14:54:47.307, 208.36 W\n");
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export function parseTelemetryCsv(
  text: string,
  fields: readonly string[] = NVIDIA_SMI_TELEMETRY_FIELDS,
  fallbackTimeMs = 0,
): TelemetrySample[] {
  if (!Number.isFinite(fallbackTimeMs)) {
    throw new InvalidInputError("nvidia-smi telemetry", [
      { path: "fallbackTimeMs", message: "must be a finite time in epoch ms", received: fallbackTimeMs },
    ]);
  }
  return parseNvidiaSmiCsv(text, fields).map((row, i) => {
    const line = i + 1;
    const stamp = row.timestamp === null || row.timestamp === undefined ? "" : String(row.timestamp);
    const timeMs = stamp === "" ? fallbackTimeMs : parseNvidiaSmiTimestamp(stamp);
    if (timeMs === undefined) {
      throw new AifError("INVALID_INPUT", `nvidia-smi sample ${line}: unreadable timestamp "${stamp.slice(0, 64)}"`, {
        hint: 'timestamps look like "2019/08/23 14:54:47.307" (nvidia-smi --query-gpu=timestamp)',
      });
    }
    // A reading outside what the sensor can report is a broken log, not a sample.
    const within = (value: number | undefined, field: string, min: number, max: number, integer = false) =>
      reading(value, `sample ${line}`, field, min, max, integer);
    const sample: TelemetrySample = {
      timeMs,
      index: within(num(row.index), "index", 0, Number.POSITIVE_INFINITY, true) ?? 0,
      throttleReasons: decodeThrottleReasons(row["clocks_throttle_reasons.active"] as string | null | undefined),
    };
    const power = within(num(row["power.draw"]), "power.draw", 0, 100_000);
    if (power !== undefined) sample.powerWatts = power;
    const sm = within(num(row["clocks.sm"]), "clocks.sm", 0, 100_000);
    if (sm !== undefined) sample.smClockMHz = sm;
    const mem = within(num(row["clocks.mem"]), "clocks.mem", 0, 100_000);
    if (mem !== undefined) sample.memoryClockMHz = mem;
    const temperature = num(row["temperature.gpu"]);
    if (temperature !== undefined) sample.temperatureCelsius = temperature;
    const utilization = within(num(row["utilization.gpu"]), "utilization.gpu", 0, 100);
    if (utilization !== undefined) sample.kernelActiveRatio = utilization / 100;
    const memoryUtilization = within(num(row["utilization.memory"]), "utilization.memory", 0, 100);
    if (memoryUtilization !== undefined) sample.memoryActiveRatio = memoryUtilization / 100;
    return sample;
  });
}

/**
 * Energy over a window, from power samples.
 *
 * @example
 * ```ts
 * import { type EnergyEstimate, energyFromTelemetry } from "@aifactory/bench";
 * const estimate: EnergyEstimate = energyFromTelemetry([{ timeMs: 0, index: 0, powerWatts: 300, throttleReasons: [] },
 *   { timeMs: 2000, index: 0, powerWatts: 300, throttleReasons: [] }], 0, 2000);
 * estimate.energyJoules; // 600
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export interface EnergyEstimate {
  /** Sum over GPUs of the trapezoid integral of power over the window. */
  energyJoules: number;
  /** energyJoules / durationSeconds. */
  averagePowerWatts: number;
  durationSeconds: number;
  /** Energy per GPU index. */
  perGpuJoules: Record<number, number>;
  /** Samples that fell in the window (all GPUs). */
  sampleCount: number;
  /** Throttle reasons seen in the window. */
  throttleReasons: string[];
}

/**
 * Integrates power over a window (trapezoid rule between samples, with the power held constant from the window
 * edges to the first and last sample), per GPU, and sums across GPUs.
 *
 * @param samples - telemetry samples (any order, any GPUs)
 * @param startMs - window start, epoch ms
 * @param endMs - window end, epoch ms
 * @returns the energy estimate
 * @throws AifError `VERIFICATION_FAILED` when no power sample falls in or next to the window
 * @throws InvalidInputError when the window is not two finite times with `endMs >= startMs`, or the energy
 *   overflows
 * @example
 * ```ts
 * import { energyFromTelemetry } from "@aifactory/bench";
 * energyFromTelemetry([{ timeMs: 0, index: 0, powerWatts: 100, throttleReasons: [] },
 *   { timeMs: 1000, index: 0, powerWatts: 100, throttleReasons: [] }], 0, 1000).energyJoules; // 100
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export function energyFromTelemetry(
  samples: readonly TelemetrySample[],
  startMs: number,
  endMs: number,
): EnergyEstimate {
  const durationSeconds = (endMs - startMs) / 1000;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || !(durationSeconds >= 0 && durationSeconds < Infinity)) {
    throw new InvalidInputError("energy window", [
      {
        path: "endMs",
        message: "the window must run forward between two finite epoch-ms times",
        received: { startMs, endMs },
      },
    ]);
  }
  const byGpu = new Map<number, TelemetrySample[]>();
  for (const sample of samples) {
    if (sample.powerWatts === undefined) continue;
    const list = byGpu.get(sample.index) ?? [];
    list.push(sample);
    byGpu.set(sample.index, list);
  }
  const perGpuJoules: Record<number, number> = {};
  let total = 0;
  let count = 0;
  const reasons = new Set<string>();
  for (const [index, list] of byGpu) {
    list.sort((a, b) => a.timeMs - b.timeMs);
    const inside = list.filter((s) => s.timeMs >= startMs && s.timeMs <= endMs);
    const before = list.filter((s) => s.timeMs < startMs).at(-1);
    const after = list.find((s) => s.timeMs > endMs);
    const points = [...(before ? [before] : []), ...inside, ...(after ? [after] : [])];
    if (points.length === 0) continue;
    count += inside.length;
    for (const s of inside) for (const reason of s.throttleReasons) reasons.add(reason);
    // Clip the piecewise-linear power curve to [startMs, endMs].
    const powerAt = (t: number): number => {
      const first = points[0] as TelemetrySample;
      const last = points[points.length - 1] as TelemetrySample;
      if (t <= first.timeMs) return first.powerWatts as number;
      if (t >= last.timeMs) return last.powerWatts as number;
      for (let i = 1; i < points.length; i += 1) {
        const b = points[i] as TelemetrySample;
        const a = points[i - 1] as TelemetrySample;
        if (t <= b.timeMs) {
          const span = b.timeMs - a.timeMs;
          return span === 0
            ? (b.powerWatts as number)
            : (a.powerWatts as number) +
                (((b.powerWatts as number) - (a.powerWatts as number)) * (t - a.timeMs)) / span;
        }
      }
      return last.powerWatts as number;
    };
    const times = [startMs, ...inside.map((s) => s.timeMs), endMs];
    let joules = 0;
    for (let i = 1; i < times.length; i += 1) {
      const t0 = times[i - 1] as number;
      const t1 = times[i] as number;
      joules += ((powerAt(t0) + powerAt(t1)) / 2) * ((t1 - t0) / 1000);
    }
    perGpuJoules[index] = joules;
    total += joules;
  }
  if (Object.keys(perGpuJoules).length === 0) {
    throw new AifError("VERIFICATION_FAILED", "no power samples cover the benchmark window", {
      hint: "start the telemetry sampler before the benchmark and stop it after; check that nvidia-smi reports power.draw",
    });
  }
  return assertFiniteResult(
    {
      energyJoules: total,
      averagePowerWatts: durationSeconds === 0 ? 0 : total / durationSeconds,
      durationSeconds,
      perGpuJoules,
      sampleCount: count,
      throttleReasons: [...reasons].sort(),
    },
    "energy estimate",
  );
}
