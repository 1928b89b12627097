import { AifError, isAifError } from "@aifactory/core";
import type { KvBlock, KvBlockStoreV1 } from "./kv-block-store";
import { kvTierInfoSchema } from "./kv-block-store";

/**
 * The test-runner functions the contract suite registers its tests with: pass vitest's `describe` and `it`
 * (or any runner with the same shape). The suite does its own assertions, so it needs no `expect`, and the
 * package never imports a test runner at run time.
 *
 * @example
 * ```ts
 * import { describe, it } from "vitest";
 * import type { KvContractTestApi } from "@aifactory/memory";
 * const api: KvContractTestApi = { describe, it };
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface KvContractTestApi {
  /** Groups tests, e.g. vitest's `describe`. */
  describe: (name: string, body: () => void) => void;
  /** Registers one test, e.g. vitest's `it`. */
  it: (name: string, body: () => Promise<void>) => void;
}

/**
 * Options of {@link runKvBlockStoreContract}.
 *
 * @example
 * ```ts
 * import type { KvBlockStoreContractOptions } from "@aifactory/memory";
 * const options: KvBlockStoreContractOptions = { name: "my SSD store", keepsPayload: false };
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface KvBlockStoreContractOptions {
  /** Name shown in the test report; default `"KvBlockStoreV1 contract"`. */
  name?: string;
  /**
   * Whether the stores the factory makes keep payloads (default true). Metadata-only stores set false and
   * the payload round-trip test is skipped.
   */
  keepsPayload?: boolean;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AifError("VERIFICATION_FAILED", `KvBlockStoreV1 contract: ${message}`);
}

function block(index: number, bytes = 64, withPayload = true): KvBlock {
  const hash = `c0ffee${index.toString(16).padStart(10, "0")}`;
  return {
    blockHash: hash,
    parentHash: index === 0 ? null : `c0ffee${(index - 1).toString(16).padStart(10, "0")}`,
    tokenCount: 16,
    bytes,
    ...(withPayload ? { payload: new Uint8Array(bytes).map((_, i) => (i * 31 + index) & 0xff) } : {}),
  };
}

async function rejectsWithInvalidInput(action: () => Promise<unknown>, what: string): Promise<void> {
  try {
    await action();
  } catch (error) {
    check(isAifError(error) && error.code === "INVALID_INPUT", `${what} must reject with INVALID_INPUT`);
    return;
  }
  check(false, `${what} must reject`);
}

/**
 * The contract test suite of {@link KvBlockStoreV1}: every store implementation runs it in its own tests. It
 * registers tests for tier metadata, put/get round trips (payload included), `contains` without side effects,
 * idempotent puts, `evict`, input validation with nothing written, capacity limits with eviction, and stats
 * that match the resident blocks. The factory is called once per test and must return an empty store; give it
 * a tier whose `capacityBytes` is either absent or at least 1,024 bytes (the capacity test fills the store).
 *
 * @param factory - makes a fresh, empty store (may be async)
 * @param api - the runner's `describe` and `it` (vitest's, typically)
 * @param options - a display name; whether payloads are kept
 * @example
 * ```ts
 * // not run in tests: registers vitest suites, so it belongs at the top level of a test file
 * import { describe, it } from "vitest";
 * import { createInMemoryKvBlockStore, runKvBlockStoreContract } from "@aifactory/memory";
 * runKvBlockStoreContract(
 *   () => createInMemoryKvBlockStore({ tier: { tierId: "dram", kind: "host-dram", capacityBytes: 4096 } }),
 *   { describe, it },
 * );
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function runKvBlockStoreContract(
  factory: () => KvBlockStoreV1 | Promise<KvBlockStoreV1>,
  api: KvContractTestApi,
  options: KvBlockStoreContractOptions = {},
): void {
  const keepsPayload = options.keepsPayload ?? true;
  api.describe(options.name ?? "KvBlockStoreV1 contract", () => {
    api.it("declares specificationVersion v1 and valid tier metadata", async () => {
      const store = await factory();
      check(store.specificationVersion === "v1", `specificationVersion is "${store.specificationVersion}"`);
      check(kvTierInfoSchema.safeParse(store.tier).success, "tier metadata must match kvTierInfoSchema");
      const stats = await store.stats();
      check(stats.blockCount === 0 && stats.usedBytes === 0, "a new store must be empty");
    });

    api.it("put then get returns an equal copy, and contains is true", async () => {
      const store = await factory();
      const input = block(1, 64, keepsPayload);
      const result = await store.put(input);
      check(result.stored, "put of a small block must store it");
      check(await store.contains(input.blockHash), "contains must be true after put");
      const got = await store.get(input.blockHash);
      check(got !== undefined, "get must return the block");
      check(got.blockHash === input.blockHash, "get must return the same blockHash");
      check(got.parentHash === input.parentHash, "get must return the same parentHash");
      check(got.tokenCount === input.tokenCount && got.bytes === input.bytes, "get must return tokenCount and bytes");
      if (keepsPayload) {
        check(got.payload !== undefined, "get must return the payload");
        const expected = input.payload as Uint8Array;
        check(
          got.payload.length === expected.length && got.payload.every((value, i) => value === expected[i]),
          "payload must round-trip byte for byte",
        );
        got.payload[0] = (got.payload[0] ?? 0) ^ 0xff;
        const again = await store.get(input.blockHash);
        check(again?.payload?.[0] === expected[0], "mutating a returned payload must not change the store");
      }
    });

    api.it("misses return undefined / false without side effects", async () => {
      const store = await factory();
      check((await store.get("0123456789abcdef")) === undefined, "get of an unknown hash must be undefined");
      check(!(await store.contains("0123456789abcdef")), "contains of an unknown hash must be false");
      check(!(await store.evict("0123456789abcdef")), "evict of an unknown hash must be false");
      const stats = await store.stats();
      check(stats.blockCount === 0 && stats.usedBytes === 0, "misses must not change stats");
    });

    api.it("putting the same hash twice keeps one copy", async () => {
      const store = await factory();
      await store.put(block(2, 64, keepsPayload));
      const second = await store.put(block(2, 64, keepsPayload));
      check(second.stored, "the second put must report stored");
      const stats = await store.stats();
      check(stats.blockCount === 1 && stats.usedBytes === 64, "one copy of 64 bytes must remain");
    });

    api.it("evict removes a block once", async () => {
      const store = await factory();
      const input = block(3, 64, keepsPayload);
      await store.put(input);
      check(await store.evict(input.blockHash), "evict of a resident block must return true");
      check(!(await store.contains(input.blockHash)), "an evicted block must not be contained");
      check(!(await store.evict(input.blockHash)), "a second evict must return false");
      const stats = await store.stats();
      check(stats.blockCount === 0 && stats.usedBytes === 0, "stats must be back to empty");
    });

    api.it("invalid input is rejected with INVALID_INPUT and nothing is written", async () => {
      const store = await factory();
      const bad = { ...block(4, 64, false), tokenCount: -1 };
      await rejectsWithInvalidInput(() => store.put(bad as KvBlock), "put with tokenCount -1");
      await rejectsWithInvalidInput(
        () => store.put({ ...block(5, 64, false), payload: new Uint8Array(3) }),
        "put whose payload length differs from bytes",
      );
      await rejectsWithInvalidInput(() => store.put({ ...block(6, 64, false), blockHash: "" }), "put with empty hash");
      await rejectsWithInvalidInput(() => store.get(""), "get with an empty hash");
      const stats = await store.stats();
      check(stats.blockCount === 0 && stats.usedBytes === 0, "rejected puts must write nothing");
    });

    api.it("never exceeds its capacity and reports evictions", async () => {
      const store = await factory();
      const capacity = store.tier.capacityBytes;
      const count = capacity === undefined ? 32 : Math.min(4096, Math.floor(capacity / 64) + 8);
      const evicted = new Set<string>();
      for (let i = 0; i < count; i++) {
        const result = await store.put(block(100 + i, 64, keepsPayload));
        for (const hash of result.evicted) evicted.add(hash);
        const stats = await store.stats();
        if (capacity !== undefined) check(stats.usedBytes <= capacity, `usedBytes ${stats.usedBytes} > ${capacity}`);
      }
      for (const hash of evicted) check(!(await store.contains(hash)), `evicted block ${hash} is still contained`);
      const stats = await store.stats();
      check(stats.blockCount === count - evicted.size, "blockCount must equal puts minus evictions");
      check(stats.usedBytes === stats.blockCount * 64, "usedBytes must equal the resident blocks' bytes");
      if (capacity !== undefined) {
        check(evicted.size > 0, "filling past capacity must evict");
        const huge = await store.put(block(9999, Math.floor(capacity) + 1, false));
        check(!huge.stored, "a block larger than the capacity must not be stored");
      }
    });
  });
}
