import { describe, expect, it } from "vitest";
import { decodeLatencies, decodeLog2Latencies, encodeLatencies } from "./encoding";

describe("latency encoding (log2-u16, base64)", () => {
  it("round-trips within 0.07% and keeps missing points missing", () => {
    const values = [0.5, 1, 10, 123.456, 1e6, null, Number.NaN, -3];
    const decoded = decodeLatencies(encodeLatencies(values));
    for (let i = 0; i < 5; i++) expect(Math.abs((decoded[i] ?? 0) / (values[i] as number) - 1)).toBeLessThan(7e-4);
    for (let i = 5; i < values.length; i++) expect(Number.isNaN(decoded[i])).toBe(true);
  });

  it("decodes every length (with and without base64 padding) the same way", () => {
    for (let n = 0; n < 12; n++) {
      const values = Array.from({ length: n }, (_, i) => 2 ** (i - 3));
      const log2 = decodeLog2Latencies(encodeLatencies(values));
      expect(log2).toHaveLength(n);
      for (let i = 0; i < n; i++) expect(log2[i]).toBeCloseTo(i - 3, 2);
    }
  });

  it("rejects text that is not base64", () => {
    expect(() => decodeLatencies("AAA*")).toThrow(/invalid base64 character at 3/);
  });
});
