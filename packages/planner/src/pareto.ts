/**
 * The Pareto front of points to minimise on every objective: the points no other point beats on all
 * objectives while being strictly better on one.
 *
 * @param points - candidates
 * @param objectives - functions to minimise (negate a value to maximise it)
 * @returns the non-dominated points, in input order
 * @example
 * ```ts
 * import { paretoFront } from "@aifactory/planner";
 * paretoFront([{ t: 1, c: 3 }, { t: 2, c: 2 }, { t: 3, c: 3 }], [(p) => p.t, (p) => p.c]);
 * // [{ t: 1, c: 3 }, { t: 2, c: 2 }]
 * ```
 * @since 0.1.0
 * @category Explore
 */
export function paretoFront<T>(points: readonly T[], objectives: ReadonlyArray<(point: T) => number>): T[] {
  const values = points.map((point) => objectives.map((objective) => objective(point)));
  return points.filter((_, i) => {
    const a = values[i]!;
    return !values.some((b, j) => {
      if (j === i) return false;
      let strictlyBetter = false;
      for (let k = 0; k < a.length; k++) {
        if (b[k]! > a[k]!) return false;
        if (b[k]! < a[k]!) strictlyBetter = true;
      }
      return strictlyBetter;
    });
  });
}
