import { createRegistry, definePlugin } from "@aifactory/core";
import { memoryStoreKind } from "@aifactory/memory";
import { describe, expect, it } from "vitest";
import { pgliteStoreProvider, postgresStoreProvider } from "./store-providers";

describe("memory-postgres providers", () => {
  it("register under memoryStores and validate their options", async () => {
    const registry = createRegistry({ kinds: [memoryStoreKind] }).use(
      definePlugin({ name: "pg", version: "1.0.0", memoryStores: [pgliteStoreProvider, postgresStoreProvider] }),
    );
    expect(registry.ids("memoryStores")).toEqual(["pglite", "postgres"]);
    await expect(postgresStoreProvider.create({})).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(pgliteStoreProvider.create({ dataDir: 3 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
