import { InvalidInputError } from "@aifactory/core";

/**
 * A calendar quarter `YYYY-Qn`, e.g. `2027-Q1`.
 *
 * @example
 * ```ts
 * import { quarterFromIndex, type Quarter } from "@aifactory/economics";
 * const quarter: Quarter = quarterFromIndex(2027 * 4); // "2027-Q1"
 * ```
 * @since 0.1.0
 * @category Supply
 */
export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;

const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

/**
 * A quarter as a number of quarters since year 0 (`year x 4 + q - 1`), for arithmetic.
 *
 * @param quarter - `YYYY-Qn`
 * @returns the quarter index
 * @throws InvalidInputError when the text is not `YYYY-Qn`
 * @example
 * ```ts
 * import { quarterIndex } from "@aifactory/economics";
 * quarterIndex("2027-Q2") - quarterIndex("2027-Q1"); // 1
 * ```
 * @since 0.1.0
 * @category Supply
 */
export function quarterIndex(quarter: string): number {
  const match = QUARTER_PATTERN.exec(quarter);
  if (match === null) {
    throw new InvalidInputError("quarter", [
      { path: "", message: "must be YYYY-Qn, e.g. 2027-Q1", received: quarter, hint: "write the quarter as 2027-Q1" },
    ]);
  }
  return Number(match[1]) * 4 + Number(match[2]) - 1;
}

/**
 * The quarter of a quarter index.
 *
 * @param index - quarters since year 0
 * @returns `YYYY-Qn`
 * @example
 * ```ts
 * import { quarterFromIndex, quarterIndex } from "@aifactory/economics";
 * quarterFromIndex(quarterIndex("2027-Q4") + 1); // "2028-Q1"
 * ```
 * @since 0.1.0
 * @category Supply
 */
export function quarterFromIndex(index: number): Quarter {
  const year = Math.floor(index / 4);
  const q = (index % 4) + 1;
  return `${year}-Q${q}` as Quarter;
}
