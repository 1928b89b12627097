import { NotFoundError } from "@aifactory/core";

/**
 * An eviction policy for one cache tier (extension point, version 1): it tracks the blocks resident in the tier
 * and names the next victim. The simulator and the in-memory store call it; they own capacity and movement.
 * Blocks are named by small non-negative integer ids the caller assigns (it interns block hashes once and may
 * reuse the ids of blocks it dropped), so policies run on arrays indexed by id.
 *
 * Contract: `insert` is called when a block enters the tier (inserting a resident block re-enters it afresh), `touch` on every later access while it is
 * resident, `remove` when it leaves (evicted, demoted, promoted or deleted), and `victim` returns a resident
 * block (without removing it) or `undefined` when the tier is empty. The built-in policies answer in O(1)
 * (LFU's `victim` scans the distinct counts when the lowest count's list empties).
 *
 * @example
 * ```ts
 * import { createLruEvictionPolicy } from "@aifactory/memory";
 * const policy = createLruEvictionPolicy();
 * policy.insert(1, 1);
 * policy.insert(2, 1);
 * policy.touch(1);
 * policy.victim(); // 2
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface KvEvictionPolicyV1 {
  /** The interface version. */
  readonly specificationVersion: "v1";
  /** The policy name, e.g. `"lru"`. */
  readonly name: string;
  /**
   * A block entered the tier.
   *
   * @param blockId - the block's integer id
   * @param accessCount - how often the block has been accessed so far, across tiers (>= 1); frequency-aware
   *   policies start from it so a demoted block keeps its history
   */
  insert(blockId: number, accessCount: number): void;
  /** A resident block was accessed again. */
  touch(blockId: number): void;
  /** A block left the tier. Removing an absent block does nothing. */
  remove(blockId: number): void;
  /** The block to evict next (still resident), or `undefined` when the tier is empty. */
  victim(): number | undefined;
  /** Number of resident blocks the policy tracks. */
  readonly size: number;
}

/**
 * Makes a fresh policy instance for one tier.
 *
 * @example
 * ```ts
 * import { createLruEvictionPolicy, type KvEvictionPolicyFactory } from "@aifactory/memory";
 * const factory: KvEvictionPolicyFactory = () => ({ ...createLruEvictionPolicy(), name: "my-lru" });
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export type KvEvictionPolicyFactory = () => KvEvictionPolicyV1;

/**
 * Doubly linked lists over integer block ids, sharing one link array (a block is in at most one list of a
 * policy). O(1) append, unlink and front, with no hashing and no iteration over deleted entries (a `Map` or
 * `Set` used as a queue slows down as deletions at its front pile up).
 */
interface IdList {
  head: number;
  tail: number;
  size: number;
}

/** `prev` of a block in no list: tells LRU and FIFO that a block is not resident, with no array of flags. */
export const UNLINKED = -2;

/**
 * Where the links of a policy's blocks live: block b's `prev` at `data[stride * b + offset]` and its `next` just
 * after, for an `offset` the policy is given. A policy made by its public factory owns a store of stride 2
 * (`[prev, next]` side by side, 8 B per block). The simulator gives its built-in policies one shared store
 * instead, whose stride holds every tier's links and the block's own state in one 64-byte record, so moving a
 * block between tiers touches one cache line: that matters once the tiers hold more blocks than the CPU caches.
 * Block ids are dense but reach a tier in any order, so an owned store grows by doubling (writing past the end of
 * a plain array would leave holes that turn it into a slow dictionary); a shared store is grown by its owner
 * before any policy sees a new id.
 *
 * @internal
 */
export class KvLinkStore {
  data: Int32Array;

  /**
   * @param stride - int32 slots per block
   * @param data - the initial array (an owned store starts empty)
   */
  constructor(
    readonly stride: number,
    data = new Int32Array(0),
  ) {
    this.data = data;
  }

  /** Makes room for block `id`; new blocks are unlinked. */
  ensure(id: number): void {
    if (this.stride * id < this.data.length) return;
    let blocks = Math.max(16, this.data.length / this.stride);
    while (blocks <= id) blocks *= 2;
    const grown = new Int32Array(this.stride * blocks).fill(UNLINKED);
    grown.set(this.data);
    this.data = grown;
  }
}

/** The doubly linked lists of one policy over integer block ids: O(1) append, unlink and front. */
class Links {
  constructor(
    private readonly store: KvLinkStore,
    private readonly offset: number,
  ) {}

  /** True when `id` is in a list. */
  linked(id: number): boolean {
    const at = this.store.stride * id + this.offset;
    const data = this.store.data;
    return at < data.length && data[at] !== UNLINKED;
  }

  append(list: IdList, id: number): void {
    const store = this.store;
    store.ensure(id);
    const data = store.data;
    const stride = store.stride;
    const offset = this.offset;
    const at = stride * id + offset;
    data[at] = list.tail;
    data[at + 1] = -1;
    if (list.tail === -1) list.head = id;
    else data[stride * list.tail + offset + 1] = id;
    list.tail = id;
    list.size++;
  }

  unlink(list: IdList, id: number): void {
    const data = this.store.data;
    const stride = this.store.stride;
    const offset = this.offset;
    const at = stride * id + offset;
    const before = data[at] as number;
    const after = data[at + 1] as number;
    if (before === -1) list.head = after;
    else data[stride * before + offset + 1] = after;
    if (after === -1) list.tail = before;
    else data[stride * after + offset] = before;
    data[at] = UNLINKED;
    list.size--;
  }

  /** True when `ids[hi]` is in a list and is followed, through `next`, by `ids[hi - 1]`, ..., `ids[lo]`. */
  chained(ids: Int32Array, lo: number, hi: number): boolean {
    const data = this.store.data;
    const stride = this.store.stride;
    const offset = this.offset;
    let id = ids[hi] as number;
    if (stride * id + offset >= data.length || data[stride * id + offset] === UNLINKED) return false;
    for (let i = hi - 1; i >= lo; i--) {
      const next = data[stride * id + offset + 1] as number;
      if (next !== ids[i]) return false;
      id = next;
    }
    return true;
  }

  /** Appends `ids[0]`, ..., `ids[count - 1]` (none in a list) to the tail of `list`, in that order. */
  appendAll(list: IdList, ids: Int32Array, count: number): void {
    if (count === 0) return;
    const store = this.store;
    let largest = 0;
    for (let i = 0; i < count; i++) largest = Math.max(largest, ids[i] as number);
    store.ensure(largest);
    const data = store.data;
    const stride = store.stride;
    const offset = this.offset;
    let previous = list.tail;
    for (let i = 0; i < count; i++) {
      const id = ids[i] as number;
      data[stride * id + offset] = previous;
      if (previous === -1) list.head = id;
      else data[stride * previous + offset + 1] = id;
      previous = id;
    }
    data[stride * previous + offset + 1] = -1;
    list.tail = previous;
    list.size += count;
  }

  /** Unlinks the `count` (at most the size) first blocks of `list`, writing them in order to `out`. */
  unlinkFirst(list: IdList, count: number, out: Int32Array): void {
    if (count === 0) return;
    const data = this.store.data;
    const stride = this.store.stride;
    const offset = this.offset;
    let id = list.head;
    for (let i = 0; i < count; i++) {
      out[i] = id;
      const at = stride * id + offset;
      const next = data[at + 1] as number;
      data[at] = UNLINKED;
      id = next;
    }
    list.head = id;
    if (id === -1) list.tail = -1;
    else data[stride * id + offset] = -1;
    list.size -= count;
  }

  /** Moves the linked run `first` ... `last` (in `next` order) to the tail of `list`, keeping its order. */
  moveRunToTail(list: IdList, first: number, last: number): void {
    if (list.tail === last) return;
    const data = this.store.data;
    const stride = this.store.stride;
    const offset = this.offset;
    const before = data[stride * first + offset] as number;
    const after = data[stride * last + offset + 1] as number;
    if (before === -1) list.head = after;
    else data[stride * before + offset + 1] = after;
    data[stride * after + offset] = before;
    data[stride * first + offset] = list.tail;
    data[stride * list.tail + offset + 1] = first;
    data[stride * last + offset + 1] = -1;
    list.tail = last;
  }
}

/**
 * A built-in policy as the simulator sees it: with LRU, `touchRun(ids, lo, hi)` does what `touch(ids[hi])`,
 * `touch(ids[hi - 1])`, ..., `touch(ids[lo])` would when those blocks already follow one another in recency
 * order (a prompt's prefix referenced again: one splice instead of a move per block), and returns false, doing
 * nothing, otherwise.
 *
 * @internal
 */
export interface KvBuiltInEvictionPolicy extends KvEvictionPolicyV1 {
  touchRun?: (ids: Int32Array, lo: number, hi: number) => boolean;
  /**
   * With LRU: does what `insert(ids[0])`, ..., `insert(ids[count - 1])` would for blocks not in the tier (the
   * simulator's run of new blocks, or of blocks demoted from the tier above, in one pass).
   */
  insertAll?: (ids: Int32Array, count: number) => void;
  /**
   * With LRU: does what `count` times `remove(victim())` would (`count` at most `size`), writing the victims in
   * order to `out`.
   */
  removeOldest?: (count: number, out: Int32Array) => void;
}

/** A per-block `Float64Array` that grows by doubling (see {@link Links}). */
class BlockArray {
  data = new Float64Array(0);
  ensure(id: number): Float64Array {
    if (id >= this.data.length) {
      let length = Math.max(16, this.data.length * 2);
      while (length <= id) length *= 2;
      const grown = new Float64Array(length);
      grown.set(this.data);
      this.data = grown;
    }
    return this.data;
  }
}

function emptyList(): IdList {
  return { head: -1, tail: -1, size: 0 };
}

/**
 * Least recently used: evicts the block whose last access is oldest. vLLM's prefix cache evicts free blocks in
 * LRU order (its free-block queue), and LRU is a stack algorithm (Mattson et al. 1970): a larger LRU cache always
 * holds a superset of a smaller one's blocks on the same reference stream, so its hit ratio is never lower.
 *
 * @returns a new LRU policy (a linked list over block ids; O(1) per call)
 * @example
 * ```ts
 * import { createLruEvictionPolicy } from "@aifactory/memory";
 * const lru = createLruEvictionPolicy();
 * lru.insert(7, 1);
 * lru.victim(); // 7
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function createLruEvictionPolicy(): KvEvictionPolicyV1 {
  return lruPolicy(new Links(new KvLinkStore(2), 0));
}

function lruPolicy(links: Links): KvBuiltInEvictionPolicy {
  const list = emptyList();
  return {
    specificationVersion: "v1",
    name: "lru",
    touchRun(ids, lo, hi) {
      if (!links.chained(ids, lo, hi)) return false;
      links.moveRunToTail(list, ids[hi] as number, ids[lo] as number);
      return true;
    },
    insertAll(ids, count) {
      links.appendAll(list, ids, count);
    },
    removeOldest(count, out) {
      links.unlinkFirst(list, count, out);
    },
    insert(blockId) {
      if (links.linked(blockId)) links.unlink(list, blockId);
      links.append(list, blockId);
    },
    touch(blockId) {
      if (!links.linked(blockId)) return;
      // Already the most recent: nothing moves.
      if (list.tail === blockId) return;
      links.unlink(list, blockId);
      links.append(list, blockId);
    },
    remove(blockId) {
      if (links.linked(blockId)) links.unlink(list, blockId);
    },
    victim() {
      return list.head === -1 ? undefined : list.head;
    },
    get size() {
      return list.size;
    },
  };
}

/**
 * First in, first out: evicts the block that entered the tier first, ignoring later accesses. A baseline.
 *
 * @returns a new FIFO policy
 * @example
 * ```ts
 * import { createFifoEvictionPolicy } from "@aifactory/memory";
 * const fifo = createFifoEvictionPolicy();
 * fifo.insert(1, 1);
 * fifo.insert(2, 1);
 * fifo.touch(1);
 * fifo.victim(); // 1
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function createFifoEvictionPolicy(): KvEvictionPolicyV1 {
  return fifoPolicy(new Links(new KvLinkStore(2), 0));
}

function fifoPolicy(links: Links): KvEvictionPolicyV1 {
  const list = emptyList();
  return {
    specificationVersion: "v1",
    name: "fifo",
    insert(blockId) {
      if (links.linked(blockId)) links.unlink(list, blockId);
      links.append(list, blockId);
    },
    touch() {},
    remove(blockId) {
      if (links.linked(blockId)) links.unlink(list, blockId);
    },
    victim() {
      return list.head === -1 ? undefined : list.head;
    },
    get size() {
      return list.size;
    },
  };
}

/**
 * Least frequently used, with LRU among equal counts: evicts the block with the fewest accesses. Frequency
 * survives moves between tiers (a block enters a tier with its access count so far), so a system prompt read by
 * thousands of requests outlives one-off conversation tails even when the tails are more recent. Mooncake's
 * KVCache pool names LRU and LFU as its eviction policies (Qin et al., FAST 2025). Known weakness: blocks hot
 * long ago keep high counts (no ageing).
 *
 * @returns a new LFU policy (one linked list per access count)
 * @example
 * ```ts
 * import { createLfuEvictionPolicy } from "@aifactory/memory";
 * const lfu = createLfuEvictionPolicy();
 * const systemPrompt = 1;
 * const tail = 2;
 * lfu.insert(systemPrompt, 50);
 * lfu.insert(tail, 1);
 * lfu.touch(tail);
 * lfu.victim(); // 2: the tail (2 accesses against 50)
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function createLfuEvictionPolicy(): KvEvictionPolicyV1 {
  return lfuPolicy(new Links(new KvLinkStore(2), 0));
}

function lfuPolicy(links: Links): KvEvictionPolicyV1 {
  /** Access count of each resident block; 0 when absent. */
  const counts = new BlockArray();
  const buckets = new Map<number, IdList>();
  let size = 0;
  let minCount = Number.POSITIVE_INFINITY;

  function addToBucket(blockId: number, count: number): void {
    let bucket = buckets.get(count);
    if (bucket === undefined) {
      bucket = emptyList();
      buckets.set(count, bucket);
    }
    links.append(bucket, blockId);
    if (count < minCount) minCount = count;
  }

  function removeFromBucket(blockId: number, count: number): void {
    const bucket = buckets.get(count);
    if (bucket === undefined) return;
    links.unlink(bucket, blockId);
    if (bucket.size === 0) buckets.delete(count);
  }

  return {
    specificationVersion: "v1",
    name: "lfu",
    insert(blockId, accessCount) {
      const countOf = counts.ensure(blockId);
      const previous = countOf[blockId] ?? 0;
      if (previous > 0) removeFromBucket(blockId, previous);
      else size++;
      const count = Math.max(1, Math.floor(accessCount));
      countOf[blockId] = count;
      addToBucket(blockId, count);
    },
    touch(blockId) {
      const countOf = counts.data;
      const count = countOf[blockId] ?? 0;
      if (count === 0) return;
      removeFromBucket(blockId, count);
      countOf[blockId] = count + 1;
      addToBucket(blockId, count + 1);
    },
    remove(blockId) {
      const countOf = counts.data;
      const count = countOf[blockId] ?? 0;
      if (count === 0) return;
      countOf[blockId] = 0;
      size--;
      removeFromBucket(blockId, count);
    },
    victim() {
      if (size === 0) return undefined;
      let bucket = buckets.get(minCount);
      if (bucket === undefined) {
        minCount = Number.POSITIVE_INFINITY;
        for (const count of buckets.keys()) if (count < minCount) minCount = count;
        bucket = buckets.get(minCount);
      }
      return bucket === undefined || bucket.head === -1 ? undefined : bucket.head;
    },
    get size() {
      return size;
    },
  };
}

/**
 * A built-in policy (`factory` one of the exported factories) whose links live in `store` at `offset`, for the
 * simulator's shared per-block records; `undefined` for any other factory.
 *
 * @internal
 */
export function builtInPolicyOn(
  factory: KvEvictionPolicyFactory,
  store: KvLinkStore,
  offset: number,
): KvBuiltInEvictionPolicy | undefined {
  const links = new Links(store, offset);
  if (factory === createLruEvictionPolicy) return lruPolicy(links);
  if (factory === createFifoEvictionPolicy) return fifoPolicy(links);
  if (factory === createLfuEvictionPolicy) return lfuPolicy(links);
  return undefined;
}

/**
 * The built-in eviction policies by name.
 *
 * @example
 * ```ts
 * import { kvEvictionPolicies } from "@aifactory/memory";
 * Object.keys(kvEvictionPolicies); // ["lru", "lfu", "fifo"]
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const kvEvictionPolicies = {
  lru: createLruEvictionPolicy,
  lfu: createLfuEvictionPolicy,
  fifo: createFifoEvictionPolicy,
} as const satisfies Record<string, KvEvictionPolicyFactory>;

/**
 * The name of a built-in eviction policy.
 *
 * @example
 * ```ts
 * import type { KvEvictionPolicyName } from "@aifactory/memory";
 * const policy: KvEvictionPolicyName = "lfu";
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export type KvEvictionPolicyName = keyof typeof kvEvictionPolicies;

/**
 * Looks up a built-in eviction policy factory by name.
 *
 * @param name - `"lru"`, `"lfu"` or `"fifo"`
 * @returns the factory
 * @throws NotFoundError for an unknown name, suggesting the nearest
 * @example
 * ```ts
 * import { getKvEvictionPolicy } from "@aifactory/memory";
 * const policy = getKvEvictionPolicy("lfu")();
 * policy.name; // "lfu"
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function getKvEvictionPolicy(name: KvEvictionPolicyName | (string & {})): KvEvictionPolicyFactory {
  const factory = (kvEvictionPolicies as Record<string, KvEvictionPolicyFactory>)[name];
  if (factory === undefined) throw new NotFoundError("eviction policy", name, Object.keys(kvEvictionPolicies));
  return factory;
}
