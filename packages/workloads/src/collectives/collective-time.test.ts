import { describe, expect, it } from "vitest";
import {
  busBandwidthFactor,
  collectiveTimeSeconds,
  hierarchicalCollectiveTimeSeconds,
  placeGroup,
} from "./collective-time";

const up = { busBandwidthGBps: 240, stepLatencySeconds: 0 };
const out = { busBandwidthGBps: 20, stepLatencySeconds: 0 };

describe("collectives (nccl-tests bus-bandwidth factors)", () => {
  it("uses 2(n-1)/n for all-reduce, (n-1)/n for all-gather / reduce-scatter / all-to-all, 1 for send-recv", () => {
    expect(busBandwidthFactor("all-reduce", 8)).toBe(1.75);
    expect(busBandwidthFactor("all-gather", 8)).toBe(0.875);
    expect(busBandwidthFactor("reduce-scatter", 4)).toBe(0.75);
    expect(busBandwidthFactor("all-to-all", 2)).toBe(0.5);
    expect(busBandwidthFactor("send-recv", 2)).toBe(1);
    expect(busBandwidthFactor("all-reduce", 1)).toBe(0);
  });

  it("reproduces algbw from busbw: 8x A100 all-reduce of 16 GiB at 234.89 GB/s busbw takes 16 GiB / 134.22 GB/s", () => {
    const bytes = 16 * 2 ** 30;
    const seconds = collectiveTimeSeconds("all-reduce", bytes, 8, { busBandwidthGBps: 234.89, stepLatencySeconds: 0 });
    expect(bytes / seconds / 1e9).toBeCloseTo(134.22, 1);
  });

  it("places groups in Megatron order and prices cross-domain traffic on scale-out", () => {
    expect(placeGroup(8, 1, 8)).toEqual({ ranks: 8, inner: 8, outer: 1 });
    expect(placeGroup(32, 8, 8)).toEqual({ ranks: 32, inner: 1, outer: 32 });
    expect(placeGroup(16, 2, 8)).toEqual({ ranks: 16, inner: 4, outer: 4 });
    const inside = hierarchicalCollectiveTimeSeconds("all-reduce", 1e9, placeGroup(8, 1, 8), up, out);
    const across = hierarchicalCollectiveTimeSeconds("all-reduce", 1e9, placeGroup(8, 8, 8), up, out);
    const mixed = hierarchicalCollectiveTimeSeconds("all-reduce", 1e9, placeGroup(64, 1, 8), up, out);
    expect(inside).toBeCloseTo(1.75e9 / 240e9, 9);
    expect(across).toBeCloseTo(1.75e9 / 20e9, 9);
    expect(mixed).toBeGreaterThan(inside);
    expect(mixed).toBeLessThan(across);
  });

  it("adds latency per ring step", () => {
    expect(collectiveTimeSeconds("all-reduce", 1, 8, { busBandwidthGBps: 1e9, stepLatencySeconds: 1e-6 })).toBeCloseTo(
      14e-6,
      9,
    );
  });
});
