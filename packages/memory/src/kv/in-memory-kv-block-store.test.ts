import { describe, expect, it } from "vitest";
import { createLfuEvictionPolicy } from "./eviction-policy";
import { createInMemoryKvBlockStore } from "./in-memory-kv-block-store";
import { runKvBlockStoreContract } from "./kv-block-store-contract";

runKvBlockStoreContract(
  () => createInMemoryKvBlockStore({ tier: { tierId: "dram", kind: "host-dram", capacityBytes: 4096 } }),
  { describe, it },
  { name: "in-memory store, LRU, 4 kB" },
);

runKvBlockStoreContract(
  () =>
    createInMemoryKvBlockStore({
      tier: { tierId: "ssd", kind: "local-ssd", capacityBytes: 1024 },
      policy: createLfuEvictionPolicy,
    }),
  { describe, it },
  { name: "in-memory store, LFU, 1 kB" },
);

runKvBlockStoreContract(
  () => createInMemoryKvBlockStore({ tier: { tierId: "remote", kind: "remote" } }),
  { describe, it },
  {
    name: "in-memory store, unbounded",
  },
);

describe("createInMemoryKvBlockStore", () => {
  it("evicts least recently used blocks first by default", async () => {
    const store = createInMemoryKvBlockStore({ tier: { tierId: "hbm", kind: "hbm", capacityBytes: 30 } });
    await store.put({ blockHash: "a", parentHash: null, tokenCount: 16, bytes: 10 });
    await store.put({ blockHash: "b", parentHash: "a", tokenCount: 16, bytes: 10 });
    await store.put({ blockHash: "c", parentHash: "b", tokenCount: 16, bytes: 10 });
    await store.get("a");
    const result = await store.put({ blockHash: "d", parentHash: "c", tokenCount: 16, bytes: 10 });
    expect(result).toEqual({ stored: true, evicted: ["b"] });
  });

  it("rejects invalid tier metadata", () => {
    expect(() => createInMemoryKvBlockStore({ tier: { tierId: "HBM", kind: "hbm" } })).toThrow(/tierId/);
  });
});
