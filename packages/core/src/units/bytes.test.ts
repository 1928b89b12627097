import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesToGB, bytesToGiB, formatBytes, gbToBytes, gibToBytes } from "./bytes";

describe("bytes", () => {
  it("keeps GB and GiB distinct (80 GiB = 85.9 GB)", () => {
    expect(gibToBytes(80)).toBe(85_899_345_920);
    expect(bytesToGB(gibToBytes(80))).toBeCloseTo(85.899, 3);
    expect(bytesToGiB(gbToBytes(80))).toBeCloseTo(74.506, 3);
  });

  it("round-trips GB and GiB", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (value) => {
        expect(bytesToGB(gbToBytes(value))).toBeCloseTo(value, 6);
        expect(bytesToGiB(gibToBytes(value))).toBeCloseTo(value, 6);
      }),
    );
  });

  it("formats decimal and binary units", () => {
    expect(formatBytes(80e9)).toBe("80 GB");
    expect(formatBytes(80e9, { system: "binary" })).toBe("74.5 GiB");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(Number.NaN)).toBe("n/a");
  });
});
