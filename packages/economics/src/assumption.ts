/**
 * One input a cost model used, its value and where it came from (`given`, or the default's source).
 *
 * @example
 * ```ts
 * import type { CostAssumption } from "@aifactory/economics";
 * const life: CostAssumption = { name: "depreciationYears", value: 5, unit: "years", basis: "given" };
 * ```
 * @since 0.1.0
 * @category TCO
 */
export interface CostAssumption {
  name: string;
  value: number | string;
  unit?: string;
  basis: string;
}
