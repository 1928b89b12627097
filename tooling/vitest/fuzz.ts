import { expect } from "vitest";

/** What the checker needs from `@aifactory/core` (passed in: tooling has no package dependencies). */
export interface FuzzCore {
  isAifError(error: unknown): boolean;
  nonFinitePaths(value: unknown): string[];
}

/**
 * The fuzz suites' one property: a model either returns a result with no NaN or infinite number anywhere in it,
 * or throws a typed `AifError`. `check(run)` asserts it for one call and counts the outcome in `seen`, so that a
 * suite can also assert that both outcomes occurred (its generators reach valid and invalid inputs).
 */
export function finiteOrTypedChecker({ isAifError, nonFinitePaths }: FuzzCore): {
  check: (run: () => unknown) => void;
  seen: { results: number; errors: number };
} {
  const seen = { results: 0, errors: 0 };
  const check = (run: () => unknown): void => {
    let result: unknown;
    try {
      result = run();
    } catch (error) {
      expect(isAifError(error), `untyped error: ${error instanceof Error ? error.stack : String(error)}`).toBe(true);
      seen.errors++;
      return;
    }
    expect(nonFinitePaths(result)).toEqual([]);
    seen.results++;
  };
  return { check, seen };
}
