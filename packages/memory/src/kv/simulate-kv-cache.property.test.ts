import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KvTraceRequest } from "./kv-trace";
import { type KvCacheSimulationResult, simulateKvCache } from "./simulate-kv-cache";

/** Requests built from a small pool of segment ids, so prefixes are shared often. */
const requestArbitrary: fc.Arbitrary<KvTraceRequest> = fc.oneof(
  fc
    .array(fc.record({ id: fc.constantFrom("a", "b", "c", "d", "e", "f"), tokens: fc.integer({ min: 1, max: 24 }) }), {
      minLength: 1,
      maxLength: 4,
    })
    .map((inputSegments) => ({ inputSegments })),
  fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }).map((inputTokenIds) => ({ inputTokenIds })),
);
const traceArbitrary = fc.array(requestArbitrary, { minLength: 1, maxLength: 40 });

interface Setup {
  blockTokens: number;
  kvBytesPerToken: number;
  capacitiesInBlocks: number[];
  remainderBytes: number;
}
const setupArbitrary: fc.Arbitrary<Setup> = fc.record({
  blockTokens: fc.constantFrom(1, 2, 4, 8),
  kvBytesPerToken: fc.integer({ min: 1, max: 1000 }),
  capacitiesInBlocks: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 3 }),
  remainderBytes: fc.integer({ min: 0, max: 7 }),
});

function tiersOf(setup: Setup) {
  const blockBytes = setup.blockTokens * setup.kvBytesPerToken;
  return setup.capacitiesInBlocks.map((blocks, i) => ({
    id: `tier-${i}`,
    capacityBytes: blocks * blockBytes + Math.min(setup.remainderBytes, blockBytes - 1),
    readGBps: 1 + i,
    writeGBps: 2 + i,
  }));
}

function allNumbersFinite(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (value === null || typeof value !== "object") return true;
  return Object.values(value).every(allNumbersFinite);
}

function cumulativeHits(result: KvCacheSimulationResult): number[] {
  let sum = 0;
  return result.perTier.map((tier) => {
    sum += tier.hitBlocks;
    return sum;
  });
}

describe("simulateKvCache invariants (fast-check)", () => {
  it("ratios lie in [0, 1], no NaN or Infinity, tokens and bytes are conserved, for every policy and mode", () => {
    fc.assert(
      fc.property(
        traceArbitrary,
        setupArbitrary,
        fc.constantFrom("lru", "lfu", "fifo"),
        fc.constantFrom("demote-on-evict" as const, "write-through" as const),
        (trace, setup, policy, writeMode) => {
          const result = simulateKvCache(trace, {
            tiers: tiersOf(setup),
            blockTokens: setup.blockTokens,
            kvBytesPerToken: setup.kvBytesPerToken,
            policy,
            writeMode,
            prefillTokensPerSecond: 10_000,
          });
          expect(allNumbersFinite(result)).toBe(true);
          expect(result.hitRatio).toBeGreaterThanOrEqual(0);
          expect(result.hitRatio).toBeLessThanOrEqual(1);
          expect(result.prefillTokensSavedRatio).toBeGreaterThanOrEqual(0);
          expect(result.prefillTokensSavedRatio).toBeLessThanOrEqual(1);
          expect(result.prefillTokensSaved + result.prefillTokensComputed).toBe(result.inputTokens);
          expect(
            result.prefillTokensSaved + result.breakdown.missedBlockTokens + result.breakdown.ineligibleTokens,
          ).toBe(result.inputTokens);
          expect(result.breakdown.ineligibleTokens).toBeGreaterThanOrEqual(0);
          let tierHits = 0;
          let tierRatio = 0;
          for (const tier of result.perTier) {
            tierHits += tier.hitBlocks;
            tierRatio += tier.hitRatio;
            expect(tier.bytesWritten - tier.bytesRemoved).toBe(tier.residentBytes);
            expect(tier.residentBytes).toBeLessThanOrEqual(tier.capacityBlocks * result.blockBytes);
            expect(tier.residentBytes).toBeLessThanOrEqual(tier.capacityBytes);
            expect(tier.bytesComputed).toBeLessThanOrEqual(tier.bytesWritten);
            expect(tier.bytesRemoved).toBeGreaterThanOrEqual(0);
          }
          expect(tierHits).toBe(result.hitBlocks);
          expect(tierRatio).toBeCloseTo(result.hitRatio, 12);
          expect(result.perTier[0]?.bytesRead).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("LRU with demote-on-evict: a larger tier never lowers the hit ratio, in total or through any tier (inclusion property)", () => {
    fc.assert(
      fc.property(
        traceArbitrary,
        setupArbitrary,
        fc.nat(),
        fc.integer({ min: 1, max: 10 }),
        (trace, setup, which, extra) => {
          const grown = { ...setup, capacitiesInBlocks: setup.capacitiesInBlocks.slice() };
          const index = which % grown.capacitiesInBlocks.length;
          grown.capacitiesInBlocks[index] = (grown.capacitiesInBlocks[index] as number) + extra;
          const run = (s: Setup) =>
            simulateKvCache(trace, {
              tiers: tiersOf(s),
              blockTokens: s.blockTokens,
              kvBytesPerToken: s.kvBytesPerToken,
            });
          const small = run(setup);
          const large = run(grown);
          expect(large.hitRatio).toBeGreaterThanOrEqual(small.hitRatio);
          expect(large.prefillTokensSaved).toBeGreaterThanOrEqual(small.prefillTokensSaved);
          const smallCumulative = cumulativeHits(small);
          const largeCumulative = cumulativeHits(large);
          smallCumulative.forEach((hits, k) => {
            expect(largeCumulative[k]).toBeGreaterThanOrEqual(hits);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the exclusive LRU hierarchy equals one LRU cache of the summed capacity (total hits)", () => {
    fc.assert(
      fc.property(traceArbitrary, setupArbitrary, (trace, setup) => {
        const base = { blockTokens: setup.blockTokens, kvBytesPerToken: setup.kvBytesPerToken };
        const tiers = tiersOf({ ...setup, remainderBytes: 0 });
        const split = simulateKvCache(trace, { ...base, tiers });
        const total = tiers.reduce((sum, t) => sum + t.capacityBytes, 0);
        const single = simulateKvCache(trace, { ...base, tiers: [{ id: "all", capacityBytes: total }] });
        expect(split.hitBlocks).toBe(single.hitBlocks);
      }),
      { numRuns: 150 },
    );
  });

  it("per-tier hit ratios are not monotone: a larger first tier takes hits from the second", () => {
    const page = (p: number): KvTraceRequest => ({ inputTokenIds: [p, p, p, p, 0] });
    const trace = [1, 2, 1, 2].map(page);
    const run = (hbmBlocks: number) =>
      simulateKvCache(trace, {
        tiers: [
          { id: "hbm", capacityBytes: hbmBlocks * 4 },
          { id: "dram", capacityBytes: 100 },
        ],
        blockTokens: 4,
        kvBytesPerToken: 1,
      });
    expect(run(1).perTier[1]?.hitBlocks).toBe(2);
    expect(run(2).perTier[1]?.hitBlocks).toBe(0);
    expect(run(2).hitBlocks).toBe(run(1).hitBlocks);
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(traceArbitrary, setupArbitrary, (trace, setup) => {
        const config = {
          tiers: tiersOf(setup),
          blockTokens: setup.blockTokens,
          kvBytesPerToken: setup.kvBytesPerToken,
          policy: "lfu",
        };
        expect(simulateKvCache(trace, config)).toEqual(simulateKvCache(trace, config));
      }),
      { numRuns: 50 },
    );
  });
});
