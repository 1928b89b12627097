import { createRegistry, definePlugin } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { inMemoryStoreProvider, memoryStoreKind } from "./memory-store-provider";

describe("memoryStores extension kind", () => {
  it("registers a provider and creates a working store", async () => {
    const registry = createRegistry({ kinds: [memoryStoreKind] }).use(
      definePlugin({ name: "stores", version: "1.0.0", memoryStores: [inMemoryStoreProvider] }),
    );
    const provider = registry.get("memoryStores", "in-memory");
    const store = await provider.create();
    await store.add({ scope: { userId: "u" }, content: "hello" });
    expect((await store.stats({ scope: { userId: "u" } })).totalCount).toBe(1);
  });
  it("rejects something that is not a provider", () => {
    expect(() =>
      createRegistry({ kinds: [memoryStoreKind] }).use(
        definePlugin({ name: "bad", version: "1.0.0", memoryStores: [{ id: "x" }] }),
      ),
    ).toThrow(/MemoryStoreProviderV1/);
  });
});
