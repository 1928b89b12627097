import { describe, expect, it } from "vitest";
import { formatExactCount, formatField, formatMoney, formatQuantity, unitFromKey } from "./units";

describe("formatQuantity", () => {
  it.each([
    [4_213_716, "h", "4.21 M GPU-h"],
    [488_448, "USD", "$488k"],
    [6_620_000, "USD", "$6.62M"],
    [0.13, "USD", "$0.13"],
    [1059, "ms", "1.06 s"],
    [0.485, "ratio", "48.5%"],
    [1_020_000, "tokens/s", "1.02 M tokens/s"],
    [214, "GPUs", "214 GPUs"],
  ])("%s %s -> %s", (value, unit, text) => {
    expect(formatQuantity(value, unit)).toBe(text);
  });

  it("never prints float noise or long digit runs", () => {
    for (const [value, unit] of [
      [4_858_728_160, "L"],
      [466.66666666666674, "W"],
      [1.5600000000000003, ""],
      [8330, "MWh"],
      [2580, "tCO2e"],
    ] as const) {
      expect(formatQuantity(value, unit)).not.toMatch(/\d{4,}|\d\.\d{4,}/);
    }
  });

  it("formats money to three significant figures", () => {
    expect(formatMoney(24_192)).toBe("$24.2k");
    expect(formatMoney(-1500)).toBe("-$1.5k");
  });
});

describe("formatField", () => {
  it("reads the unit from the field's name", () => {
    expect(unitFromKey("capexUsd")).toBe("USD");
    expect(unitFromKey("opexUsdPerYear")).toBe("USD/y");
    expect(unitFromKey("facilityPowerKW")).toBe("kW");
    expect(formatField("stepTimeSeconds", 1368)).toBe("22.8 min");
    expect(formatField("wallClockHours", 4100)).toBe("171 d");
    expect(formatField("tp", 8)).toBe("8");
    expect(formatField("fits", true)).toBe("yes");
    expect(formatField("pue", 1.5600000000000003)).toBe("1.56");
  });
});

describe("formatExactCount", () => {
  it("prints a configuration's GPU count with every digit", () => {
    expect(formatExactCount(16_384)).toBe("16,384");
    expect(formatExactCount(8)).toBe("8");
    expect(formatExactCount(1.5)).toBe("1.5");
  });
});
