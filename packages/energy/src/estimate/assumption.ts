/**
 * One input a model used, where it came from, and its value: results list every default they applied so that
 * a reader can see (and replace) it.
 *
 * @example
 * ```ts
 * import type { Assumption } from "@aifactory/energy";
 * const pue: Assumption = { name: "pue", value: 1.1, unit: "ratio", basis: "given" };
 * ```
 * @since 0.1.0
 * @category Estimates
 */
export interface Assumption {
  /** The input's name, as in the input object (`pue`, `gridKgCo2ePerKWh`). */
  name: string;
  /** The value used. */
  value: number | string;
  /** Its unit, if any. */
  unit?: string;
  /** `given`, or the default's provenance (source title and year). */
  basis: string;
}
