import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCo2eKg, kgToTonnes, tonnesToKg } from "./carbon";
import { convertUnits, UNIT_TABLE } from "./convert";
import { formatDuration, hoursToSeconds, secondsToDays, secondsToHours } from "./duration";
import { formatEnergyKwh, joulesToKwh, kwhToJoules, kwhToMwh, mwhToKwh, wattHoursToKwh } from "./energy";
import { flopsToTflops, formatFlops, tflopsToFlops } from "./flops";
import { formatUsd } from "./money";
import { formatSignificant } from "./number-format";
import { formatWatts } from "./power";
import { formatLiters } from "./volume";

const finite = fc.double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true });

describe("unit conversions round-trip", () => {
  it("FLOPs <-> TFLOPs, J <-> kWh, kWh <-> MWh, kg <-> t, h <-> s", () => {
    fc.assert(
      fc.property(finite, (value) => {
        const close = (actual: number) => expect(Math.abs(actual - value)).toBeLessThanOrEqual(Math.abs(value) * 1e-12);
        close(flopsToTflops(tflopsToFlops(value)));
        close(joulesToKwh(kwhToJoules(value)));
        close(kwhToMwh(mwhToKwh(value)));
        close(kgToTonnes(tonnesToKg(value)));
        close(secondsToHours(hoursToSeconds(value)));
      }),
    );
  });

  it("convertUnits is invertible for every pair within a dimension", () => {
    const symbols = Object.keys(UNIT_TABLE) as Array<keyof typeof UNIT_TABLE>;
    fc.assert(
      fc.property(
        fc.constantFrom(...symbols),
        fc.constantFrom(...symbols),
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        (from, to, value) => {
          fc.pre(UNIT_TABLE[from].dimension === UNIT_TABLE[to].dimension);
          const back = convertUnits(convertUnits(value, from, to), to, from);
          expect(Math.abs(back - value) / value).toBeLessThan(1e-12);
        },
      ),
    );
  });

  it("known anchors", () => {
    expect(convertUnits(80, "GiB", "GB")).toBeCloseTo(85.89934592, 8);
    expect(convertUnits(1, "kWh", "J")).toBe(3.6e6);
    expect(wattHoursToKwh(700, 24)).toBeCloseTo(16.8, 10);
    expect(secondsToDays(172_800)).toBe(2);
  });

  it("rejects unknown units with a suggestion and mismatched dimensions with the valid units", () => {
    expect(() => convertUnits(1, "Gib", "GB")).toThrowError(/unknown unit/);
    try {
      convertUnits(1, "Gib", "GB");
    } catch (error) {
      expect((error as { hint: string }).hint).toContain('"GiB"');
    }
    expect(() => convertUnits(1, "GB", "kWh")).toThrowError(/cannot convert data/);
    expect(() => convertUnits(Number.NaN, "GB", "GiB")).toThrowError(/finite/);
  });
});

describe("formatting never prints NaN", () => {
  it("formats anchors", () => {
    expect(formatFlops(3.14e23)).toBe("314 ZFLOP");
    expect(formatFlops(9.89e14, { perSecond: true })).toBe("989 TFLOP/s");
    expect(formatDuration(0.0125)).toBe("12.5 ms");
    expect(formatDuration(3_600_000)).toBe("41.7 d");
    expect(formatDuration(0)).toBe("0 s");
    expect(formatWatts(10_200)).toBe("10.2 kW");
    expect(formatEnergyKwh(85_700)).toBe("85.7 MWh");
    expect(formatCo2eKg(46_700)).toBe("46.7 tCO2e");
    expect(formatCo2eKg(0.25)).toBe("250 gCO2e");
    expect(formatLiters(5400)).toBe("5.4 m³");
    expect(formatUsd(2.494)).toBe("$2.49");
    expect(formatUsd(31_000)).toBe("$31,000");
    expect(formatUsd(1_234_567_890)).toBe("$1.23B");
    expect(formatSignificant(1234.5678)).toBe("1,235");
    expect(formatSignificant(0.012345, 2)).toBe("0.012");
  });

  it("returns n/a for non-finite values and a finite string otherwise", () => {
    const formatters = [
      formatFlops,
      formatDuration,
      formatWatts,
      formatEnergyKwh,
      formatCo2eKg,
      formatLiters,
      formatUsd,
    ];
    for (const format of formatters) {
      expect(format(Number.NaN)).toBe("n/a");
      expect(format(Number.POSITIVE_INFINITY)).toBe("n/a");
    }
    fc.assert(
      fc.property(finite, (value) => {
        for (const format of formatters) {
          const text = format(value);
          expect(text).not.toMatch(/NaN|Infinity/);
        }
      }),
    );
  });
});
