import { AifError } from "./aif-error";

/**
 * Paths of the numbers in `value` that are not finite (NaN, Infinity), walked without recursion, at most `limit`
 * of them (`$` is the root; `.key` and `[i]` below it).
 *
 * @param value - any JSON-like value (objects, arrays, numbers)
 * @param limit - most paths to return (default 10)
 * @returns the paths, empty when every number is finite
 * @example
 * ```ts
 * import { nonFinitePaths } from "@aifactory/core";
 * nonFinitePaths({ a: 1, b: [2, Number.NaN] }); // ["$.b[1]"]
 * ```
 * @since 0.5.0
 * @category Errors
 */
export function nonFinitePaths(value: unknown, limit = 10): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[value, "$"]];
  const seen = new Set<object>();
  while (stack.length > 0 && found.length < limit) {
    const [item, path] = stack.pop() as [unknown, string];
    if (typeof item === "number") {
      if (!Number.isFinite(item)) found.push(path);
      continue;
    }
    if (item === null || typeof item !== "object" || seen.has(item)) continue;
    seen.add(item);
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], `${path}[${i}]`]);
    } else {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        stack.push([child, `${path}.${key}`]);
      }
    }
  }
  return found;
}

/**
 * Refuses a model result that holds a number that is not finite: such a figure is never an answer, it means
 * an input was out of the model's range. Throws INVALID_INPUT naming the fields.
 *
 * @param value - the result
 * @param label - what was computed, for the message (e.g. `"training estimate"`)
 * @returns `value`, unchanged
 * @throws AifError INVALID_INPUT when a number is NaN or infinite
 * @example
 * ```ts
 * import { assertFiniteResult } from "@aifactory/core";
 * assertFiniteResult({ tokensPerSecond: 1200 }, "estimate").tokensPerSecond; // 1200
 * ```
 * @since 0.5.0
 * @category Errors
 */
export function assertFiniteResult<T>(value: T, label: string): T {
  const paths = nonFinitePaths(value, 5);
  if (paths.length > 0) {
    throw new AifError(
      "INVALID_INPUT",
      `the ${label} has no finite value for ${paths.join(", ")}: an input is outside the range the model covers`,
      { hint: "check the magnitudes of the inputs (counts, sizes, rates); every figure must stay finite" },
    );
  }
  return value;
}
