import { InvalidInputError } from "@aifactory/core";

/**
 * A KV block hash: 16 lower-case hex digits (64 bits). Equal hashes mean equal block content and equal prefix.
 *
 * @example
 * ```ts
 * import { hashTokenBlocks, type KvBlockHash } from "@aifactory/memory";
 * const hashes: KvBlockHash[] = hashTokenBlocks([1, 2, 3, 4], { blockTokens: 4 });
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export type KvBlockHash = string;

/**
 * A named run of tokens, the compact way to describe content in traces: two segments with the same `id` hold
 * the same tokens, so `{ id: "system-prompt-1", tokens: 2048 }` stands for 2,048 tokens shared by every request
 * that starts with it, without listing token ids.
 *
 * @example
 * ```ts
 * import type { KvTokenSegment } from "@aifactory/memory";
 * const systemPrompt: KvTokenSegment = { id: "system-prompt-1", tokens: 2048 };
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface KvTokenSegment {
  /** Identity of the content; equal ids are equal tokens. */
  id: string;
  /** Number of tokens in the segment (positive integer). */
  tokens: number;
}

/**
 * Options of the prefix block hashers.
 *
 * @example
 * ```ts
 * import type { PrefixBlockHashOptions } from "@aifactory/memory";
 * const options: PrefixBlockHashOptions = { blockTokens: 16, salt: "tenant-a" };
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface PrefixBlockHashOptions {
  /** Tokens per block (vLLM's `block_size`; 16 by default in vLLM). Positive integer. */
  blockTokens: number;
  /**
   * Hash of the block before the first one (to continue a chain); the fixed root hash by default.
   */
  parentHash?: KvBlockHash;
  /**
   * Isolation salt mixed into the first block only, as vLLM's per-request `cache_salt`: requests with different
   * salts never share blocks. Ignored when `parentHash` is given.
   */
  salt?: string;
}

/** The root parent of every chain (the first 64 bits of pi's fraction, a nothing-up-my-sleeve constant). */
const ROOT_HI = 0x243f6a88;
const ROOT_LO = 0x85a308d3;

/**
 * The parent hash of the first block of every chain without a salt.
 *
 * @example
 * ```ts
 * import { hashTokenBlocks, ROOT_KV_BLOCK_HASH } from "@aifactory/memory";
 * ROOT_KV_BLOCK_HASH; // "243f6a8885a308d3"
 * hashTokenBlocks([1, 2], { blockTokens: 2, parentHash: ROOT_KV_BLOCK_HASH }); // same as without parentHash
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const ROOT_KV_BLOCK_HASH: KvBlockHash = "243f6a8885a308d3";

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const C3 = 0x85ebca6b;
const C4 = 0xc2b2ae35;
const DOMAIN_TOKENS = 0x746f6b31; // "tok1"
const DOMAIN_SEGMENTS = 0x73656731; // "seg1"
const DOMAIN_SALT = 0x73616c74; // "salt"

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** One murmur3_32 body step on lane A. */
function stepA(h: number, word: number): number {
  let k = Math.imul(word, C1);
  k = rotl(k, 15);
  k = Math.imul(k, C2);
  h ^= k;
  h = rotl(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The same step with other constants on lane B, so the two lanes are independent 32-bit hashes. */
function stepB(h: number, word: number): number {
  let k = Math.imul(word ^ 0x9e3779b9, C3);
  k = rotl(k, 17);
  k = Math.imul(k, C4);
  h ^= k;
  h = rotl(h, 11);
  return (Math.imul(h, 9) + 0x52dce729) | 0;
}

/** murmur3's fmix32 avalanche. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, C3);
  h ^= h >>> 13;
  h = Math.imul(h, C4);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX_BYTES: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function toHex(hi: number, lo: number): string {
  return (
    (HEX_BYTES[(hi >>> 24) & 0xff] as string) +
    (HEX_BYTES[(hi >>> 16) & 0xff] as string) +
    (HEX_BYTES[(hi >>> 8) & 0xff] as string) +
    (HEX_BYTES[hi & 0xff] as string) +
    (HEX_BYTES[(lo >>> 24) & 0xff] as string) +
    (HEX_BYTES[(lo >>> 16) & 0xff] as string) +
    (HEX_BYTES[(lo >>> 8) & 0xff] as string) +
    (HEX_BYTES[lo & 0xff] as string)
  );
}

function fromHex(hash: KvBlockHash): [number, number] {
  if (!/^[0-9a-f]{16}$/.test(hash)) {
    // Foreign hashes (e.g. SHA-256 hex from another system) are folded into 64 bits.
    const [hi, lo] = hashString(hash);
    return [hi, lo];
  }
  return [Number.parseInt(hash.slice(0, 8), 16) | 0, Number.parseInt(hash.slice(8), 16) | 0];
}

/** Hashes a string (UTF-16 code units) to two 32-bit lanes. */
function hashString(text: string): [number, number] {
  hashStringLanes(text);
  return [stringLaneA, stringLaneB];
}

/** The lanes of the last {@link hashStringLanes} call (no array per call on the simulator's path). */
let stringLaneA = 0;
let stringLaneB = 0;

function hashStringLanes(text: string): void {
  let a = 0x5bd1e995;
  let b = 0x27d4eb2f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = stepA(a, code);
    b = stepB(b, code);
  }
  stringLaneA = fmix(a ^ text.length) | 0;
  stringLaneB = fmix(b ^ Math.imul(text.length, 31)) | 0;
}

function rootLanes(options: PrefixBlockHashOptions): [number, number] {
  if (options.parentHash !== undefined) return fromHex(options.parentHash);
  if (options.salt === undefined || options.salt === "") return [ROOT_HI, ROOT_LO];
  const [sa, sb] = hashString(options.salt);
  return [fmix(stepA(stepA(ROOT_HI, DOMAIN_SALT), sa)) | 0, fmix(stepB(stepB(ROOT_LO, DOMAIN_SALT), sb)) | 0];
}

/**
 * Chained prefix hashes of the full blocks of a token sequence, as vLLM's automatic prefix caching computes
 * them: block i's hash covers the parent hash (block i-1's, or the root) and block i's exact token ids, so two
 * sequences share block i's hash only if they agree on every token up to the end of block i. A partial trailing
 * block is not hashed (only full blocks are cached).
 *
 * The hash is a 64-bit non-cryptographic hash (two murmur3-style 32-bit lanes with a final avalanche): fast,
 * deterministic and browser-safe, meant for simulation and for stores inside one trust domain. For shared
 * multi-tenant caches, vLLM advises SHA-256 (its prefix caching design notes); use a `salt` per tenant at least.
 * Cost: about two multiply-rotate steps per token.
 *
 * @param tokenIds - token ids (integers in [0, 2^32); other numbers are reduced with `>>> 0`)
 * @param options - `blockTokens` (required), optional `parentHash` or `salt`
 * @returns one hash per full block, `Math.floor(tokenIds.length / blockTokens)` of them
 * @throws InvalidInputError when `blockTokens` is not a positive integer
 * @example
 * ```ts
 * import { hashTokenBlocks } from "@aifactory/memory";
 * const a = hashTokenBlocks([1, 2, 3, 4, 5, 6, 7, 8, 9], { blockTokens: 4 }); // 2 hashes; token 9 is a partial block
 * const b = hashTokenBlocks([1, 2, 3, 4, 0, 0, 0, 0], { blockTokens: 4 });
 * a[0] === b[0]; // true: same first block
 * a[1] === b[1]; // false
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function hashTokenBlocks(tokenIds: ArrayLike<number>, options: PrefixBlockHashOptions): KvBlockHash[] {
  return tokenBlockChain(tokenIds, options, toHex);
}

/**
 * The chain of {@link hashTokenBlocks}, with each block's two 32-bit lanes passed to `emit`.
 *
 * @internal
 * @example
 * ```ts
 * import { blockLanesToKey, tokenBlockChain } from "./prefix-block-hash";
 * const keys = tokenBlockChain([1, 2, 3, 4], { blockTokens: 2 }, blockLanesToKey);
 * keys.length; // 2 numeric keys
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function tokenBlockChain<T>(
  tokenIds: ArrayLike<number>,
  options: PrefixBlockHashOptions,
  emit: (hi: number, lo: number) => T,
): T[] {
  const blockTokens = checkBlockTokens(options.blockTokens);
  const blocks = Math.floor(tokenIds.length / blockTokens);
  const out: T[] = new Array(blocks);
  let [parentA, parentB] = rootLanes(options);
  let offset = 0;
  for (let block = 0; block < blocks; block++) {
    let a = stepA(stepA(parentA, parentB), DOMAIN_TOKENS);
    let b = stepB(stepB(parentB, parentA), DOMAIN_TOKENS);
    const end = offset + blockTokens;
    for (let i = offset; i < end; i++) {
      const token = (tokenIds[i] as number) >>> 0;
      a = stepA(a, token);
      b = stepB(b, token);
    }
    offset = end;
    parentA = fmix(a ^ blockTokens) | 0;
    parentB = fmix(b ^ Math.imul(blockTokens, 0x27d4eb2f)) | 0;
    out[block] = emit(parentA, parentB);
  }
  return out;
}

/**
 * Chained prefix hashes of the full blocks of a sequence described as {@link KvTokenSegment | segments}: the
 * same chaining as {@link hashTokenBlocks}, but each block hashes the pieces of segments it covers
 * (segment id, offset inside the segment, length) instead of token ids. Two sequences made of the same segments
 * in the same order get the same hashes, at a cost per block and per segment rather than per token, which
 * keeps traces of million-token agent sessions cheap. Segment hashes never equal token hashes.
 *
 * @param segments - the content, in order
 * @param options - `blockTokens` (required), optional `parentHash` or `salt`
 * @returns one hash per full block (`Math.floor(totalTokens / blockTokens)`)
 * @throws InvalidInputError when `blockTokens` is not a positive integer
 * @example
 * ```ts
 * import { hashSegmentBlocks } from "@aifactory/memory";
 * const system = { id: "system-prompt", tokens: 40 };
 * const a = hashSegmentBlocks([system, { id: "question-a", tokens: 30 }], { blockTokens: 16 });
 * const b = hashSegmentBlocks([system, { id: "question-b", tokens: 30 }], { blockTokens: 16 });
 * a.length; // 4
 * a[1] === b[1]; // true: tokens 0-31 lie in the shared system prompt
 * a[2] === b[2]; // false: block 2 mixes the system prompt's tail with the question
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function hashSegmentBlocks(
  segments: ReadonlyArray<KvTokenSegment>,
  options: PrefixBlockHashOptions,
): KvBlockHash[] {
  return segmentBlockChain(segments, options, toHex);
}

/**
 * The chain of {@link hashSegmentBlocks}, with each block's two 32-bit lanes passed to `emit`.
 *
 * @internal
 * @example
 * ```ts
 * import { blockLanesToKey, segmentBlockChain } from "./prefix-block-hash";
 * const keys = segmentBlockChain([{ id: "a", tokens: 4 }], { blockTokens: 2 }, blockLanesToKey);
 * keys.length; // 2 numeric keys
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function segmentBlockChain<T>(
  segments: ReadonlyArray<KvTokenSegment>,
  options: PrefixBlockHashOptions,
  emit: (hi: number, lo: number) => T,
): T[] {
  const blockTokens = checkBlockTokens(options.blockTokens);
  const out: T[] = [];
  const [parentA, parentB] = rootLanes(options);
  const state: SegmentChainState = {
    a: stepA(stepA(parentA, parentB), DOMAIN_SEGMENTS),
    b: stepB(stepB(parentB, parentA), DOMAIN_SEGMENTS),
    filled: 0,
  };
  const idCache = new Map<string, [number, number]>();
  const push = (hi: number, lo: number): void => {
    out.push(emit(hi, lo));
  };
  for (const segment of segments) {
    let idLanes = idCache.get(segment.id);
    if (idLanes === undefined) {
      idLanes = hashString(segment.id);
      idCache.set(segment.id, idLanes);
    }
    absorbSegment(state, idLanes[0], idLanes[1], Math.floor(segment.tokens), blockTokens, push);
  }
  return out;
}

/** The running hash of the block being filled: its two lanes and how many of its tokens are in. */
interface SegmentChainState {
  a: number;
  b: number;
  filled: number;
}

/**
 * Feeds one segment (its id's lanes and its token count) into a segment chain, calling `emit` with the lanes of
 * every block it completes. The chain's parent hash enters only the next block's start state, so `state` is all
 * a chain carries from one segment to the next: one implementation for the public hashers and the simulator.
 */
function absorbSegment(
  state: SegmentChainState,
  idA: number,
  idB: number,
  total: number,
  blockTokens: number,
  emit: (hi: number, lo: number) => void,
): void {
  let a = state.a;
  let b = state.b;
  let filled = state.filled;
  let offset = 0;
  while (offset < total) {
    const take = Math.min(total - offset, blockTokens - filled);
    a = stepA(stepA(stepA(stepA(a, idA), idB), offset), take);
    b = stepB(stepB(stepB(stepB(b, idB), idA), offset), take);
    offset += take;
    filled += take;
    if (filled === blockTokens) {
      const parentA = fmix(a ^ blockTokens) | 0;
      const parentB = fmix(b ^ Math.imul(blockTokens, 0x27d4eb2f)) | 0;
      emit(parentA, parentB);
      a = stepA(stepA(parentA, parentB), DOMAIN_SEGMENTS);
      b = stepB(stepB(parentB, parentA), DOMAIN_SEGMENTS);
      filled = 0;
    }
  }
  state.a = a;
  state.b = b;
  state.filled = filled;
}

/** A segment a {@link SegmentKeyChain} saw twice from the same chain state, with the keys it completes. */
interface SegmentMemo {
  idA: number;
  idB: number;
  tokens: number;
  startA: number;
  startB: number;
  startFilled: number;
  endA: number;
  endB: number;
  endFilled: number;
  /** Block keys the segment completes from its start state. */
  keys: Float64Array;
  /** The caller's ids for `keys` the last time (hints, checked before use), -1 when unknown. */
  ids: Int32Array;
}

/** Memo entries per generation; two generations are kept (the older one is dropped when the newer fills). */
const MEMO_ENTRIES_PER_GENERATION = 1 << 15;
/** Memoized block keys per generation (12 B each with their id hints). */
const MEMO_BLOCKS_PER_GENERATION = 1 << 20;
/** Fingerprints of segments seen once (direct-mapped: a newer segment overwrites an older one's slot). */
const SEEN_SLOTS = 1 << 16;

/**
 * The keys of {@link segmentBlockChain} (root parent, no salt) for a stream of prompts, as the KV simulator
 * needs them: written into one reused buffer, with a memo of segments already seen from the same chain state.
 * A system prompt that starts thousands of requests, or an agent's context re-sent at every turn, is hashed
 * twice; its keys are copied afterwards, with the ids the caller interned them to last time as hints. A
 * segment's keys are stored only the second time it comes from the same state (a fixed table of fingerprints
 * remembers first sightings), so one-off content costs no copy, and the memo is bounded (two generations of at
 * most 32,768 segments and about a million blocks each): memory does not grow with the trace. Keys are
 * identical to {@link segmentBlockChain}'s.
 *
 * @internal
 * @example
 * ```ts
 * import { blockLanesToKey, segmentBlockChain, SegmentKeyChain } from "./prefix-block-hash";
 * const chain = new SegmentKeyChain(16);
 * const prompt = [{ id: "system", tokens: 64 }, { id: "question", tokens: 20 }];
 * const count = chain.hash(prompt);
 * count; // 5
 * chain.keys[4] === segmentBlockChain(prompt, { blockTokens: 16 }, blockLanesToKey)[4]; // true
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export class SegmentKeyChain {
  /** Keys of the last {@link SegmentKeyChain.hash} call, in block order (the first `count` entries). */
  keys = new Float64Array(256);
  /** Per key of the last call: the id the caller gave it last time (check it before use), or -1. */
  hints = new Int32Array(256);
  private count = 0;
  private current = new Map<string, SegmentMemo>();
  private previous = new Map<string, SegmentMemo>();
  private currentBlocks = 0;
  private readonly seen = new Int32Array(SEEN_SLOTS);
  private readonly used: SegmentMemo[] = [];
  private readonly usedOffsets: number[] = [];
  private readonly state: SegmentChainState = { a: 0, b: 0, filled: 0 };
  private readonly push = (hi: number, lo: number): void => {
    if (this.count === this.keys.length) this.grow(this.count + 1);
    this.keys[this.count] = blockLanesToKey(hi, lo);
    this.hints[this.count] = -1;
    this.count++;
  };

  /** @param blockTokens - tokens per block (positive integer) */
  constructor(private readonly blockTokens: number) {
    checkBlockTokens(blockTokens);
  }

  /**
   * Hashes one prompt's segments from the root.
   *
   * @param segments - the prompt's segments, in order
   * @param hashedSegments - hash only the segments before this index: the blocks that the others complete are
   *   counted, and their entries of `keys` and `hints` left as they are (the KV simulator's blocks that can
   *   never hit need no key)
   * @returns the number of full blocks, whose keys are now the first entries of `keys` (up to the blocks that
   *   `hashedSegments` leaves out)
   */
  hash(segments: ReadonlyArray<KvTokenSegment>, hashedSegments = segments.length): number {
    const state = this.state;
    state.a = stepA(stepA(ROOT_HI, ROOT_LO), DOMAIN_SEGMENTS);
    state.b = stepB(stepB(ROOT_LO, ROOT_HI), DOMAIN_SEGMENTS);
    state.filled = 0;
    this.count = 0;
    this.used.length = 0;
    this.usedOffsets.length = 0;
    for (let s = 0; s < segments.length; s++) {
      const segment = segments[s] as KvTokenSegment;
      const tokens = Math.floor(segment.tokens);
      if (s >= hashedSegments) {
        if (tokens > 0) state.filled += tokens;
        continue;
      }
      const memo = this.lookup(segment.id);
      if (
        memo !== undefined &&
        memo.tokens === tokens &&
        memo.startA === state.a &&
        memo.startB === state.b &&
        memo.startFilled === state.filled
      ) {
        const blocks = memo.keys.length;
        if (this.count + blocks > this.keys.length) this.grow(this.count + blocks);
        this.keys.set(memo.keys, this.count);
        this.hints.set(memo.ids, this.count);
        this.used.push(memo);
        this.usedOffsets.push(this.count);
        this.count += blocks;
        state.a = memo.endA;
        state.b = memo.endB;
        state.filled = memo.endFilled;
        continue;
      }
      let idA: number;
      let idB: number;
      if (memo === undefined) {
        hashStringLanes(segment.id);
        idA = stringLaneA;
        idB = stringLaneB;
      } else {
        idA = memo.idA;
        idB = memo.idB;
      }
      const startA = state.a;
      const startB = state.b;
      const startFilled = state.filled;
      const start = this.count;
      absorbSegment(state, idA, idB, tokens, this.blockTokens, this.push);
      const fingerprint = fmix(stepA(stepA(stepA(stepA(idA ^ startA, idB), startB), startFilled), tokens)) | 0;
      const slot = fingerprint & (SEEN_SLOTS - 1);
      if (this.seen[slot] !== fingerprint) {
        this.seen[slot] = fingerprint;
        continue;
      }
      // Seen before from the same state (up to a 32-bit fingerprint, which only decides what is memoized).
      const next: SegmentMemo = {
        idA,
        idB,
        tokens,
        startA,
        startB,
        startFilled,
        endA: state.a,
        endB: state.b,
        endFilled: state.filled,
        keys: this.keys.slice(start, this.count),
        ids: new Int32Array(this.count - start).fill(-1),
      };
      this.remember(segment.id, next);
      this.used.push(next);
      this.usedOffsets.push(start);
    }
    return this.count + Math.floor(state.filled / this.blockTokens);
  }

  /**
   * Records the ids the caller gave the keys of the last {@link SegmentKeyChain.hash} call (same order), as hints
   * for the next time the memoized segments come back.
   */
  recordIds(ids: Int32Array): void {
    for (let u = 0; u < this.used.length; u++) {
      const memo = this.used[u] as SegmentMemo;
      const offset = this.usedOffsets[u] as number;
      memo.ids.set(ids.subarray(offset, offset + memo.ids.length));
    }
  }

  private lookup(id: string): SegmentMemo | undefined {
    const memo = this.current.get(id);
    if (memo !== undefined) return memo;
    const old = this.previous.get(id);
    if (old !== undefined) this.remember(id, old);
    return old;
  }

  private remember(id: string, memo: SegmentMemo): void {
    if (this.current.size >= MEMO_ENTRIES_PER_GENERATION || this.currentBlocks >= MEMO_BLOCKS_PER_GENERATION) {
      this.previous = this.current;
      this.current = new Map();
      this.currentBlocks = 0;
    }
    this.current.set(id, memo);
    this.currentBlocks += memo.keys.length;
  }

  private grow(atLeast: number): void {
    let length = this.keys.length * 2;
    while (length < atLeast) length *= 2;
    const keys = new Float64Array(length);
    keys.set(this.keys.subarray(0, this.count));
    const hints = new Int32Array(length);
    hints.set(this.hints.subarray(0, this.count));
    this.keys = keys;
    this.hints = hints;
  }
}

/**
 * Folds a block's two lanes into one number below 2^53 (53 of the 64 bits), a cheap `Map` key for simulation.
 *
 * @internal
 * @example
 * ```ts
 * import { blockLanesToKey } from "./prefix-block-hash";
 * blockLanesToKey(0, 1); // 1
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function blockLanesToKey(hi: number, lo: number): number {
  return (hi & 0x1fffff) * 4294967296 + (lo >>> 0);
}

/**
 * A 53-bit key for an externally assigned block id (Mooncake `hash_ids`), never equal to a chain key by design
 * of the domain tag (up to hash collisions).
 *
 * @internal
 * @example
 * ```ts
 * import { blockIdToKey } from "./prefix-block-hash";
 * blockIdToKey(42) === blockIdToKey(42); // true
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function blockIdToKey(id: number | string): number {
  const [a, b] = hashString(typeof id === "number" ? `#${id}` : `$${id}`);
  return blockLanesToKey(stepA(a, 0x69643031), stepB(b, 0x69643031));
}

function checkBlockTokens(blockTokens: number): number {
  if (!Number.isInteger(blockTokens) || blockTokens <= 0) {
    throw new InvalidInputError("prefix block hash options", [
      { path: "blockTokens", message: "must be a positive integer", received: blockTokens, hint: "vLLM uses 16" },
    ]);
  }
  return blockTokens;
}
