import { finiteNonNegative, finitePositive, kebabId, nonNegativeInt, positiveInt } from "@aifactory/core";
import { z } from "zod";

/**
 * A block hash as stores accept it: a non-empty string of at most 256 characters. Hashes made by
 * {@link hashTokenBlocks} are 16 hex digits; other systems' hashes (e.g. SHA-256 hex) fit too.
 *
 * @example
 * ```ts
 * import { kvBlockHashSchema } from "@aifactory/memory";
 * kvBlockHashSchema.parse("9f2c4e1a0b3d5f67");
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const kvBlockHashSchema = z.string().min(1).max(256);

/**
 * What a KV block store holds about its tier: where it sits in the hierarchy and, where known, its capacity and
 * bandwidths (plain data, as {@link kvTierSchema}).
 *
 * @example
 * ```ts
 * import { kvTierInfoSchema } from "@aifactory/memory";
 * kvTierInfoSchema.parse({ tierId: "dram", kind: "host-dram", capacityBytes: 1e12 });
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const kvTierInfoSchema = z
  .object({
    /** The tier's id, kebab-case. */
    tierId: kebabId,
    /** What kind of memory backs it. */
    kind: z.enum(["hbm", "host-dram", "local-ssd", "remote", "other"]),
    /** Bytes available to blocks; absent when unbounded or unknown. */
    capacityBytes: finiteNonNegative.optional(),
    /** Read bandwidth into HBM, GB/s, one direction. */
    readGBps: finitePositive.optional(),
    /** Write bandwidth, GB/s, one direction. */
    writeGBps: finitePositive.optional(),
  })
  .strict();

/**
 * Tier metadata of a KV block store.
 *
 * @example
 * ```ts
 * import type { KvTierInfo } from "@aifactory/memory";
 * const tier: KvTierInfo = { tierId: "ssd", kind: "local-ssd", capacityBytes: 30e12 };
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export type KvTierInfo = z.infer<typeof kvTierInfoSchema>;

/**
 * A KV block as stores put and get it: the hash that names it, its parent's hash, the tokens it covers, its size
 * in bytes and, optionally, the payload (the K and V tensors, serialised; metadata-only stores omit it).
 *
 * @example
 * ```ts
 * import { kvBlockSchema } from "@aifactory/memory";
 * kvBlockSchema.parse({ blockHash: "9f2c4e1a0b3d5f67", parentHash: null, tokenCount: 16, bytes: 4 });
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const kvBlockSchema = z
  .object({
    /** The block's prefix hash. */
    blockHash: kvBlockHashSchema,
    /** The previous block's hash, or `null` for a first block. */
    parentHash: kvBlockHashSchema.nullable(),
    /** Tokens in the block (the block size). */
    tokenCount: positiveInt,
    /** Size of the block's KV data in bytes. */
    bytes: nonNegativeInt,
    /** The KV data, `bytes` long, when the store keeps data. */
    payload: z.instanceof(Uint8Array).optional(),
    /** Free-form metadata (model id, layer range, dtype). */
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .refine((block) => block.payload === undefined || block.payload.byteLength === block.bytes, {
    message: "payload.byteLength must equal bytes",
    path: ["payload"],
  });

/**
 * A KV block.
 *
 * @example
 * ```ts
 * import type { KvBlock } from "@aifactory/memory";
 * const block: KvBlock = { blockHash: "9f2c4e1a0b3d5f67", parentHash: null, tokenCount: 16, bytes: 2_097_152 };
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export type KvBlock = z.infer<typeof kvBlockSchema>;

/**
 * What `put` reports: whether the block is stored and which blocks the store evicted to make room.
 *
 * @example
 * ```ts
 * import { createInMemoryKvBlockStore, type KvPutResult } from "@aifactory/memory";
 * const store = createInMemoryKvBlockStore({ tier: { tierId: "hbm", kind: "hbm", capacityBytes: 64 } });
 * const result: KvPutResult = await store.put({ blockHash: "a", parentHash: null, tokenCount: 16, bytes: 64 });
 * result.evicted; // []
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface KvPutResult {
  /** True when the block is resident after the call (also when it already was). */
  stored: boolean;
  /** Hashes evicted to make room, in eviction order. */
  evicted: string[];
}

/**
 * Counters of a KV block store.
 *
 * @example
 * ```ts
 * import { createInMemoryKvBlockStore, type KvBlockStoreStats } from "@aifactory/memory";
 * const store = createInMemoryKvBlockStore({ tier: { tierId: "hbm", kind: "hbm" } });
 * const stats: KvBlockStoreStats = await store.stats(); // { blockCount: 0, usedBytes: 0 }
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface KvBlockStoreStats {
  /** Resident blocks. */
  blockCount: number;
  /** Sum of resident blocks' `bytes`. */
  usedBytes: number;
  /** The capacity, when bounded. */
  capacityBytes?: number;
}

/**
 * The KV block store interface, version 1: a content-addressed store of KV-cache blocks for one tier of a
 * hierarchy (HBM, host DRAM, local SSD, a remote pool such as LMCache's or Mooncake's), keyed by the chained
 * prefix hash of each block. Stores may be remote, so every operation is async.
 *
 * Rules every implementation follows (checked by {@link runKvBlockStoreContract}):
 * - `put` validates its input and throws `InvalidInputError` before writing anything; putting a hash already
 *   resident leaves one copy; a store with a capacity never holds more than `capacityBytes` and evicts by its
 *   policy to make room; a block larger than the capacity is not stored (`stored: false`).
 * - `get` returns a copy of the block (mutating it does not change the store) or `undefined`.
 * - `evict` removes a block and returns whether it was resident.
 *
 * @example
 * ```ts
 * import { createInMemoryKvBlockStore } from "@aifactory/memory";
 * const store = createInMemoryKvBlockStore({ tier: { tierId: "dram", kind: "host-dram", capacityBytes: 1e9 } });
 * await store.put({ blockHash: "9f2c4e1a0b3d5f67", parentHash: null, tokenCount: 16, bytes: 2_097_152 });
 * await store.contains("9f2c4e1a0b3d5f67"); // true
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface KvBlockStoreV1 {
  /** The interface version. */
  readonly specificationVersion: "v1";
  /** Tier metadata. */
  readonly tier: KvTierInfo;
  /** Stores a block (validated), evicting by policy when full. */
  put(block: KvBlock): Promise<KvPutResult>;
  /** Returns a copy of a resident block, or `undefined`; counts as an access for the eviction policy. */
  get(blockHash: string): Promise<KvBlock | undefined>;
  /** Whether a block is resident; not an access. */
  contains(blockHash: string): Promise<boolean>;
  /** Removes a block; true when it was resident. */
  evict(blockHash: string): Promise<boolean>;
  /** Counters. */
  stats(): Promise<KvBlockStoreStats>;
}
