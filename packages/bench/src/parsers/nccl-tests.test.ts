import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { busBandwidth, busBandwidthFactor, COLLECTIVE_IDS, collectiveFromName, NCCL_COLLECTIVES } from "./collectives";
import { ncclTestsToResults, parseNcclTests } from "./nccl-tests";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

describe("nccl-tests parser", () => {
  it("parses the current layout (2.19.6, 8x A100 all_reduce)", () => {
    const report = parseNcclTests(fixture("nccl-tests-all-reduce-2.19.6.txt"));
    expect(report.version).toBe("2.19.6");
    expect(report.collective).toBe("all-reduce");
    expect(report.ranks).toBe(8);
    expect(report.devices[7]).toEqual({
      rank: 7,
      node: "node001",
      device: 7,
      busId: "0000:bd:00",
      name: "NVIDIA A100-SXM4-80GB",
    });
    expect(report.rows).toHaveLength(20);
    const last = report.rows.at(-1);
    expect(last?.sizeBytes).toBe(17179869184);
    expect(last?.root).toBe(-1);
    expect(last?.reductionOp).toBe("sum");
    expect(last?.outOfPlace).toEqual({
      timeUs: 127997,
      algorithmBandwidthGBps: 134.22,
      busBandwidthGBps: 234.89,
      wrongCount: 0,
    });
    expect(report.averageBusBandwidthGBps).toBe(121.862);
    expect(report.outOfBoundsValues).toBe(0);
    expect(report.valid).toBe(true);
  });

  it("recomputes every printed busbw from size, time and the AllReduce factor within print rounding", () => {
    const report = parseNcclTests(fixture("nccl-tests-all-reduce-2.19.6.txt"));
    for (const row of report.rows) {
      const { algorithmBandwidthGBps, busBandwidthGBps } = busBandwidth(
        "all-reduce",
        row.sizeBytes,
        row.outOfPlace.timeUs / 1e6,
        8,
      );
      expect(Math.abs(algorithmBandwidthGBps - row.outOfPlace.algorithmBandwidthGBps)).toBeLessThan(
        0.006 + 1e-3 * algorithmBandwidthGBps,
      );
      expect(Math.abs(busBandwidthGBps - row.outOfPlace.busBandwidthGBps)).toBeLessThan(
        0.011 + 1e-3 * busBandwidthGBps,
      );
    }
  });

  it("parses the legacy layout with a float error column", () => {
    const report = parseNcclTests(fixture("nccl-tests-legacy-error-column.txt"), "all-reduce");
    expect(report.collective).toBe("all-reduce");
    expect(report.rows[0]).toMatchObject({ sizeBytes: 4, count: 1, dataType: "float", reductionOp: "sum" });
    expect(report.rows[0]?.outOfPlace.maxError).toBe(0);
    expect(report.rows[0]?.inPlace?.maxError).toBeCloseTo(4e-7);
    expect(report.rows[0]?.inPlace?.timeUs).toBe(49.35);
  });

  it("parses the older layout with root and #wrong", () => {
    const report = parseNcclTests(fixture("nccl-tests-older-root-column.txt"));
    expect(report.rows[0]).toMatchObject({ sizeBytes: 2097152, root: -1 });
    expect(report.rows[0]?.inPlace?.busBandwidthGBps).toBe(22.46);
  });

  it("parses rccl-tests all_gather without redop/root and matches the (n-1)/n factor for 16 ranks", () => {
    const report = parseNcclTests(fixture("rccl-all-gather-mi250x.txt"), "all-gather");
    expect(report.rows).toHaveLength(8);
    const row = report.rows.at(-1);
    expect(row?.reductionOp).toBeUndefined();
    expect(row?.outOfPlace.busBandwidthGBps).toBe(0.22);
    expect((row?.outOfPlace.algorithmBandwidthGBps ?? 0) * busBandwidthFactor("all-gather", 16)).toBeCloseTo(0.225, 3);
  });

  it("fails a run with wrong values: no numbers come out", () => {
    const broken = fixture("nccl-tests-all-reduce-2.19.6.txt")
      .replace("234.89       0   127997", "234.89       3   127997")
      .replace("# Out of bounds values : 0 OK", "# Out of bounds values : 3 FAILED");
    const report = parseNcclTests(broken);
    expect(report.valid).toBe(false);
    expect(report.problems.join(";")).toMatch(/3 wrong values/);
    const results = ncclTestsToResults(report);
    expect(results.every((r) => r.status === "failed" && r.metrics.length === 0)).toBe(true);
  });

  it("turns a valid run into results with busbw metrics", () => {
    const results = ncclTestsToResults(parseNcclTests(fixture("nccl-tests-all-reduce-2.19.6.txt")));
    expect(results).toHaveLength(20);
    expect(results.at(-1)?.metrics.find((m) => m.name === "busBandwidthGBps")?.value).toBe(234.89);
    expect(results.at(-1)?.parameters).toEqual({ sizeBytes: 17179869184, dataType: "float", ranks: 8 });
  });

  it("rejects text without a table", () => {
    expect(() => parseNcclTests("hello\n")).toThrow(/no nccl-tests result table/);
  });

  it("never throws on arbitrary text other than the documented error (property)", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseNcclTests(text);
        } catch (error) {
          expect((error as Error).message).toMatch(/no nccl-tests result table/);
        }
      }),
    );
  });
});

describe("bus bandwidth factors (nccl-tests doc/PERFORMANCE.md)", () => {
  it("matches the documented factors for 8 ranks", () => {
    expect(busBandwidthFactor("all-reduce", 8)).toBe(1.75);
    for (const id of ["reduce-scatter", "all-gather", "all-to-all", "gather", "scatter"] as const) {
      expect(busBandwidthFactor(id, 8)).toBe(0.875);
    }
    for (const id of ["broadcast", "reduce", "send-recv", "hypercube"] as const)
      expect(busBandwidthFactor(id, 8)).toBe(1);
  });

  it("stays in [0, 2) and grows with ranks (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...COLLECTIVE_IDS), fc.integer({ min: 1, max: 100000 }), (id, n) => {
        const f = busBandwidthFactor(id, n);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThan(2);
        expect(busBandwidthFactor(id, n + 1)).toBeGreaterThanOrEqual(f);
      }),
    );
  });

  it("maps every binary name back to its collective", () => {
    for (const [id, binary] of Object.entries(NCCL_COLLECTIVES)) expect(collectiveFromName(binary)).toBe(id);
    expect(() => busBandwidthFactor("all-reduce", 0)).toThrow();
  });
});

describe("nccl-tests parser refuses the impossible", () => {
  const log = fixture("nccl-tests-all-reduce-2.19.6.txt");
  const row =
    "     1048576        262144     float     sum      -1   101.90   10.29   18.00       0   101.90   10.29   18.00       0";
  it.each([
    ["a zero time", row.replace("   101.90   10.29", "     0.00   10.29"), /time 0 us is not positive/],
    ["a negative time", row.replace("   101.90   10.29", "   -101.9   10.29"), /is not positive/],
    [
      "algbw contradicting size and time",
      row.replace("   10.29   18.00       0   101.90", "   99.99   18.00       0   101.90"),
      /contradicts size \/ time/,
    ],
    [
      "busbw above twice algbw",
      row.replace("   18.00       0   101.90", "   99.00       0   101.90"),
      /more than twice algbw/,
    ],
    ["a truncated row", row.slice(0, 60), /partial row/],
  ])("%s makes the report invalid, with the problem named", (_name, bad, problem) => {
    expect(log).toContain(row);
    const report = parseNcclTests(log.replace(row, bad));
    expect(report.valid).toBe(false);
    expect(report.problems.join("; ")).toMatch(problem);
  });

  it("two concatenated logs are refused instead of merged under one collective", () => {
    expect(() => parseNcclTests(`${log}\n${log}`)).toThrow(/more than one nccl-tests result table/);
  });
});
