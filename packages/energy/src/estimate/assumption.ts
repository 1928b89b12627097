/**
 * One input a model used, where it came from, and its value: results list every default they applied so that
 * a reader can see (and replace) it. This is core's `Assumption` (`basis` is `given`, `default`, `derived` or `method`; a default's provenance is in `text` and `source`),
 * re-exported so that energy users need not import core.
 *
 * @example
 * ```ts
 * import type { Assumption } from "@aifactory/energy";
 * const pue: Assumption = { name: "pue", value: 1.1, unit: "ratio", basis: "given" };
 * ```
 * @since 0.1.0
 * @category Estimates
 */
export type { Assumption } from "@aifactory/core";
