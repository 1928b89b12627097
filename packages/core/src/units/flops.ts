import { formatScaled } from "./number-format";

/** FLOP/s in one TFLOP/s (1e12). */
export const FLOPS_PER_TFLOPS = 1e12;

/**
 * Converts TFLOP/s to FLOP/s.
 *
 * @param tflops - rate in TFLOP/s (1e12 FLOP/s)
 * @returns FLOP/s
 * @example
 * ```ts
 * import { tflopsToFlops } from "@aifactory/core";
 * tflopsToFlops(989); // 9.89e14
 * ```
 * @since 0.1.0
 * @category Units
 */
export function tflopsToFlops(tflops: number): number {
  return tflops * FLOPS_PER_TFLOPS;
}

/**
 * Converts FLOP/s to TFLOP/s.
 *
 * @param flops - rate in FLOP/s
 * @returns TFLOP/s
 * @example
 * ```ts
 * import { flopsToTflops } from "@aifactory/core";
 * flopsToTflops(9.89e14); // 989
 * ```
 * @since 0.1.0
 * @category Units
 */
export function flopsToTflops(flops: number): number {
  return flops / FLOPS_PER_TFLOPS;
}

/**
 * Formats a FLOP count (or, with `perSecond`, a FLOP/s rate) with SI prefixes up to zetta.
 *
 * @param flops - FLOPs or FLOP/s
 * @param options - `perSecond` appends `/s`; `significantDigits` (default 3)
 * @returns e.g. `"3.14 ZFLOP"` or `"989 TFLOP/s"`
 * @example
 * ```ts
 * import { formatFlops } from "@aifactory/core";
 * formatFlops(3.14e23); // "314 ZFLOP"
 * formatFlops(9.89e14, { perSecond: true }); // "989 TFLOP/s"
 * ```
 * @since 0.1.0
 * @category Units
 */
export function formatFlops(flops: number, options: { perSecond?: boolean; significantDigits?: number } = {}): string {
  const suffix = options.perSecond ? "/s" : "";
  const prefixes = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"];
  return formatScaled(
    flops,
    prefixes.map((prefix, index) => ({ factor: 1000 ** index, symbol: `${prefix}FLOP${suffix}` })),
    options.significantDigits,
  );
}
