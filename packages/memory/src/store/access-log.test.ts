import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accessTimes, clearAccessLog, logAccess, newAccessLogs } from "./access-log";

describe("access logs in typed-array slabs", () => {
  it("keep the last `limit` times of each row in order, as push + shift on an array would", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2, 3, 5, 64, 2.5, Number.POSITIVE_INFINITY, Number.NaN),
        fc.array(
          fc.record({ row: fc.integer({ min: 0, max: 200 }), clear: fc.boolean(), time: fc.double({ noNaN: true }) }),
          { maxLength: 400 },
        ),
        (limit, operations) => {
          const logs = newAccessLogs(limit);
          const reference = new Map<number, number[]>();
          for (const { row, clear, time } of operations) {
            if (clear && reference.has(row)) {
              clearAccessLog(logs, row);
              reference.delete(row);
              continue;
            }
            logAccess(logs, row, time);
            const times = reference.get(row) ?? [];
            times.push(time);
            if (times.length > limit) times.shift();
            reference.set(row, times);
          }
          for (let row = 0; row <= 200; row++) expect(accessTimes(logs, row)).toEqual(reference.get(row) ?? []);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("spreads many logs over several chunks without moving them", () => {
    const logs = newAccessLogs(Number.POSITIVE_INFINITY);
    const rows = 40_000;
    for (let row = 0; row < rows; row++) logAccess(logs, row, row);
    for (let row = 0; row < rows; row += 3) logAccess(logs, row, -row);
    for (let t = 0; t < 5_000; t++) logAccess(logs, 7, t);
    expect((logs.pools[0] as Float64Array[]).length).toBeGreaterThan(1);
    for (let row = 0; row < rows; row++) {
      if (row === 7) continue;
      expect(accessTimes(logs, row)).toEqual(row % 3 === 0 ? [row, -row] : [row]);
    }
    expect(accessTimes(logs, 7)).toEqual([7, ...Array.from({ length: 5_000 }, (_, t) => t)]);
  });

  it("reuses the slots of cleared rows", () => {
    const logs = newAccessLogs(4);
    for (let t = 0; t < 4; t++) logAccess(logs, 0, t);
    clearAccessLog(logs, 0);
    for (let t = 10; t < 14; t++) logAccess(logs, 1, t);
    expect(accessTimes(logs, 0)).toEqual([]);
    expect(accessTimes(logs, 1)).toEqual([10, 11, 12, 13]);
    expect(logs.used).toEqual([1, 1]);
  });
});
