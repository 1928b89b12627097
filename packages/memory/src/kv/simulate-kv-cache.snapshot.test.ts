import { describe, expect, it } from "vitest";
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

  it("a tier smaller than one request, a single tier and an unbounded tier", () => {
    expect({
      tiny: summary(shared.slice(0, 300), { tiers: tiers(20, 40) }),
      single: summary(shared, { tiers: tiers(5000) }),
      unbounded: summary(agentic, { tiers: tiers(1e9) }),
    }).toMatchSnapshot();
  });
});
