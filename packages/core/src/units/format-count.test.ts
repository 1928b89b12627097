import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCount } from "./number-format";

describe("formatCount", () => {
  it("scales counts to k, M, B, T at three significant figures", () => {
    expect(formatCount(640)).toBe("640");
    expect(formatCount(5595)).toBe("5.59k");
    expect(formatCount(22_381)).toBe("22.4k");
    expect(formatCount(1_010_707)).toBe("1.01M");
    expect(formatCount(999_999)).toBe("1M");
    expect(formatCount(2.5e12)).toBe("2.5T");
    expect(formatCount(Number.NaN)).toBe("n/a");
  });

  it("never prints more than three significant digits or NaN", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), (value) => {
        const text = formatCount(value);
        expect(text).not.toMatch(/NaN|Infinity/);
        expect(
          text
            .replace(/[^0-9]/g, "")
            .replace(/^0+/, "")
            .replace(/0+$/, "").length,
        ).toBeLessThanOrEqual(3);
      }),
      { numRuns: 300 },
    );
  });
});
