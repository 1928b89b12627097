import { formatScaled } from "./number-format";

/** Bytes in one decimal gigabyte (GB = 1e9 B), the unit of every `...GB` field in aifactory. */
export const BYTES_PER_GB = 1e9;
/** Bytes in one binary gibibyte (GiB = 2^30 B). Never mixed with GB: a field says which it holds. */
export const BYTES_PER_GIB = 2 ** 30;
/** Bytes in one decimal terabyte (TB = 1e12 B). */
export const BYTES_PER_TB = 1e12;
/** Bytes in one binary tebibyte (TiB = 2^40 B). */
export const BYTES_PER_TIB = 2 ** 40;

/**
 * Converts decimal gigabytes (1e9 B) to bytes.
 *
 * @param memoryGB - capacity in decimal GB
 * @returns bytes
 * @example
 * ```ts
 * import { gbToBytes } from "@aifactory/core";
 * gbToBytes(80); // 80_000_000_000
 * ```
 * @since 0.1.0
 * @category Units
 */
export function gbToBytes(memoryGB: number): number {
  return memoryGB * BYTES_PER_GB;
}

/**
 * Converts bytes to decimal gigabytes (1e9 B).
 *
 * @param bytes - a byte count
 * @returns decimal GB
 * @example
 * ```ts
 * import { bytesToGB } from "@aifactory/core";
 * bytesToGB(85_899_345_920); // 85.89934592
 * ```
 * @since 0.1.0
 * @category Units
 */
export function bytesToGB(bytes: number): number {
  return bytes / BYTES_PER_GB;
}

/**
 * Converts binary gibibytes (2^30 B) to bytes.
 *
 * @param memoryGiB - capacity in GiB
 * @returns bytes
 * @example
 * ```ts
 * import { gibToBytes } from "@aifactory/core";
 * gibToBytes(80); // 85_899_345_920
 * ```
 * @since 0.1.0
 * @category Units
 */
export function gibToBytes(memoryGiB: number): number {
  return memoryGiB * BYTES_PER_GIB;
}

/**
 * Converts bytes to binary gibibytes (2^30 B).
 *
 * @param bytes - a byte count
 * @returns GiB
 * @example
 * ```ts
 * import { bytesToGiB } from "@aifactory/core";
 * bytesToGiB(80e9); // 74.505...
 * ```
 * @since 0.1.0
 * @category Units
 */
export function bytesToGiB(bytes: number): number {
  return bytes / BYTES_PER_GIB;
}

/**
 * Formats a byte count for people, in decimal (kB, MB, GB, TB, PB) or binary (KiB ... PiB) units.
 *
 * The rule every face of aifactory follows (CLI, app, MCP): memory and data sizes are shown in decimal units,
 * the default here. The catalogs store decimal figures (`memoryGB`), vendors' datasheets state decimal figures
 * (an H100's "80 GB" is `memoryGB: 80`, shown as "80 GB"), and a capacity and the size of what fills it must be
 * in the same unit to be compared at a glance. Binary units (`system: "binary"`) are for echoing a figure a tool
 * reports in binary (nvidia-smi's MiB) or one the user typed in binary; `aif units convert 80 GB GiB` converts.
 *
 * @param bytes - a byte count
 * @param options - `system`: `"decimal"` (default) or `"binary"`; `significantDigits` (default 3)
 * @returns e.g. `"80 GB"` or `"74.5 GiB"`
 * @example
 * ```ts
 * import { formatBytes } from "@aifactory/core";
 * formatBytes(80e9); // "80 GB"
 * formatBytes(80e9, { system: "binary" }); // "74.5 GiB"
 * ```
 * @since 0.1.0
 * @category Units
 */
export function formatBytes(
  bytes: number,
  options: { system?: "decimal" | "binary"; significantDigits?: number } = {},
): string {
  const binary = options.system === "binary";
  const base = binary ? 1024 : 1000;
  const symbols = binary ? ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"] : ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
  return formatScaled(
    bytes,
    symbols.map((symbol, index) => ({ factor: base ** index, symbol })),
    options.significantDigits,
  );
}
