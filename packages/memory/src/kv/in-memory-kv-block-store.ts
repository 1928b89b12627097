import { parseInput } from "@aifactory/core";
import { createLruEvictionPolicy, type KvEvictionPolicyFactory } from "./eviction-policy";
import {
  type KvBlock,
  type KvBlockStoreStats,
  type KvBlockStoreV1,
  type KvPutResult,
  type KvTierInfo,
  kvBlockHashSchema,
  kvBlockSchema,
  kvTierInfoSchema,
} from "./kv-block-store";

/**
 * Options of {@link createInMemoryKvBlockStore}.
 *
 * @example
 * ```ts
 * import type { InMemoryKvBlockStoreOptions } from "@aifactory/memory";
 * const options: InMemoryKvBlockStoreOptions = { tier: { tierId: "dram", kind: "host-dram", capacityBytes: 1e9 } };
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface InMemoryKvBlockStoreOptions {
  /** Tier metadata; `capacityBytes` bounds the store (unbounded when absent). */
  tier: KvTierInfo;
  /** Eviction policy factory; LRU by default. */
  policy?: KvEvictionPolicyFactory;
}

function copyBlock(block: KvBlock): KvBlock {
  return {
    blockHash: block.blockHash,
    parentHash: block.parentHash,
    tokenCount: block.tokenCount,
    bytes: block.bytes,
    ...(block.payload === undefined ? {} : { payload: block.payload.slice() }),
    ...(block.metadata === undefined ? {} : { metadata: structuredClone(block.metadata) }),
  };
}

/**
 * Creates a {@link KvBlockStoreV1} held in a `Map`: dependency-free and browser-safe, for tests, for
 * simulations that carry payloads, and as the reference implementation of the contract. Copies blocks on `put`
 * and `get`, so callers cannot change stored data by mutation.
 *
 * @param options - tier metadata (with optional `capacityBytes`) and an eviction policy (LRU by default)
 * @returns the store
 * @throws InvalidInputError when the tier metadata is invalid
 * @example
 * ```ts
 * import { createInMemoryKvBlockStore, createLfuEvictionPolicy } from "@aifactory/memory";
 * const store = createInMemoryKvBlockStore({
 *   tier: { tierId: "dram", kind: "host-dram", capacityBytes: 64 },
 *   policy: createLfuEvictionPolicy,
 * });
 * const result = await store.put({ blockHash: "a", parentHash: null, tokenCount: 16, bytes: 32 });
 * result.stored; // true
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function createInMemoryKvBlockStore(options: InMemoryKvBlockStoreOptions): KvBlockStoreV1 {
  const tier = parseInput(kvTierInfoSchema, options.tier, "KV block store tier");
  const policy = (options.policy ?? createLruEvictionPolicy)();
  interface Entry {
    id: number;
    block: KvBlock;
    accessCount: number;
  }
  const entries = new Map<string, Entry>();
  const hashOfId = new Map<number, string>();
  /** Ids of removed blocks, reused so the policy's id-indexed arrays stay as small as the store. */
  const freeIds: number[] = [];
  let nextId = 0;
  let usedBytes = 0;

  function remove(blockHash: string): boolean {
    const entry = entries.get(blockHash);
    if (entry === undefined) return false;
    entries.delete(blockHash);
    hashOfId.delete(entry.id);
    policy.remove(entry.id);
    freeIds.push(entry.id);
    usedBytes -= entry.block.bytes;
    return true;
  }

  return {
    specificationVersion: "v1",
    tier,
    async put(input: KvBlock): Promise<KvPutResult> {
      const block = parseInput(kvBlockSchema, input, "KV block");
      const existing = entries.get(block.blockHash);
      if (existing !== undefined) {
        existing.accessCount++;
        policy.touch(existing.id);
        return { stored: true, evicted: [] };
      }
      const capacity = tier.capacityBytes ?? Number.POSITIVE_INFINITY;
      if (block.bytes > capacity) return { stored: false, evicted: [] };
      const evicted: string[] = [];
      while (usedBytes + block.bytes > capacity) {
        const victim = policy.victim();
        const victimHash = victim === undefined ? undefined : hashOfId.get(victim);
        if (victimHash === undefined) break;
        remove(victimHash);
        evicted.push(victimHash);
      }
      const id = freeIds.pop() ?? nextId++;
      entries.set(block.blockHash, { id, block: copyBlock(block), accessCount: 1 });
      hashOfId.set(id, block.blockHash);
      policy.insert(id, 1);
      usedBytes += block.bytes;
      return { stored: true, evicted };
    },
    async get(blockHash: string): Promise<KvBlock | undefined> {
      parseInput(kvBlockHashSchema, blockHash, "KV block hash");
      const entry = entries.get(blockHash);
      if (entry === undefined) return undefined;
      entry.accessCount++;
      policy.touch(entry.id);
      return copyBlock(entry.block);
    },
    async contains(blockHash: string): Promise<boolean> {
      parseInput(kvBlockHashSchema, blockHash, "KV block hash");
      return entries.has(blockHash);
    },
    async evict(blockHash: string): Promise<boolean> {
      parseInput(kvBlockHashSchema, blockHash, "KV block hash");
      return remove(blockHash);
    },
    async stats(): Promise<KvBlockStoreStats> {
      return {
        blockCount: entries.size,
        usedBytes,
        ...(tier.capacityBytes === undefined ? {} : { capacityBytes: tier.capacityBytes }),
      };
    },
  };
}
