import { isAifError, nonFinitePaths } from "@aifactory/core";
/**
 * Fuzz suite (#22): the tiered KV-cache simulator on random configurations across every magnitude (block sizes,
 * bytes per token from 1e-300 to 1e300, capacities from 0 to 1e300, bandwidths) and small random traces (token
 * ids, block ids, segments). Every call returns only finite numbers or throws a typed AifError; at least 5% of
 * the cases produce a result. Bounded: traces of at most 40 requests of at most 600 tokens.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { finiteOrTypedChecker } from "../../../../tooling/vitest/fuzz.ts";
import type { KvTraceRequest } from "./kv-trace";
import { simulateKvCache } from "./simulate-kv-cache";

const SCALE = Math.max(1, Number(process.env.AIF_FUZZ_SCALE ?? 1) || 1);
const { check: finiteOrTyped, seen } = finiteOrTypedChecker({ isAifError, nonFinitePaths });

const magnitude = fc.oneof(
  fc.double({ min: 1, max: 1e7, noNaN: true }),
  fc.double({ min: 1e-300, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, 1, 5e-324, 1.7976931348623157e308),
);

const request: fc.Arbitrary<KvTraceRequest> = fc.oneof(
  fc.record({
    inputTokenIds: fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 600 }),
    outputTokens: fc.integer({ min: 0, max: 600 }),
  }),
  fc
    .record({
      inputBlockIds: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40 }),
      inputTokens: fc.integer({ min: 0, max: 2 ** 31 }),
      sessionId: fc.constantFrom("a", "b", "c"),
    })
    .map((r) => ({ ...r, inputTokens: Math.max(r.inputTokens, r.inputBlockIds.length) })),
  fc.record({
    inputSegments: fc.array(
      fc.record({ id: fc.constantFrom("system", "tools", "doc-1", "doc-2"), tokens: fc.integer({ min: 1, max: 300 }) }),
      { maxLength: 4 },
    ),
  }),
) as fc.Arbitrary<KvTraceRequest>;

const tier = (id: string) =>
  fc.record(
    {
      id: fc.constant(id),
      capacityBytes: magnitude,
      readGBps: magnitude.filter((v) => v > 0),
      writeGBps: magnitude.filter((v) => v > 0),
    },
    { requiredKeys: ["id", "capacityBytes"] },
  );

describe("fuzz: simulateKvCache returns finite numbers or typed errors", () => {
  it("random tiers, block sizes, bytes per token and traces (400 cases)", () => {
    seen.results = 0;
    seen.errors = 0;
    const numRuns = Math.round(400 * SCALE);
    fc.assert(
      fc.property(
        fc.array(request, { maxLength: 40 }),
        fc.oneof(
          fc.tuple(tier("hbm")),
          fc.tuple(tier("hbm"), tier("dram")),
          fc.tuple(tier("hbm"), tier("dram"), tier("ssd")),
        ),
        fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 2 ** 53 - 1 })),
        magnitude,
        fc.constantFrom("lru", "lfu", "fifo"),
        fc.constantFrom("demote-on-evict", "write-through"),
        fc.option(magnitude, { nil: undefined }),
        (trace, tiers, blockTokens, kvBytesPerToken, policy, writeMode, prefill) =>
          finiteOrTyped(() =>
            simulateKvCache(trace, {
              tiers: [...tiers],
              blockTokens,
              kvBytesPerToken,
              policy,
              writeMode: writeMode as "demote-on-evict" | "write-through",
              ...(prefill === undefined ? {} : { prefillTokensPerSecond: prefill }),
            }),
          ),
      ),
      { numRuns },
    );
    expect(seen.results).toBeGreaterThan(numRuns * 0.05);
  });
});
