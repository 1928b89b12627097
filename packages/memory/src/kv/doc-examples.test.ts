import { describe, expect, it } from "vitest";
import {
  createFifoEvictionPolicy,
  createInMemoryKvBlockStore,
  createLfuEvictionPolicy,
  createLruEvictionPolicy,
  createSeededRandom,
  formatKvTraceJsonl,
  generateAgenticTrace,
  generateSharedPrefixTrace,
  getKvEvictionPolicy,
  hashSegmentBlocks,
  hashTokenBlocks,
  kvEvictionPolicies,
  LLAMA_3_1_8B_BF16_KV,
  parseKvTierList,
  parseKvTraceJsonl,
  randomInt,
  simulateKvCache,
} from "./index";

/** The @example blocks of the public KV-cache API, run as written (outputs in their comments asserted). */
describe("KV-cache TSDoc examples", () => {
  it("hashing", () => {
    const a = hashTokenBlocks([1, 2, 3, 4, 5, 6, 7, 8, 9], { blockTokens: 4 });
    const b = hashTokenBlocks([1, 2, 3, 4, 0, 0, 0, 0], { blockTokens: 4 });
    expect(a).toHaveLength(2);
    expect(a[0] === b[0]).toBe(true);
    expect(a[1] === b[1]).toBe(false);
    const system = { id: "system-prompt", tokens: 40 };
    const s1 = hashSegmentBlocks([system, { id: "question-a", tokens: 30 }], { blockTokens: 16 });
    const s2 = hashSegmentBlocks([system, { id: "question-b", tokens: 30 }], { blockTokens: 16 });
    expect(s1.length).toBe(4);
    expect(s1[1] === s2[1]).toBe(true);
    expect(s1[2] === s2[2]).toBe(false);
  });

  it("policies", () => {
    const policy = createLruEvictionPolicy();
    policy.insert(1, 1);
    policy.insert(2, 1);
    policy.touch(1);
    expect(policy.victim()).toBe(2);
    const fifo = createFifoEvictionPolicy();
    fifo.insert(1, 1);
    fifo.insert(2, 1);
    fifo.touch(1);
    expect(fifo.victim()).toBe(1);
    const lfu = createLfuEvictionPolicy();
    lfu.insert(1, 50);
    lfu.insert(2, 1);
    lfu.touch(2);
    expect(lfu.victim()).toBe(2);
    expect(Object.keys(kvEvictionPolicies)).toEqual(["lru", "lfu", "fifo"]);
    expect(getKvEvictionPolicy("lfu")().name).toBe("lfu");
  });

  it("stores, tiers, traces, random, sizes", async () => {
    const store = createInMemoryKvBlockStore({
      tier: { tierId: "dram", kind: "host-dram", capacityBytes: 64 },
      policy: createLfuEvictionPolicy,
    });
    expect((await store.put({ blockHash: "a", parentHash: null, tokenCount: 16, bytes: 32 })).stored).toBe(true);
    expect(parseKvTierList("hbm:80GB,dram:1TB@64")).toEqual([
      { id: "hbm", capacityBytes: 80e9 },
      { id: "dram", capacityBytes: 1e12, readGBps: 64, writeGBps: 64 },
    ]);
    const trace = parseKvTraceJsonl(
      '{"inputTokenIds":[1,2,3,4,5]}\n{"timestamp":0,"input_length":600,"output_length":20,"hash_ids":[0]}\n',
    );
    expect(trace.length).toBe(2);
    expect(trace[1]?.inputBlockIds).toEqual([0]);
    expect(formatKvTraceJsonl([{ inputTokenIds: [1, 2] }])).toBe('{"inputTokenIds":[1,2]}\n');
    const random = createSeededRandom(42);
    const first = random();
    expect(createSeededRandom(42)()).toBe(first);
    const n = randomInt(createSeededRandom(1), 10, 20);
    expect(n).toBeGreaterThanOrEqual(10);
    expect(n).toBeLessThanOrEqual(20);
    expect(LLAMA_3_1_8B_BF16_KV.kvBytesPerToken).toBe(131072);
    expect(generateAgenticTrace({ seed: 7, sessions: 20 })[0]?.inputSegments?.[0]?.id).toMatch(/^agent-system-[0-3]$/);
    expect(generateSharedPrefixTrace({ seed: 3, requests: 100 })).toHaveLength(100);
  });

  it("simulateKvCache", () => {
    const result = simulateKvCache(generateSharedPrefixTrace({ requests: 500 }), {
      tiers: [
        { id: "hbm", capacityBytes: 8e9 },
        { id: "dram", capacityBytes: 64e9, readGBps: 64, writeGBps: 64 },
      ],
      blockTokens: 16,
      kvBytesPerToken: 131072,
    });
    expect(result.hitRatio).toBeGreaterThanOrEqual(0);
    expect(result.hitRatio).toBeLessThanOrEqual(1);
    expect(typeof result.perTier[1]?.bytesRead).toBe("number");
  });
});
