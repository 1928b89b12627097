import { InvalidInputError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { compareOwnedVsCloud } from "../cloud/owned-vs-cloud";
import { tokenCost } from "./token-cost";

describe("tokenCost", () => {
  it("converts a GPU-hour price and a throughput to USD per million tokens", () => {
    expect(
      tokenCost({ costUsdPerAcceleratorHour: 3.6, tokensPerSecondPerAccelerator: 1000 }).usdPerMillionTokens,
    ).toBeCloseTo(1, 12);
    expect(
      tokenCost({ costUsdPerAcceleratorHour: 2, tokensPerSecondPerAccelerator: 500, utilizationRatio: 0.5 })
        .usdPerMillionTokens,
    ).toBeCloseTo((2 / (500 * 3600 * 0.5)) * 1e6, 12);
  });

  it("rejects zero throughput", () => {
    expect(() => tokenCost({ costUsdPerAcceleratorHour: 2, tokensPerSecondPerAccelerator: 0 })).toThrow(
      InvalidInputError,
    );
  });
});

describe("compareOwnedVsCloud", () => {
  it("breaks even at owned cost / cloud price", () => {
    const comparison = compareOwnedVsCloud(1.5, 3, 0.6);
    expect(comparison.breakEvenUtilizationRatio).toBeCloseTo(0.5, 12);
    expect(comparison.cheaper).toBe("owned");
    expect(compareOwnedVsCloud(1.5, 3, 0.4).cheaper).toBe("cloud");
  });

  it("warns when owning never breaks even", () => {
    expect(compareOwnedVsCloud(4, 3).warnings[0]).toMatch(/never breaks even/);
  });
});
