import type { Assumption } from "@aifactory/core";

/**
 * One input a cost model used, its value and where it came from: core's `Assumption` (`basis` is `given`,
 * `default`, `derived` or `method`; a default's provenance is in `text` and `source`).
 *
 * @deprecated Use `Assumption` (from `@aifactory/economics` or `@aifactory/core`); this alias goes in 1.0.
 * @example
 * ```ts
 * import type { CostAssumption } from "@aifactory/economics";
 * const life: CostAssumption = { name: "depreciationYears", value: 5, unit: "years", basis: "given" };
 * ```
 * @since 0.1.0
 * @category TCO
 */
export type CostAssumption = Assumption;

/**
 * One input a cost model used, its value and where it came from; core's `Assumption`, re-exported.
 *
 * @example
 * ```ts
 * import type { Assumption } from "@aifactory/economics";
 * const life: Assumption = { name: "depreciationYears", value: 5, unit: "years", basis: "given" };
 * ```
 * @since 0.10.0
 * @category TCO
 */
export type { Assumption } from "@aifactory/core";
