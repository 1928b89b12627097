import { finitePositive, InvalidInputError, parseInput, positiveInt } from "@aifactory/core";
import { z } from "zod";
import { BlockIdTable } from "./block-id-table";
import {
  builtInPolicyOn,
  getKvEvictionPolicy,
  type KvBuiltInEvictionPolicy,
  type KvEvictionPolicyFactory,
  type KvEvictionPolicyV1,
  KvLinkStore,
  UNLINKED,
} from "./eviction-policy";
import { kvTierSchema } from "./kv-tier";
import type { KvTraceRequest } from "./kv-trace";
import {
  blockIdToKey,
  blockLanesToKey,
  type KvTokenSegment,
  SegmentKeyChain,
  tokenBlockChain,
} from "./prefix-block-hash";

/**
 * Configuration of {@link simulateKvCache}.
 *
 * @example
 * ```ts
 * import { kvCacheSimulationConfigSchema } from "@aifactory/memory";
 * kvCacheSimulationConfigSchema.parse({
 *   tiers: [{ id: "hbm", capacityBytes: 40e9 }, { id: "dram", capacityBytes: 1e12, readGBps: 64, writeGBps: 64 }],
 *   blockTokens: 16,
 *   kvBytesPerToken: 131072,
 * });
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const kvCacheSimulationConfigSchema = z
  .object({
    /** Tiers, fastest first; the first is where attention runs (HBM). 1 to 16 tiers with distinct ids. */
    tiers: z
      .array(kvTierSchema)
      .min(1)
      .max(16)
      .refine((tiers) => new Set(tiers.map((t) => t.id)).size === tiers.length, {
        message: "tier ids must be distinct",
      }),
    /** Tokens per KV block (vLLM default 16; Mooncake traces use 512). */
    blockTokens: positiveInt,
    /**
     * KV-cache bytes per token of the model: 2 (K and V) x layers x KV heads x head dim x bytes per element
     * for grouped-query attention (`kvCacheBytesPerToken` in `@aifactory/workloads` computes it for any model).
     */
    kvBytesPerToken: finitePositive,
    /** Built-in eviction policy name (`lru`, `lfu`, `fifo`); default `lru`. A custom factory goes in options. */
    policy: z.string().min(1).default("lru"),
    /**
     * How tiers relate. `demote-on-evict` (default): exclusive; a block lives in one tier, eviction from tier i
     * demotes it to tier i+1, a hit in a lower tier promotes it to the first tier. `write-through`: inclusive, as
     * LMCache stores each computed chunk to every configured backend; each tier evicts on its own.
     */
    writeMode: z.enum(["demote-on-evict", "write-through"]).default("demote-on-evict"),
    /**
     * What the simulator remembers about blocks that no tier holds any more. `resident` (default except for
     * `lfu`): nothing, so memory is bounded by the tiers' capacity; a returning block starts over. `perfect`
     * (default for `lfu`): every block's access count forever (perfect-history LFU), memory grows with the
     * distinct blocks of the trace.
     */
    history: z.enum(["resident", "perfect"]).optional(),
    /**
     * Prefill throughput of the deployment, tokens/s; when given, the result compares loading cached blocks
     * with recomputing them.
     */
    prefillTokensPerSecond: finitePositive
      .min(1e-3, { message: "must be at least 0.001 tokens/s (a slower prefill overflows the time estimates)" })
      .optional(),
  })
  .strict();

/**
 * Configuration of {@link simulateKvCache} (input form; defaults applied).
 *
 * @example
 * ```ts
 * import type { KvCacheSimulationConfig } from "@aifactory/memory";
 * const config: KvCacheSimulationConfig = {
 *   tiers: [{ id: "hbm", capacityBytes: 40e9 }],
 *   blockTokens: 16,
 *   kvBytesPerToken: 131072,
 *   policy: "lfu",
 * };
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export type KvCacheSimulationConfig = z.input<typeof kvCacheSimulationConfigSchema>;

/**
 * Per-tier results of {@link simulateKvCache}.
 *
 * @example
 * ```ts
 * import { simulateKvCache, type KvTierSimulationResult } from "@aifactory/memory";
 * const result = simulateKvCache([{ inputTokenIds: [1, 2, 3] }], {
 *   tiers: [{ id: "hbm", capacityBytes: 1e9 }],
 *   blockTokens: 2,
 *   kvBytesPerToken: 2,
 * });
 * const hbm: KvTierSimulationResult | undefined = result.perTier[0];
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface KvTierSimulationResult {
  /** The tier id. */
  id: string;
  /** The tier capacity, bytes. */
  capacityBytes: number;
  /** Whole blocks that fit: `floor(capacityBytes / blockBytes)`. */
  capacityBlocks: number;
  /** Prefix-hit blocks served from this tier. */
  hitBlocks: number;
  /** `hitBlocks / lookedUpBlocks` (tiers' ratios add up to the total `hitRatio`). */
  hitRatio: number;
  /** Prefill tokens saved by this tier's hits (`hitBlocks x blockTokens`). */
  prefillTokensSaved: number;
  /** Bytes read from this tier into the first tier to serve hits (0 for the first tier). */
  bytesRead: number;
  /** Bytes that entered this tier (computed, promoted, demoted or written through). */
  bytesWritten: number;
  /** Of `bytesWritten`, bytes computed by prefill or decode in place (first tier only; not a transfer). */
  bytesComputed: number;
  /** Bytes that left this tier (evicted, demoted, promoted or replaced by a recomputed copy). */
  bytesRemoved: number;
  /** Bytes resident at the end: always `bytesWritten - bytesRemoved`. */
  residentBytes: number;
  /** Transfers: `bytesRead + bytesWritten - bytesComputed`. */
  bytesMoved: number;
  /** Blocks moved down to the next tier on eviction. */
  demotedBlocks: number;
  /** Blocks that left the hierarchy from this tier (dropped). */
  droppedBlocks: number;
  /** `bytesRead / readGBps`, seconds; `null` without a read bandwidth. */
  readSeconds: number | null;
  /** `(bytesWritten - bytesComputed) / writeGBps`, seconds; `null` without a write bandwidth. */
  writeSeconds: number | null;
}

/**
 * Result of {@link simulateKvCache}.
 *
 * @example
 * ```ts
 * import { simulateKvCache, type KvCacheSimulationResult } from "@aifactory/memory";
 * const result: KvCacheSimulationResult = simulateKvCache([{ inputTokenIds: [1, 2, 3] }], {
 *   tiers: [{ id: "hbm", capacityBytes: 1e9 }],
 *   blockTokens: 2,
 *   kvBytesPerToken: 2,
 * });
 * result.hitRatio; // 0 (one request: nothing cached yet)
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface KvCacheSimulationResult {
  /** Prefix-hit blocks / looked-up blocks, in [0, 1]. */
  hitRatio: number;
  /** Prefill tokens saved / input tokens, in [0, 1]. */
  prefillTokensSavedRatio: number;
  /** Requests replayed. */
  requests: number;
  /** Prompt tokens of all requests. */
  inputTokens: number;
  /** Blocks looked up: for each request the full blocks within its first `inputTokens - 1` tokens. */
  lookedUpBlocks: number;
  /** Blocks of the longest cached prefix of each request, summed. */
  hitBlocks: number;
  /** Prompt tokens not recomputed: `hitBlocks x blockTokens`. */
  prefillTokensSaved: number;
  /** Prompt tokens computed: `inputTokens - prefillTokensSaved`. */
  prefillTokensComputed: number;
  /** Bytes of one block: `blockTokens x kvBytesPerToken`. */
  blockBytes: number;
  /** Per tier, fastest first. */
  perTier: KvTierSimulationResult[];
  /** Time to load every hit from lower tiers, summed over tiers with a read bandwidth (no overlap), seconds. */
  loadSeconds: number;
  /** `prefillTokensSaved / prefillTokensPerSecond`, seconds; `null` without a prefill throughput. */
  recomputeSecondsAvoided: number | null;
  /** What the prompt tokens became. */
  breakdown: {
    /** Tokens served from cache, by tier id. */
    prefillTokensSavedByTier: Record<string, number>;
    /** Tokens in blocks that were looked up and missed (or followed a miss). */
    missedBlockTokens: number;
    /** Tokens never eligible for a hit: the partial trailing block and the last token (recomputed for logits). */
    ineligibleTokens: number;
    /**
     * Most blocks the simulator tracked at once (resident anywhere, or remembered with `history: "perfect"`): its
     * memory grows with this, bounded by the tiers' capacity without perfect history.
     */
    peakTrackedBlocks: number;
  };
  /** The model's assumptions, in words. */
  assumptions: string[];
  /** Anything suspicious in the inputs or the results. */
  warnings: string[];
}

/**
 * Options of {@link simulateKvCache} that are not plain data.
 *
 * @example
 * ```ts
 * import { createLruEvictionPolicy, type SimulateKvCacheOptions } from "@aifactory/memory";
 * const options: SimulateKvCacheOptions = { policy: createLruEvictionPolicy };
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface SimulateKvCacheOptions {
  /** A custom eviction policy factory (overrides `config.policy`). */
  policy?: KvEvictionPolicyFactory;
  /**
   * Called with the number of requests replayed so far, every `progressEveryRequests` requests and once at the
   * end, for progress displays on long traces. It only observes: the result is the same with or without it.
   */
  onProgress?: (requestsDone: number) => void;
  /** How often `onProgress` is called, in requests (default 1,000). */
  progressEveryRequests?: number;
}

interface TierState {
  capacityBlocks: number;
  policy: KvEvictionPolicyV1;
  hitBlocks: number;
  bytesRead: number;
  bytesWritten: number;
  bytesComputed: number;
  bytesRemoved: number;
  demotedBlocks: number;
  droppedBlocks: number;
}

interface RequestBlocks {
  /** Every full block of input (+ output when given as content), in order, as 53-bit hash keys. */
  keys: number[];
  /** How many of `keys` may be looked up. */
  lookupBlocks: number;
  inputTokens: number;
  /** Block ids whose count disagrees with inputTokens / blockTokens. */
  mismatchedBlockIds: boolean;
}

/** The blocks of a request given by token ids or block ids (segment requests go through a SegmentKeyChain). */
function requestBlocks(request: KvTraceRequest, blockTokens: number): RequestBlocks {
  if (request.inputTokenIds !== undefined) {
    const input = request.inputTokenIds;
    const all = request.outputTokenIds === undefined ? input : input.concat(request.outputTokenIds);
    const keys = tokenBlockChain(all, { blockTokens }, blockLanesToKey);
    const lookupBlocks = Math.min(
      Math.floor(input.length / blockTokens),
      Math.floor(Math.max(0, input.length - 1) / blockTokens),
    );
    return { keys, lookupBlocks, inputTokens: input.length, mismatchedBlockIds: false };
  }
  const ids = request.inputBlockIds ?? [];
  const inputTokens = request.inputTokens ?? 0;
  const keys = ids.map(blockIdToKey);
  const expectedFull = Math.floor(inputTokens / blockTokens);
  const expectedCeil = Math.ceil(inputTokens / blockTokens);
  return {
    keys,
    lookupBlocks: Math.min(ids.length, Math.floor(Math.max(0, inputTokens - 1) / blockTokens)),
    inputTokens,
    mismatchedBlockIds: ids.length !== expectedFull && ids.length !== expectedCeil,
  };
}

/** Doubles a typed array until index `atLeast - 1` fits, keeping its contents. */
function grown<T extends Float64Array | Int32Array | Int8Array>(array: T, atLeast: number, fill?: number): T {
  let length = Math.max(16, array.length * 2);
  while (length < atLeast) length *= 2;
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array as never);
  if (fill !== undefined) next.fill(fill, array.length);
  return next;
}

function lowestBit(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}

/**
 * Each block id owns a 64-byte record (one cache line): its key (float64 0; -1 while the id is free), its
 * accesses so far (float64 1), its residency mask (int32 4) and, with built-in policies and up to
 * {@link SHARED_LINK_TIERS} tiers, each tier's `[prev, next]` links (int32 6 + 2t). A block moved between tiers
 * then touches one line, not one per array (several times more misses once the tiers hold more blocks than the
 * CPU caches).
 */
const RECORD_BYTES = 64;
const F64_STRIDE = RECORD_BYTES / 8;
const I32_STRIDE = RECORD_BYTES / 4;
const ACCESSES = 1;
const RESIDENCY = 4;
const LINKS = 6;
const SHARED_LINK_TIERS = 5;

/**
 * The key field of a block that stays out of the block-id table (see {@link countSegmentIds}): not -1 (a free
 * id) and never equal to a real key (those are non-negative), so a stale id hint cannot match it.
 */
const UNIQUE_KEY = -2;

/** Largest id-count sketch, bytes. */
const MAX_SEGMENT_SKETCH = 1 << 24;

function segmentIdSlot(id: string, mask: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}

/**
 * Counts the segment ids of a whole trace (given as an array) in a sketch of counters saturating at 2, indexed
 * by a hash of the id: a counter of 1 means that exactly one occurrence of one id fell there, so that id occurs
 * once in the trace. Every block from such a segment's first token on has a chain key that no other request
 * (and no other block) produces, up to 53-bit hash collisions: it cannot be a hit later and was never seen
 * before, so the simulator gives it an id without entering it in the block-id table (two cache misses per new
 * block fewer: the probe and the deletion when it is dropped). Colliding ids only read as repeated, which keeps
 * those blocks on the ordinary path: the results are the same either way. `undefined` without segment requests.
 */
function countSegmentIds(trace: readonly KvTraceRequest[]): Uint8Array | undefined {
  let occurrences = 0;
  for (const request of trace) {
    if (request.inputSegments === undefined || request.inputTokenIds !== undefined) continue;
    occurrences += request.inputSegments.length + (request.outputSegments?.length ?? 0);
  }
  if (occurrences === 0) return undefined;
  let size = 1024;
  while (size < 8 * occurrences && size < MAX_SEGMENT_SKETCH) size *= 2;
  const counts = new Uint8Array(size);
  const mask = size - 1;
  const add = (segments: ReadonlyArray<{ id: string }>): void => {
    for (const segment of segments) {
      const slot = segmentIdSlot(segment.id, mask);
      if ((counts[slot] as number) < 2) counts[slot] = (counts[slot] as number) + 1;
    }
  };
  for (const request of trace) {
    if (request.inputSegments === undefined || request.inputTokenIds !== undefined) continue;
    add(request.inputSegments);
    if (request.outputSegments !== undefined) add(request.outputSegments);
  }
  return counts;
}

/** Index of the first segment with tokens whose id occurs once (`segments.length`: none). */
function firstUniqueSegment(segments: ReadonlyArray<{ id: string; tokens: number }>, counts: Uint8Array): number {
  const mask = counts.length - 1;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s] as { id: string; tokens: number };
    // A segment without tokens does not enter the chain.
    if (Math.floor(segment.tokens) > 0 && counts[segmentIdSlot(segment.id, mask)] === 1) return s;
  }
  return segments.length;
}

/** Largest lower tier, in blocks, whose order the batch insertion keeps a ring of (see `prefetchVictims`). */
const PREFETCH_RING_BLOCKS = 1 << 22;

/** Largest KV block the simulator accepts, bytes (1 EB: larger than any memory tier). */
const MAX_BLOCK_BYTES = 1e18;

/**
 * Replays a KV-cache trace through a tiered prefix cache (HBM, host DRAM, local SSD, a remote store) and
 * reports hit ratios per tier, bytes moved per tier, prefill tokens saved and transfer-time estimates.
 *
 * The model, per request in trace order (details and sources in `docs/kv-cache.md`):
 * 1. The prompt's full blocks get chained prefix hashes (as vLLM's automatic prefix caching); the lookup covers
 *    the full blocks inside the first `inputTokens - 1` tokens (vLLM recomputes the last prompt token for its
 *    logits).
 * 2. The hit is the longest run of leading blocks resident in any tier (vLLM, SGLang and Mooncake all reuse
 *    prefixes only); each hit block counts for the tier that holds it, and a lower-tier hit reads
 *    `blockBytes` from that tier.
 * 3. Then every full block of the request, output included when the trace gives its content, is referenced in
 *    reverse order (last block first), as vLLM frees a finished request's blocks tail first, so the shared root
 *    of a prefix is the most recently used. A reference moves the block to the first tier (promotion), or
 *    inserts it there when it was computed; a full tier evicts by the policy and, in `demote-on-evict` mode,
 *    demotes the victim to the next tier (dropped after the last one).
 *
 * With LRU in `demote-on-evict` mode the whole hierarchy is one LRU stack split by capacity, so a larger tier
 * never lowers the total hit ratio (Mattson et al. 1970's inclusion property); the property tests check it. No
 * pinning of running requests, no concurrency, no overlap of transfers with compute, peak bandwidths.
 *
 * @param trace - the requests (from {@link parseKvTraceJsonl} or the synthetic generators)
 * @param config - tiers, block size, KV bytes per token, policy, write mode (validated)
 * @param options - a custom eviction policy factory; a progress callback
 * @returns hit ratios, per-tier traffic, tokens saved, times, breakdown, assumptions and warnings
 * @throws InvalidInputError for an invalid configuration (including a block of more than 1e18 bytes); NotFoundError
 *   for an unknown policy name
 * @example
 * ```ts
 * import { generateSharedPrefixTrace, simulateKvCache } from "@aifactory/memory";
 * const result = simulateKvCache(generateSharedPrefixTrace({ requests: 500 }), {
 *   tiers: [{ id: "hbm", capacityBytes: 8e9 }, { id: "dram", capacityBytes: 64e9, readGBps: 64, writeGBps: 64 }],
 *   blockTokens: 16,
 *   kvBytesPerToken: 131072,
 * });
 * result.hitRatio; // in [0, 1]
 * result.perTier[1]?.bytesRead; // bytes loaded from DRAM
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function simulateKvCache(
  trace: Iterable<KvTraceRequest>,
  config: KvCacheSimulationConfig,
  options: SimulateKvCacheOptions = {},
): KvCacheSimulationResult {
  const parsed = parseInput(kvCacheSimulationConfigSchema, config, "KV cache simulation config");
  const policyFactory = options.policy ?? getKvEvictionPolicy(parsed.policy);
  const onProgress = options.onProgress;
  const every = options.progressEveryRequests;
  const progressEvery = every !== undefined && Number.isFinite(every) && every >= 1 ? Math.floor(every) : 1000;
  const blockTokens = parsed.blockTokens;
  const blockBytes = blockTokens * parsed.kvBytesPerToken;
  // Byte counters add blockBytes once per block moved: a block beyond any memory (1 EB) would overflow them to
  // Infinity long before it meant anything (fuzz suite, #22).
  if (!(blockBytes <= MAX_BLOCK_BYTES)) {
    throw new InvalidInputError("KV cache simulation config", [
      {
        path: "kvBytesPerToken",
        message: `blockTokens x kvBytesPerToken = ${blockBytes} B per block, more than any memory holds (at most ${MAX_BLOCK_BYTES} B)`,
        received: parsed.kvBytesPerToken,
        hint: "kvBytesPerToken is bytes per token (e.g. 131072 for Llama 3.1 8B in bf16)",
      },
    ]);
  }
  const exclusive = parsed.writeMode === "demote-on-evict";
  const tierCount = parsed.tiers.length;
  const tiers: TierState[] = parsed.tiers.map((tier) => ({
    // A capacity of more blocks than 2^53 - 1 is unlimited for any trace; the count stays exact and finite.
    capacityBlocks: Math.min(Number.MAX_SAFE_INTEGER, Math.floor(tier.capacityBytes / blockBytes)),
    policy: undefined as unknown as KvEvictionPolicyV1,
    hitBlocks: 0,
    bytesRead: 0,
    bytesWritten: 0,
    bytesComputed: 0,
    bytesRemoved: 0,
    demotedBlocks: 0,
    droppedBlocks: 0,
  }));
  // Blocks are interned to dense integer ids once per request; tiers and policies then work on integers.
  // Without perfect history, a block no tier holds is forgotten at the end of the request and its id reused.
  const perfectHistory = (parsed.history ?? (parsed.policy === "lfu" ? "perfect" : "resident")) === "perfect";
  const idOf = new BlockIdTable(F64_STRIDE, 0);
  // Per-id records (see RECORD_BYTES): the key, the residency (bit t set: resident in tier t; 0: nowhere;
  // exclusive mode sets at most one bit), the accesses so far (counts outlive residency with perfect history: a
  // returning block resumes its count) and the built-in policies' links.
  let records = new ArrayBuffer(RECORD_BYTES * 1024);
  let f64 = new Float64Array(records);
  let i32 = new Int32Array(records);
  const sharedLinks = tierCount <= SHARED_LINK_TIERS ? new KvLinkStore(I32_STRIDE, i32) : undefined;
  let firstBuiltIn: KvBuiltInEvictionPolicy | undefined;
  const builtIns: KvBuiltInEvictionPolicy[] = [];
  for (const [t, tier] of tiers.entries()) {
    const builtIn = sharedLinks === undefined ? undefined : builtInPolicyOn(policyFactory, sharedLinks, LINKS + 2 * t);
    if (t === 0) firstBuiltIn = builtIn;
    if (builtIn !== undefined) builtIns.push(builtIn);
    tier.policy = builtIn ?? policyFactory();
  }
  // Built-in LRU in exclusive mode: runs of first-tier hits can move in one splice (see the reference loop).
  const touchRun = exclusive ? firstBuiltIn?.touchRun : undefined;
  // ... and a run of new blocks enters the hierarchy in one pass per tier (see insertNewRun): the tiers that
  // hold blocks, and the longest run that none of them can evict while it goes in.
  const levels: number[] = [];
  let longestBulkRun = 0;
  if (touchRun !== undefined && builtIns.length === tierCount) {
    longestBulkRun = Number.POSITIVE_INFINITY;
    for (let t = 0; t < tierCount; t++) {
      const capacity = (tiers[t] as TierState).capacityBlocks;
      if (capacity === 0) continue;
      levels.push(t);
      longestBulkRun = Math.min(longestBulkRun, capacity);
    }
    if (levels.length === 0) longestBulkRun = 0;
  }
  let moving = new Int32Array(256);
  let victims = new Int32Array(256);
  // Per lower tier (at most PREFETCH_RING_BLOCKS blocks): the blocks the batch insertion appended, in order. In
  // demote-on-evict mode a lower tier only appends and removes, so its LRU order is this order less the blocks
  // promoted since: the next victims are read from here ahead of the list walk, whose loads depend on each
  // other, so that their cache misses overlap. Only a hint: a ring out of step with the list is skipped.
  const rings: (Int32Array | undefined)[] = levels.map((t, l) => {
    if (l === 0) return undefined;
    const capacity = (tiers[t] as TierState).capacityBlocks;
    if (capacity > PREFETCH_RING_BLOCKS) return undefined;
    let size = 1024;
    while (size < 2 * capacity) size *= 2;
    return new Int32Array(size).fill(-1);
  });
  const ringWrite = new Float64Array(levels.length);
  const ringRead = new Float64Array(levels.length);
  /** Where the prefetching loads go, so that the compiler keeps them. */
  const prefetchSink = new Float64Array(1);

  /** Loads the records of tier level `l`'s next `count` victims (from its ring) ahead of the walk. */
  function prefetchVictims(l: number, t: number, count: number): void {
    const ring = rings[l];
    if (ring === undefined) return;
    const mask = ring.length - 1;
    const head = (builtIns[t] as KvBuiltInEvictionPolicy).victim();
    let read = ringRead[l] as number;
    const write = ringWrite[l] as number;
    let steps = 0;
    while (read < write && ring[read & mask] !== head && steps < 256) {
      read++;
      steps++;
    }
    ringRead[l] = read;
    if (ring[read & mask] !== head) return;
    const end = Math.min(write, read + count + 8);
    let sum = 0;
    for (let j = read; j < end; j++) sum += i32[I32_STRIDE * (ring[j & mask] as number) + RESIDENCY] as number;
    prefetchSink[0] = (prefetchSink[0] as number) + sum;
    ringRead[l] = read + count;
  }
  const clearRecords = (from: number, to: number): void => {
    for (let id = from; id < to; id++) {
      f64[F64_STRIDE * id] = -1;
      for (let t = 0; t < SHARED_LINK_TIERS; t++) i32[I32_STRIDE * id + LINKS + 2 * t] = UNLINKED;
    }
  };
  clearRecords(0, 1024);
  /** Ids handed out so far (`records` hold at least this many). */
  let idCount = 0;
  const freeIds: number[] = [];
  /** Ids that lost their last tier during the current request (checked and freed after it). */
  const orphaned: number[] = [];

  /** Ids held now: resident somewhere, or remembered with perfect history. */
  let liveIds = 0;

  function intern(key: number): number {
    let id = idOf.get(key, f64);
    if (id === -1) {
      id = allocate(key);
      idOf.add(key, id);
    }
    return id;
  }

  /** A new id with no accesses and no residency whose record holds `key` (not added to the table). */
  function allocate(key: number): number {
    let id = freeIds.pop() ?? -1;
    if (id === -1) {
      id = idCount++;
      if (F64_STRIDE * id >= f64.length) {
        const capacity = f64.length / F64_STRIDE;
        const next = new ArrayBuffer(2 * records.byteLength);
        new Uint8Array(next).set(new Uint8Array(records));
        records = next;
        f64 = new Float64Array(records);
        i32 = new Int32Array(records);
        clearRecords(capacity, 2 * capacity);
        if (sharedLinks !== undefined) sharedLinks.data = i32;
      }
    }
    i32[I32_STRIDE * id + RESIDENCY] = 0;
    f64[F64_STRIDE * id + ACCESSES] = 0;
    f64[F64_STRIDE * id] = key;
    liveIds++;
    return id;
  }

  /** Frees the ids of blocks that lost their last tier. */
  function forgetOrphans(): void {
    for (const id of orphaned) {
      const key = f64[F64_STRIDE * id] as number;
      if (i32[I32_STRIDE * id + RESIDENCY] !== 0 || key === -1) continue;
      if (key !== UNIQUE_KEY) idOf.delete(key, id);
      f64[F64_STRIDE * id] = -1;
      freeIds.push(id);
      liveIds--;
    }
    orphaned.length = 0;
  }

  function nextNonEmpty(level: number): number {
    let t = level;
    while (t < tierCount && (tiers[t] as TierState).capacityBlocks === 0) t++;
    return t;
  }

  /** Exclusive mode: put a block into tier t (or the next tier that holds blocks), demoting victims downwards. */
  function insertExclusive(t: number, id: number, computed: boolean): void {
    const level = nextNonEmpty(t);
    if (level >= tierCount) {
      i32[I32_STRIDE * id + RESIDENCY] = 0;
      if (!perfectHistory) orphaned.push(id);
      return;
    }
    const tier = tiers[level] as TierState;
    while (tier.policy.size >= tier.capacityBlocks) {
      const victim = tier.policy.victim();
      if (victim === undefined) break;
      tier.policy.remove(victim);
      tier.bytesRemoved += blockBytes;
      const next = nextNonEmpty(level + 1);
      if (next < tierCount) {
        tier.demotedBlocks++;
        insertExclusive(next, victim, false);
      } else {
        tier.droppedBlocks++;
        i32[I32_STRIDE * victim + RESIDENCY] = 0;
        if (!perfectHistory) orphaned.push(victim);
      }
    }
    tier.policy.insert(id, f64[F64_STRIDE * id + ACCESSES] as number);
    tier.bytesWritten += blockBytes;
    if (computed) tier.bytesComputed += blockBytes;
    i32[I32_STRIDE * id + RESIDENCY] = 1 << level;
  }

  /** Write-through mode: put a copy into tier t, dropping the tier's victims. */
  function insertCopy(t: number, id: number, computed: boolean): void {
    const tier = tiers[t] as TierState;
    if (tier.capacityBlocks === 0) return;
    while (tier.policy.size >= tier.capacityBlocks) {
      const victim = tier.policy.victim();
      if (victim === undefined) break;
      tier.policy.remove(victim);
      tier.bytesRemoved += blockBytes;
      tier.droppedBlocks++;
      i32[I32_STRIDE * victim + RESIDENCY] = (i32[I32_STRIDE * victim + RESIDENCY] as number) & ~(1 << t);
      if (!perfectHistory && i32[I32_STRIDE * victim + RESIDENCY] === 0) orphaned.push(victim);
    }
    tier.policy.insert(id, f64[F64_STRIDE * id + ACCESSES] as number);
    tier.bytesWritten += blockBytes;
    if (computed) tier.bytesComputed += blockBytes;
    i32[I32_STRIDE * id + RESIDENCY] = (i32[I32_STRIDE * id + RESIDENCY] as number) | (1 << t);
  }

  /**
   * Exclusive built-in LRU: references `ids[hi - 1]`, ..., `ids[lo]`, blocks no tier holds (distinct, at most
   * `longestBulkRun`), as `reference` would one by one: they enter the first tier that holds blocks in that
   * order, its oldest blocks go down to the next tier in theirs, and so on; the last tier drops its oldest. No
   * block of the run is evicted (the run fits every tier), so each tier takes its victims from the blocks it
   * held before, in the same order as block by block, and every count adds the same `blockBytes` as often.
   */
  function insertNewRun(lo: number, hi: number): void {
    let n = hi - lo;
    for (let x = 0; x < n; x++) {
      const id = ids[hi - 1 - x] as number;
      moving[x] = id;
      const at = F64_STRIDE * id + ACCESSES;
      f64[at] = (f64[at] as number) + 1;
    }
    for (let l = 0; l < levels.length; l++) {
      const t = levels[l] as number;
      const tier = tiers[t] as TierState;
      const policy = builtIns[t] as Required<KvBuiltInEvictionPolicy>;
      const evicted = Math.max(0, policy.size + n - tier.capacityBlocks);
      if (evicted > 0) prefetchVictims(l, t, evicted);
      policy.removeOldest(evicted, victims);
      for (let x = 0; x < evicted; x++) tier.bytesRemoved += blockBytes;
      policy.insertAll(moving, n);
      const ring = rings[l];
      if (ring !== undefined) {
        const mask = ring.length - 1;
        let write = ringWrite[l] as number;
        for (let x = 0; x < n; x++) ring[write++ & mask] = moving[x] as number;
        ringWrite[l] = write;
      }
      const bit = 1 << t;
      for (let x = 0; x < n; x++) {
        i32[I32_STRIDE * (moving[x] as number) + RESIDENCY] = bit;
        tier.bytesWritten += blockBytes;
      }
      if (l === 0) for (let x = 0; x < n; x++) tier.bytesComputed += blockBytes;
      if (l + 1 < levels.length) {
        tier.demotedBlocks += evicted;
        const swap = moving;
        moving = victims;
        victims = swap;
        n = evicted;
        if (n === 0) return;
      } else {
        tier.droppedBlocks += evicted;
        for (let x = 0; x < evicted; x++) {
          const victim = victims[x] as number;
          i32[I32_STRIDE * victim + RESIDENCY] = 0;
          if (!perfectHistory) orphaned.push(victim);
        }
      }
    }
  }

  function reference(id: number, hitTier: number): void {
    f64[F64_STRIDE * id + ACCESSES] = (f64[F64_STRIDE * id + ACCESSES] as number) + 1;
    const mask = i32[I32_STRIDE * id + RESIDENCY] as number;
    if (exclusive) {
      if (mask === 0) {
        insertExclusive(0, id, true);
        return;
      }
      const t = lowestBit(mask);
      const tier = tiers[t] as TierState;
      if (t === 0) {
        tier.policy.touch(id);
        return;
      }
      tier.policy.remove(id);
      tier.bytesRemoved += blockBytes;
      i32[I32_STRIDE * id + RESIDENCY] = 0;
      insertExclusive(0, id, hitTier < 0);
      return;
    }
    const first = tiers[0] as TierState;
    if ((mask & 1) !== 0) first.policy.touch(id);
    else insertCopy(0, id, hitTier < 0);
    if (hitTier > 0) {
      (tiers[hitTier] as TierState).policy.touch(id);
      return;
    }
    if (hitTier < 0) {
      const current = i32[I32_STRIDE * id + RESIDENCY] as number;
      for (let t = 1; t < tierCount; t++) if ((current & (1 << t)) === 0) insertCopy(t, id, false);
    }
  }

  const onceSegments = Array.isArray(trace) ? countSegmentIds(trace as readonly KvTraceRequest[]) : undefined;
  let peakTrackedBlocks = 0;
  let requests = 0;
  let inputTokens = 0;
  let lookedUpBlocks = 0;
  let hitBlocks = 0;
  let mismatchedRequests = 0;
  const chain = new SegmentKeyChain(blockTokens);
  // Per-request scratch, reused: block keys and id hints, interned ids, and the tier each hit came from.
  let keys = new Float64Array(256);
  let hints = new Int32Array(256).fill(-1);
  let ids = new Int32Array(256);
  let hitTiers = new Int8Array(256);
  for (const request of trace) {
    requests++;
    let count: number;
    let lookupBlocks: number;
    /** Blocks from this index on are unique to this request (a segment that occurs once in the trace). */
    let unique = Number.POSITIVE_INFINITY;
    if (request.inputSegments !== undefined && request.inputTokenIds === undefined) {
      const input = request.inputSegments;
      let requestTokens = 0;
      for (const segment of input) requestTokens += segment.tokens;
      const segments = request.outputSegments === undefined ? input : input.concat(request.outputSegments);
      let hashed = segments.length;
      if (onceSegments !== undefined) {
        // Blocks from the first token of a segment that occurs once on can never hit: they need no key.
        hashed = firstUniqueSegment(segments, onceSegments);
        if (hashed < segments.length) {
          let before = 0;
          for (let s = 0; s < hashed; s++) before += Math.max(0, Math.floor((segments[s] as KvTokenSegment).tokens));
          unique = Math.floor(before / blockTokens);
        }
      }
      count = chain.hash(segments, hashed);
      keys = chain.keys;
      hints = chain.hints;
      lookupBlocks = Math.floor(Math.max(0, requestTokens - 1) / blockTokens);
      inputTokens += requestTokens;
    } else {
      const blocks = requestBlocks(request, blockTokens);
      if (blocks.mismatchedBlockIds) mismatchedRequests++;
      count = blocks.keys.length;
      if (count > keys.length || keys === chain.keys) {
        keys = new Float64Array(Math.max(256, count * 2));
        hints = new Int32Array(keys.length).fill(-1);
      }
      for (let i = 0; i < count; i++) keys[i] = blocks.keys[i] as number;
      lookupBlocks = blocks.lookupBlocks;
      inputTokens += blocks.inputTokens;
    }
    lookedUpBlocks += lookupBlocks;
    if (unique > count) unique = count;
    if (count > ids.length) {
      ids = grown(ids, count);
      hitTiers = grown(hitTiers, count);
      moving = grown(moving, count);
      victims = grown(victims, count);
    }
    // Interning in block order (the ids the blocks get do not depend on the hints: a hint is used only when it
    // still names the same key). Blocks from `unique` on are new and never looked up again (see
    // `onceSegments`): they get ids and records but stay out of the table.
    for (let i = 0; i < unique; i++) {
      const key = keys[i] as number;
      const hint = hints[i] as number;
      ids[i] = hint !== -1 && f64[F64_STRIDE * hint] === key ? hint : intern(key);
    }
    for (let i = unique; i < count; i++) ids[i] = allocate(UNIQUE_KEY);
    if (keys === chain.keys) chain.recordIds(ids);
    let prefix = 0;
    while (prefix < lookupBlocks) {
      const mask = i32[I32_STRIDE * (ids[prefix] as number) + RESIDENCY] as number;
      if (mask === 0) break;
      const t = lowestBit(mask);
      hitTiers[prefix] = t;
      const tier = tiers[t] as TierState;
      tier.hitBlocks++;
      if (t > 0) tier.bytesRead += blockBytes;
      prefix++;
    }
    hitBlocks += prefix;
    let runsBelow = count;
    let last = count - 1;
    if (longestBulkRun > 0) {
      // The run of new blocks at the end of the request (a block seen twice in it ends the run: marked -1).
      let lo = count;
      while (lo > prefix && i32[I32_STRIDE * (ids[lo - 1] as number) + RESIDENCY] === 0) {
        lo--;
        i32[I32_STRIDE * (ids[lo] as number) + RESIDENCY] = -1;
      }
      if (count - lo >= 2 && count - lo <= longestBulkRun) {
        insertNewRun(lo, count);
        last = lo - 1;
      } else {
        for (let i = lo; i < count; i++) i32[I32_STRIDE * (ids[i] as number) + RESIDENCY] = 0;
      }
    }
    for (let i = last; i >= 0; i--) {
      if (touchRun !== undefined && i < prefix && i < runsBelow && hitTiers[i] === 0) {
        // Hits in the first tier that still follow one another in its LRU order (a shared prefix seen again)
        // move to its front in one splice; `reference` would move them one by one to the same order.
        let lo = i;
        while (lo > 0 && hitTiers[lo - 1] === 0) lo--;
        if (lo < i && touchRun(ids, lo, i)) {
          for (let j = lo; j <= i; j++) {
            const at = F64_STRIDE * (ids[j] as number) + ACCESSES;
            f64[at] = (f64[at] as number) + 1;
          }
          i = lo;
          continue;
        }
        runsBelow = lo;
      }
      reference(ids[i] as number, i < prefix ? (hitTiers[i] as number) : -1);
    }
    // Blocks of this request that no tier kept (tiers smaller than the request) are forgotten too.
    if (!perfectHistory) {
      for (let i = 0; i < count; i++) {
        const id = ids[i] as number;
        if (i32[I32_STRIDE * id + RESIDENCY] === 0) orphaned.push(id);
      }
      forgetOrphans();
    }
    peakTrackedBlocks = Math.max(peakTrackedBlocks, liveIds);
    if (onProgress !== undefined && requests % progressEvery === 0) onProgress(requests);
  }
  onProgress?.(requests);

  const prefillTokensSaved = hitBlocks * blockTokens;
  const warnings: string[] = [];
  const perTier: KvTierSimulationResult[] = parsed.tiers.map((tierConfig, t) => {
    const tier = tiers[t] as TierState;
    const residentBytes = tier.policy.size * blockBytes;
    const transferIn = tier.bytesWritten - tier.bytesComputed;
    if (tier.capacityBlocks === 0) {
      warnings.push(
        `tier "${tierConfig.id}" holds no whole block (capacity ${tierConfig.capacityBytes} B < block ${blockBytes} B)`,
      );
    }
    if (t > 0 && tier.bytesRead > 0 && tierConfig.readGBps === undefined) {
      warnings.push(`tier "${tierConfig.id}" has no readGBps: its load time is not estimated`);
    }
    return {
      id: tierConfig.id,
      capacityBytes: tierConfig.capacityBytes,
      capacityBlocks: tier.capacityBlocks,
      hitBlocks: tier.hitBlocks,
      hitRatio: lookedUpBlocks === 0 ? 0 : tier.hitBlocks / lookedUpBlocks,
      prefillTokensSaved: tier.hitBlocks * blockTokens,
      bytesRead: tier.bytesRead,
      bytesWritten: tier.bytesWritten,
      bytesComputed: tier.bytesComputed,
      bytesRemoved: tier.bytesRemoved,
      residentBytes,
      bytesMoved: tier.bytesRead + transferIn,
      demotedBlocks: tier.demotedBlocks,
      droppedBlocks: tier.droppedBlocks,
      readSeconds: tierConfig.readGBps === undefined ? null : tier.bytesRead / (tierConfig.readGBps * 1e9),
      writeSeconds: tierConfig.writeGBps === undefined ? null : transferIn / (tierConfig.writeGBps * 1e9),
    };
  });

  let loadSeconds = 0;
  for (const tier of perTier.slice(1)) loadSeconds += tier.readSeconds ?? 0;
  const recomputeSecondsAvoided =
    parsed.prefillTokensPerSecond === undefined ? null : prefillTokensSaved / parsed.prefillTokensPerSecond;
  if (parsed.prefillTokensPerSecond !== undefined) {
    for (const tierConfig of parsed.tiers.slice(1)) {
      if (tierConfig.readGBps === undefined) continue;
      const loadPerToken = parsed.kvBytesPerToken / (tierConfig.readGBps * 1e9);
      const computePerToken = 1 / parsed.prefillTokensPerSecond;
      if (loadPerToken > computePerToken) {
        warnings.push(
          `loading from "${tierConfig.id}" (${tierConfig.readGBps} GB/s) is slower than recomputing at ` +
            `${parsed.prefillTokensPerSecond} tokens/s: ${(loadPerToken * 1e6).toPrecision(3)} vs ` +
            `${(computePerToken * 1e6).toPrecision(3)} us per token`,
        );
      }
    }
  }
  if (requests === 0) warnings.push("the trace is empty");
  if (mismatchedRequests > 0) {
    warnings.push(
      `${mismatchedRequests} request(s) have a block-id count that does not match inputTokens / blockTokens ` +
        `(${blockTokens}): was the trace made with another block size? Mooncake traces use 512`,
    );
  }
  if (lookedUpBlocks === 0 && requests > 0)
    warnings.push("no request has a full block to look up: prompts shorter than blockTokens + 1");

  const prefillTokensSavedByTier: Record<string, number> = {};
  for (const tier of perTier) prefillTokensSavedByTier[tier.id] = tier.prefillTokensSaved;
  return {
    hitRatio: lookedUpBlocks === 0 ? 0 : hitBlocks / lookedUpBlocks,
    prefillTokensSavedRatio: inputTokens === 0 ? 0 : prefillTokensSaved / inputTokens,
    requests,
    inputTokens,
    lookedUpBlocks,
    hitBlocks,
    prefillTokensSaved,
    prefillTokensComputed: inputTokens - prefillTokensSaved,
    blockBytes,
    perTier,
    loadSeconds,
    recomputeSecondsAvoided,
    breakdown: {
      prefillTokensSavedByTier,
      missedBlockTokens: (lookedUpBlocks - hitBlocks) * blockTokens,
      ineligibleTokens: inputTokens - lookedUpBlocks * blockTokens,
      peakTrackedBlocks,
    },
    assumptions: [
      `blocks of ${blockTokens} tokens x ${parsed.kvBytesPerToken} B/token = ${blockBytes} B; only full blocks are cached`,
      "a hit is the longest cached prefix of whole blocks within the first inputTokens - 1 prompt tokens (vLLM)",
      "blocks after the first miss are recomputed even when cached",
      `${parsed.writeMode} hierarchy with ${policyFactory().name} eviction per tier; tiers hold whole blocks only`,
      perfectHistory
        ? "access counts of every block are kept forever (perfect-history LFU)"
        : "a block no tier holds is forgotten (a returning block starts with no history)",
      "a finished request's blocks are released tail first, so a prefix's root is evicted last (vLLM free queue)",
      "requests run one at a time in trace order: no pinning of running requests, no concurrency, timestamps unused",
      "transfer times use the given peak bandwidths with no overlap with compute and no per-transfer latency",
    ],
    warnings,
  };
}
