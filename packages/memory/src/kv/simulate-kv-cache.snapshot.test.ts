import { describe, expect, it } from "vitest";
import { createLruEvictionPolicy } from "./eviction-policy";
import type { KvTraceRequest } from "./kv-trace";
import { createSeededRandom, randomInt } from "./seeded-random";
import { type KvCacheSimulationConfig, simulateKvCache } from "./simulate-kv-cache";
import { generateAgenticTrace, generateSharedPrefixTrace } from "./synthetic-traces";

/**
 * Pins the simulator's and the generators' outputs for fixed seeds, recorded before the #23 speed-ups: any
 * change to a hit ratio, a byte count or a generated request shows up here. Update the snapshot only for an
 * intended change of the model, never for a speed-up.
 */

/** FNV-1a over a string: a short fingerprint of a whole generated trace. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** Blocks of 16 tokens x 1 B: a tier of `blocks` blocks holds `16 * blocks` bytes. */
function tiers(...blocks: number[]): KvCacheSimulationConfig["tiers"] {
  return blocks.map((count, t) => ({
    id: `tier-${t}`,
    capacityBytes: 16 * count,
    ...(t > 0 ? { readGBps: 8 / t, writeGBps: 4 / t } : {}),
  }));
}

function summary(trace: KvTraceRequest[], config: Omit<KvCacheSimulationConfig, "blockTokens" | "kvBytesPerToken">) {
  const result = simulateKvCache(trace, { blockTokens: 16, kvBytesPerToken: 1, ...config });
  return {
    hitRatio: result.hitRatio,
    lookedUpBlocks: result.lookedUpBlocks,
    hitBlocks: result.hitBlocks,
    inputTokens: result.inputTokens,
    loadSeconds: result.loadSeconds,
    peakTrackedBlocks: result.breakdown.peakTrackedBlocks,
    perTier: result.perTier.map((tier) => [
      tier.hitBlocks,
      tier.bytesRead,
      tier.bytesWritten,
      tier.bytesComputed,
      tier.bytesRemoved,
      tier.residentBytes,
      tier.demotedBlocks,
      tier.droppedBlocks,
    ]),
    warnings: result.warnings,
  };
}

/** Requests of random token ids that share random prefixes, and a block-id (Mooncake-style) trace. */
function tokenTrace(requests: number, seed: number): KvTraceRequest[] {
  const random = createSeededRandom(seed);
  const prefixes = Array.from({ length: 6 }, (_, p) =>
    Array.from({ length: 16 * randomInt(random, 1, 12) }, () => p * 1000 + randomInt(random, 0, 50)),
  );
  return Array.from({ length: requests }, (_, i) => {
    const prefix = prefixes[randomInt(random, 0, prefixes.length - 1)] as number[];
    const tail = Array.from({ length: randomInt(random, 0, 70) }, () => randomInt(random, 0, 9) + i);
    return i % 3 === 0
      ? { inputTokenIds: prefix.concat(tail), outputTokenIds: [i, i + 1] }
      : { inputTokenIds: prefix.concat(tail) };
  });
}

function blockIdTrace(requests: number, seed: number): KvTraceRequest[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: requests }, (_, i) => {
    const shared = randomInt(random, 0, 4);
    const length = randomInt(random, 1, 20);
    const ids = Array.from({ length }, (_, b) => (b < 8 ? shared * 100 + b : `r${i}-${b}`));
    return { inputBlockIds: ids, inputTokens: 16 * length - randomInt(random, 0, 15) };
  });
}

/**
 * Segment requests whose ids occur once, twice or more in the trace, in input and output, sometimes with no
 * tokens or a fractional count, a once-only segment before a repeated one, and some token-id requests.
 */
function mixedSegmentTrace(requests: number, seed: number): KvTraceRequest[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: requests }, (_, i): KvTraceRequest => {
    if (i % 17 === 0) return { inputTokenIds: Array.from({ length: randomInt(random, 1, 90) }, (_, t) => t % 7) };
    const segments = [{ id: `system-${randomInt(random, 0, 3)}`, tokens: 16 * randomInt(random, 1, 6) }];
    const parts = randomInt(random, 1, 4);
    for (let p = 0; p < parts; p++) {
      const kind = randomInt(random, 0, 5);
      const id =
        kind === 0 ? `shared-${randomInt(random, 0, 9)}` : kind === 1 ? `q-${randomInt(random, 0, i)}` : `q-${i}-${p}`;
      segments.push({
        id,
        tokens: kind === 2 ? 0 : kind === 3 ? randomInt(random, 1, 40) + 0.5 : randomInt(random, 1, 40),
      });
    }
    return i % 4 === 0
      ? { inputSegments: segments, outputSegments: [{ id: `q-${i + 3}-0`, tokens: randomInt(random, 1, 30) }] }
      : { inputSegments: segments };
  });
}

function* iterate(trace: KvTraceRequest[]): Generator<KvTraceRequest> {
  yield* trace;
}

describe("simulateKvCache outputs pinned for fixed seeds (#23)", () => {
  const shared = generateSharedPrefixTrace({ seed: 5, requests: 1500, users: 300 });
  const agentic = generateAgenticTrace({ seed: 9, sessions: 40 });

  it("generators: the same seeds give the same traces", () => {
    expect({
      shared: [shared.length, fingerprint(JSON.stringify(shared))],
      agentic: [agentic.length, fingerprint(JSON.stringify(agentic))],
      sharedUniform: fingerprint(
        JSON.stringify(generateSharedPrefixTrace({ seed: 2, requests: 300, popularityZipfExponent: 0 })),
      ),
      agenticSmall: fingerprint(
        JSON.stringify(generateAgenticTrace({ seed: 4, sessions: 7, concurrentSessions: 3, systemPrompts: 2 })),
      ),
    }).toMatchSnapshot();
  });

  for (const policy of ["lru", "lfu", "fifo"] as const) {
    for (const writeMode of ["demote-on-evict", "write-through"] as const) {
      for (const history of ["resident", "perfect"] as const) {
        it(`shared-prefix and agentic traces, ${policy}, ${writeMode}, ${history} history`, () => {
          expect({
            shared: summary(shared, { tiers: tiers(1500, 6000, 0, 20000), policy, writeMode, history }),
            agentic: summary(agentic, { tiers: tiers(3000, 12000), policy, writeMode, history }),
          }).toMatchSnapshot();
        });
      }
    }
  }

  it("token-id and block-id traces", () => {
    const tokens = tokenTrace(800, 11);
    const blocks = blockIdTrace(800, 12);
    expect({
      tokensLru: summary(tokens, { tiers: tiers(60, 200) }),
      tokensLfu: summary(tokens, { tiers: tiers(60, 200), policy: "lfu" }),
      tokensWriteThrough: summary(tokens, { tiers: tiers(60, 200), writeMode: "write-through" }),
      blocksLru: summary(blocks, { tiers: tiers(50, 150) }),
      blocksFifo: summary(blocks, { tiers: tiers(50, 150), policy: "fifo" }),
    }).toMatchSnapshot();
  });

  it("segments that occur once skip the block-id table with the same results (arrays) as without (iterables)", () => {
    const mixed = mixedSegmentTrace(1200, 13);
    for (const policy of ["lru", "lfu", "fifo"] as const) {
      for (const writeMode of ["demote-on-evict", "write-through"] as const) {
        for (const trace of [mixed, shared.slice(0, 400), agentic.slice(0, 600)]) {
          const config = { blockTokens: 16, kvBytesPerToken: 1, tiers: tiers(40, 150, 300), policy, writeMode };
          expect(simulateKvCache(trace, config)).toEqual(simulateKvCache(iterate(trace), config));
        }
      }
    }
    expect(summary(mixed, { tiers: tiers(40, 150, 300) })).toMatchSnapshot();
  });

  it("built-in LRU (runs of new blocks in one pass) gives the results of the same LRU as a custom policy", () => {
    const random = createSeededRandom(21);
    // Block ids repeated inside a request, and runs longer than the first tier.
    const repeats: KvTraceRequest[] = Array.from({ length: 300 }, (_, i) => {
      const ids = Array.from({ length: randomInt(random, 1, 30) }, () => `b${randomInt(random, 0, 40) + i}`);
      return { inputBlockIds: ids, inputTokens: 16 * ids.length };
    });
    const traces = [
      mixedSegmentTrace(600, 17),
      shared.slice(0, 300),
      agentic.slice(0, 400),
      tokenTrace(300, 3),
      repeats,
    ];
    const tierSets = [tiers(40, 150, 300), tiers(20, 0, 45), tiers(25), tiers(0, 30), tiers(8, 16, 1e9)];
    for (const trace of traces) {
      for (const tierSet of tierSets) {
        for (const kvBytesPerToken of [1, 0.3]) {
          const config = { blockTokens: 16, kvBytesPerToken, tiers: tierSet };
          const custom = simulateKvCache(trace, config, { policy: () => createLruEvictionPolicy() });
          expect(simulateKvCache(trace, config)).toEqual(custom);
        }
      }
    }
  });

  it("a tier smaller than one request, a single tier and an unbounded tier", () => {
    expect({
      tiny: summary(shared.slice(0, 300), { tiers: tiers(20, 40) }),
      single: summary(shared, { tiers: tiers(5000) }),
      unbounded: summary(agentic, { tiers: tiers(1e9) }),
    }).toMatchSnapshot();
  });
});
