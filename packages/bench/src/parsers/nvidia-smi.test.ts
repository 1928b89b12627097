import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeThrottleReasons,
  energyFromTelemetry,
  parseNvidiaSmiCsv,
  parseNvidiaSmiInventory,
  parseNvidiaSmiTimestamp,
  parseTelemetryCsv,
  type TelemetrySample,
} from "./nvidia-smi";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

describe("nvidia-smi CSV", () => {
  it("parses the captured query with header, units and aliased clock names", () => {
    const rows = parseNvidiaSmiCsv(fixture("nvidia-smi-query-gpu.csv"));
    expect(rows).toEqual([
      {
        index: 0,
        timestamp: "2019/08/23 14:54:47.307",
        "power.draw": 208.36,
        "clocks.sm": 1545,
        "clocks.mem": 6800,
        "clocks.gr": 1545,
      },
    ]);
    const samples = parseTelemetryCsv(fixture("nvidia-smi-query-gpu.csv"));
    expect(samples[0]).toMatchObject({ index: 0, powerWatts: 208.36, smClockMHz: 1545, memoryClockMHz: 6800 });
    expect(samples[0]?.timeMs).toBe(new Date(2019, 7, 23, 14, 54, 47, 307).getTime());
  });

  it("parses a noheader,nounits inventory with [N/A] cells", () => {
    const gpus = parseNvidiaSmiInventory(
      "0, NVIDIA H100 80GB HBM3, GPU-abc, 550.54.15, 00000000:18:00.0, 81559, 1980, 2619, 700.00\n1, NVIDIA H100 80GB HBM3, GPU-def, 550.54.15, 00000000:2A:00.0, 81559, 1980, 2619, [N/A]\n",
    );
    expect(gpus).toHaveLength(2);
    expect(gpus[0]).toMatchObject({
      index: 0,
      name: "NVIDIA H100 80GB HBM3",
      memoryTotalMiB: 81559,
      powerLimitWatts: 700,
    });
    expect(gpus[1]?.powerLimitWatts).toBeUndefined();
  });

  it("rejects rows with the wrong column count", () => {
    expect(() => parseNvidiaSmiInventory("0, name-only\n")).toThrow(/columns/);
  });

  it("decodes NVML throttle reasons", () => {
    expect(decodeThrottleReasons("0x0000000000000024")).toEqual(["sw-power-cap", "sw-thermal-slowdown"]);
    expect(decodeThrottleReasons("0x0000000000000000")).toEqual([]);
    expect(decodeThrottleReasons(null)).toEqual([]);
  });

  it("parses timestamps", () => {
    expect(parseNvidiaSmiTimestamp("garbage")).toBeUndefined();
  });
});

describe("energy from telemetry", () => {
  const flat = (watts: number, gpus: number, fromMs: number, toMs: number, stepMs: number): TelemetrySample[] => {
    const samples: TelemetrySample[] = [];
    for (let t = fromMs; t <= toMs; t += stepMs)
      for (let g = 0; g < gpus; g += 1) samples.push({ timeMs: t, index: g, powerWatts: watts, throttleReasons: [] });
    return samples;
  };

  it("integrates constant power exactly, summed over GPUs", () => {
    const estimate = energyFromTelemetry(flat(300, 2, 0, 10_000, 100), 1_000, 6_000);
    expect(estimate.energyJoules).toBeCloseTo(2 * 300 * 5, 6);
    expect(estimate.averagePowerWatts).toBeCloseTo(600, 6);
    expect(estimate.perGpuJoules[1]).toBeCloseTo(1500, 6);
  });

  it("integrates a linear ramp exactly (trapezoid)", () => {
    const samples: TelemetrySample[] = Array.from({ length: 11 }, (_, i) => ({
      timeMs: i * 1000,
      index: 0,
      powerWatts: 100 + 10 * i,
      throttleReasons: [],
    }));
    // ∫ 100 + 10 t dt over [2.5, 7.5] s = 500 + 5 (7.5² - 2.5²) = 750
    expect(energyFromTelemetry(samples, 2_500, 7_500).energyJoules).toBeCloseTo(750, 6);
  });

  it("is additive over adjacent windows and never negative (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 2, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (watts, split) => {
          const samples = watts.map((w, i) => ({ timeMs: i * 100, index: 0, powerWatts: w, throttleReasons: [] }));
          const end = (watts.length - 1) * 100;
          const middle = end * split;
          const whole = energyFromTelemetry(samples, 0, end).energyJoules;
          const parts =
            energyFromTelemetry(samples, 0, middle).energyJoules +
            energyFromTelemetry(samples, middle, end).energyJoules;
          expect(whole).toBeGreaterThanOrEqual(0);
          expect(parts).toBeCloseTo(whole, 6);
        },
      ),
    );
  });

  it("fails without power samples", () => {
    expect(() => energyFromTelemetry([], 0, 1000)).toThrow(/no power samples/);
  });
});

describe("nvidia-smi parsing stays linear on hostile input", () => {
  it("a 1 MB line without '.' or ']' is refused quickly, not after minutes of backtracking", () => {
    const line = `${"a".repeat(500_000)}${" ".repeat(500_000)}[`;
    expect(() => parseNvidiaSmiCsv(line)).toThrow(/no header line/);
    const header = `index, ${" ".repeat(500_000)}power.draw [W]\n0, 100 W\n`;
    expect(parseNvidiaSmiCsv(header)[0]).toBeDefined();
  });
});

describe("telemetry refuses impossible readings", () => {
  const header = "index, timestamp, power.draw [W], utilization.gpu [%]\n";
  it("a negative power, a utilisation above 100 % or an unreadable timestamp is an input error naming the sample", () => {
    expect(() => parseTelemetryCsv(`${header}0, 2019/08/23 14:54:47.307, -5 W, 50 %\n`)).toThrow(
      /sample 1: power.draw -5/,
    );
    expect(() => parseTelemetryCsv(`${header}0, 2019/08/23 14:54:47.307, 5 W, 150 %\n`)).toThrow(/utilization.gpu 150/);
    expect(() => parseTelemetryCsv(`${header}0, yesterday, 5 W, 50 %\n`)).toThrow(/unreadable timestamp "yesterday"/);
    expect(parseTelemetryCsv(`${header}0, 2019/08/23 14:54:47.307, 208.36 W, 50 %\n`)[0]?.powerWatts).toBe(208.36);
  });
});
