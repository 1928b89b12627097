import { describe, expect, it } from "vitest";
import { AifError } from "./aif-error";
import { assertFiniteResult, nonFinitePaths } from "./finite-result";

describe("finite results", () => {
  it("names every non-finite number's path, in order, up to the limit", () => {
    const value = { a: 1, b: [2, Number.NaN, { c: Number.POSITIVE_INFINITY }], d: { e: -Infinity }, f: "NaN" };
    expect(nonFinitePaths(value)).toEqual(["$.b[1]", "$.b[2].c", "$.d.e"]);
    expect(nonFinitePaths(value, 1)).toEqual(["$.b[1]"]);
    expect(nonFinitePaths({ deep: Array.from({ length: 10 }, (_, i) => i) })).toEqual([]);
  });

  it("refuses a result with a non-finite figure as INVALID_INPUT, and passes a finite one through", () => {
    expect(assertFiniteResult({ x: 1 }, "estimate")).toEqual({ x: 1 });
    try {
      assertFiniteResult({ cost: { usd: Number.NaN } }, "TCO");
      throw new Error("expected a throw");
    } catch (error) {
      expect(error).toBeInstanceOf(AifError);
      expect((error as AifError).code).toBe("INVALID_INPUT");
      expect((error as AifError).message).toContain("$.cost.usd");
    }
  });
});
