import { describe, expect, it } from "vitest";
import { createLruEvictionPolicy, type KvEvictionPolicyV1 } from "./eviction-policy";
import { LLAMA_3_1_8B_BF16_KV } from "./kv-bytes-per-token";
import type { KvTraceRequest } from "./kv-trace";
import { simulateKvCache } from "./simulate-kv-cache";
import { generateAgenticTrace, generateSharedPrefixTrace } from "./synthetic-traces";

/** A request whose prompt is one full block of page `p` plus one token (so exactly one block is looked up). */
function page(p: number): KvTraceRequest {
  return { inputTokenIds: [...Array.from({ length: 4 }, () => p), 9999] };
}

const UNBOUNDED = [{ id: "hbm", capacityBytes: 1e15 }];

describe("simulateKvCache", () => {
  it("counts a repeated prompt's full blocks as hits, except the last token's block", () => {
    const prompt = Array.from({ length: 33 }, (_, i) => i);
    const result = simulateKvCache([{ inputTokenIds: prompt }, { inputTokenIds: prompt }], {
      tiers: UNBOUNDED,
      blockTokens: 16,
      kvBytesPerToken: 2,
    });
    // 33 tokens: 2 full blocks, both within the first 32 tokens -> 2 lookups per request
    expect(result.lookedUpBlocks).toBe(4);
    expect(result.hitBlocks).toBe(2);
    expect(result.hitRatio).toBe(0.5);
    expect(result.prefillTokensSaved).toBe(32);
    expect(result.prefillTokensSavedRatio).toBeCloseTo(32 / 66);
    // exactly 32 tokens: the second block holds the last token and is recomputed (vLLM)
    const exact = simulateKvCache([{ inputTokenIds: prompt.slice(0, 32) }, { inputTokenIds: prompt.slice(0, 32) }], {
      tiers: UNBOUNDED,
      blockTokens: 16,
      kvBytesPerToken: 2,
    });
    expect(exact.hitBlocks).toBe(1);
    expect(exact.breakdown.ineligibleTokens).toBe(32);
  });

  it("reuses only the prefix: blocks after the first miss are recomputed", () => {
    const a = [...Array(16).fill(1), ...Array(16).fill(2), ...Array(16).fill(3), 0];
    const b = [...Array(16).fill(1), ...Array(16).fill(7), ...Array(16).fill(3), 0];
    const result = simulateKvCache([{ inputTokenIds: a }, { inputTokenIds: b }], {
      tiers: UNBOUNDED,
      blockTokens: 16,
      kvBytesPerToken: 1,
    });
    expect(result.hitBlocks).toBe(1);
  });

  it("demotes evicted blocks to the next tier and promotes hits, counting bytes read", () => {
    const blockBytes = 4 * 10;
    const result = simulateKvCache([page(1), page(2), page(1)], {
      tiers: [
        { id: "hbm", capacityBytes: blockBytes },
        { id: "dram", capacityBytes: 10 * blockBytes, readGBps: 1, writeGBps: 2 },
      ],
      blockTokens: 4,
      kvBytesPerToken: 10,
    });
    const [hbm, dram] = result.perTier;
    expect(result.hitBlocks).toBe(1);
    expect(hbm?.hitBlocks).toBe(0);
    expect(dram?.hitBlocks).toBe(1);
    expect(dram?.bytesRead).toBe(blockBytes);
    // dram received page 1 (demoted by page 2), then page 2 (demoted by the promotion of page 1)
    expect(dram?.bytesWritten).toBe(2 * blockBytes);
    expect(hbm?.demotedBlocks).toBe(2);
    expect(dram?.readSeconds).toBeCloseTo(blockBytes / 1e9);
    expect(dram?.writeSeconds).toBeCloseTo((2 * blockBytes) / 2e9);
    expect(hbm?.bytesComputed).toBe(2 * blockBytes);
    expect(result.loadSeconds).toBeCloseTo(blockBytes / 1e9);
    expect(result.breakdown.prefillTokensSavedByTier).toEqual({ hbm: 0, dram: 4 });
  });

  it("in write-through mode keeps copies in every tier and reads hits from the fastest copy", () => {
    const blockBytes = 4;
    const result = simulateKvCache([page(1), page(2), page(1), page(1)], {
      tiers: [
        { id: "hbm", capacityBytes: blockBytes },
        { id: "dram", capacityBytes: 10 * blockBytes },
      ],
      blockTokens: 4,
      kvBytesPerToken: 1,
      writeMode: "write-through",
    });
    const [hbm, dram] = result.perTier;
    expect(dram?.bytesWritten).toBe(2 * blockBytes);
    expect(dram?.hitBlocks).toBe(1);
    expect(hbm?.hitBlocks).toBe(1);
    expect(dram?.residentBytes).toBe(2 * blockBytes);
    expect(result.warnings.join(" ")).toMatch(/"dram" has no readGBps/);
  });

  it("shows FIFO's anomaly (Belady 1969) that LRU cannot have: more capacity, fewer hits", () => {
    const trace = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5].map(page);
    const hits = (policy: string, blocks: number) =>
      simulateKvCache(trace, {
        tiers: [{ id: "hbm", capacityBytes: blocks * 4 }],
        blockTokens: 4,
        kvBytesPerToken: 1,
        policy,
      }).hitBlocks;
    expect(hits("fifo", 3)).toBe(3);
    expect(hits("fifo", 4)).toBe(2);
    expect(hits("lru", 3)).toBe(2);
    expect(hits("lru", 4)).toBe(4);
  });

  it("LFU keeps a hot system prompt that LRU loses to a stream of one-off prompts", () => {
    const system = { id: "system", tokens: 64 };
    const trace: KvTraceRequest[] = [];
    for (let i = 0; i < 40; i++) {
      trace.push({ inputSegments: [system, { id: `q${i}`, tokens: 16 }] });
      for (let j = 0; j < 3; j++) trace.push({ inputSegments: [{ id: `noise-${i}-${j}`, tokens: 65 }] });
    }
    const config = { tiers: [{ id: "hbm", capacityBytes: 160 }], blockTokens: 16, kvBytesPerToken: 1 };
    const lru = simulateKvCache(trace, { ...config, policy: "lru" });
    const lfu = simulateKvCache(trace, { ...config, policy: "lfu" });
    expect(lfu.hitRatio).toBeGreaterThan(lru.hitRatio);
  });

  it("accepts a custom policy factory and reports its name", () => {
    let created = 0;
    const factory = (): KvEvictionPolicyV1 => {
      created++;
      return { ...createLruEvictionPolicy(), name: "custom-lru" };
    };
    const result = simulateKvCache(
      [page(1)],
      { tiers: UNBOUNDED, blockTokens: 4, kvBytesPerToken: 1 },
      { policy: factory },
    );
    expect(created).toBeGreaterThanOrEqual(1);
    expect(result.assumptions.join("\n")).toContain("custom-lru");
  });

  it("warns about block-id traces made with another block size, tiers without a block, slow tiers", () => {
    const result = simulateKvCache([{ inputBlockIds: [0, 1], inputTokens: 1024 }], {
      tiers: [
        { id: "hbm", capacityBytes: 1 },
        { id: "ssd", capacityBytes: 1e12, readGBps: 1 },
      ],
      blockTokens: 16,
      kvBytesPerToken: 131072,
      prefillTokensPerSecond: 20_000,
    });
    const text = result.warnings.join("\n");
    expect(text).toMatch(/block-id count that does not match/);
    expect(text).toMatch(/tier "hbm" holds no whole block/);
    expect(text).toMatch(/loading from "ssd" \(1 GB\/s\) is slower than recomputing/);
    expect(result.recomputeSecondsAvoided).toBe(0);
  });

  it("reads Mooncake-style block ids: equal ids are shared prefixes", () => {
    const result = simulateKvCache(
      [
        { inputBlockIds: [0, 1, 2], inputTokens: 1536 + 10 },
        { inputBlockIds: [0, 1, 5], inputTokens: 1536 + 10 },
      ],
      { tiers: UNBOUNDED, blockTokens: 512, kvBytesPerToken: 1 },
    );
    expect(result.hitBlocks).toBe(2);
    expect(result.warnings).toEqual([]);
  });

  it("rejects invalid configurations with field names", () => {
    expect(() => simulateKvCache([], { tiers: [], blockTokens: 16, kvBytesPerToken: 1 })).toThrow(/tiers/);
    expect(() =>
      simulateKvCache([], {
        tiers: [
          { id: "a", capacityBytes: 1 },
          { id: "a", capacityBytes: 1 },
        ],
        blockTokens: 16,
        kvBytesPerToken: 1,
      }),
    ).toThrow(/distinct/);
    expect(() => simulateKvCache([], { tiers: UNBOUNDED, blockTokens: 0, kvBytesPerToken: 1 })).toThrow(/blockTokens/);
    expect(() => simulateKvCache([], { tiers: UNBOUNDED, blockTokens: 16, kvBytesPerToken: 1, policy: "lur" })).toThrow(
      /unknown eviction policy/,
    );
  });

  it("agentic sessions reuse their growing context; shared prompts are reused across users", () => {
    const config = {
      tiers: UNBOUNDED,
      blockTokens: 16,
      kvBytesPerToken: LLAMA_3_1_8B_BF16_KV.kvBytesPerToken,
    };
    const agentic = simulateKvCache(generateAgenticTrace({ seed: 1, sessions: 12 }), config);
    // with unbounded HBM, every turn after the first reuses all earlier full blocks of its session
    expect(agentic.hitRatio).toBeGreaterThan(0.7);
    expect(agentic.prefillTokensSavedRatio).toBeGreaterThan(0.7);
    const shared = simulateKvCache(generateSharedPrefixTrace({ seed: 1, requests: 1000 }), config);
    expect(shared.hitRatio).toBeGreaterThan(0.6);
    expect(config.kvBytesPerToken).toBe(131072);
  });

  it("reports progress every N requests and at the end without changing the result", () => {
    const trace = generateSharedPrefixTrace({ seed: 3, requests: 250 });
    const config = { tiers: [{ id: "hbm", capacityBytes: 2e9 }], blockTokens: 16, kvBytesPerToken: 131072 };
    const seen: number[] = [];
    const withProgress = simulateKvCache(trace, config, {
      onProgress: (done) => seen.push(done),
      progressEveryRequests: 100,
    });
    expect(seen).toEqual([100, 200, 250]);
    expect(withProgress).toEqual(simulateKvCache(trace, config));
  });
});

describe("simulateKvCache memory: blocks no tier holds are forgotten", () => {
  const tiers = [
    { id: "hbm", capacityBytes: 64 * 16 * 1024 },
    { id: "dram", capacityBytes: 256 * 16 * 1024 },
  ];
  const config = { tiers, blockTokens: 16, kvBytesPerToken: 1024 };

  it("LRU gives the same results with or without perfect history, tracking only what the tiers can hold", () => {
    const trace = [...generateSharedPrefixTrace({ requests: 400, seed: 7 })];
    const resident = simulateKvCache(trace, { ...config, history: "resident" });
    const perfect = simulateKvCache(trace, { ...config, history: "perfect" });
    expect(resident.hitBlocks).toBe(perfect.hitBlocks);
    expect(resident.perTier.map((t) => t.bytesRead)).toEqual(perfect.perTier.map((t) => t.bytesRead));
    const longest = Math.max(...trace.map((r) => Math.ceil((r.inputTokens ?? 0) / 16)));
    expect(resident.breakdown.peakTrackedBlocks).toBeLessThanOrEqual(64 + 256 + longest);
    expect(perfect.breakdown.peakTrackedBlocks).toBeGreaterThan(resident.breakdown.peakTrackedBlocks);
  });

  it("LFU keeps perfect history by default and says which history it used", () => {
    const trace = [...generateSharedPrefixTrace({ requests: 200, seed: 3 })];
    const lfu = simulateKvCache(trace, { ...config, policy: "lfu" });
    expect(lfu.assumptions.some((a) => a.includes("perfect-history LFU"))).toBe(true);
    const lru = simulateKvCache(trace, config);
    expect(lru.assumptions.some((a) => a.includes("forgotten"))).toBe(true);
  });
});
