import { describe, expect, it } from "vitest";
import { runMemoryStoreContract } from "../contract/memory-store-contract";
import { createInMemoryStore } from "./in-memory-store";

runMemoryStoreContract(
  () => createInMemoryStore(),
  { describe, it },
  { name: "in-memory store: MemoryStoreV1 contract" },
);

describe("in-memory store columns", () => {
  it("gives back any content exactly (multi-byte, byte-order mark, CRLF), refuses lone surrogates, indexes terms", async () => {
    const store = createInMemoryStore();
    const scope = { userId: "u" };
    const contents = [
      "\uFEFFlisbon at the start \uFEFF inside",
      "café in 東京 😀",
      "paired surrogates 😀 lisbon\r\n",
      "plain ascii",
    ];
    const added = await store.addMany(contents.map((content) => ({ scope, content })));
    // Stored verbatim: no trimming, so a trailing "\r\n" or a byte-order mark comes back as written.
    expect(added.map((r) => r.content)).toEqual(contents);
    for (const record of added) expect((await store.get({ scope, id: record.id })).content).toBe(record.content);
    const { hits } = await store.search({ scope, text: "lisbon", k: 5 });
    expect(hits.map((h) => h.memory.id).sort()).toEqual([added[0]?.id, added[2]?.id].sort());
    // A lone surrogate cannot be stored exactly in UTF-8 databases: every store refuses it.
    await expect(store.add({ scope, content: "broken \uD800 surrogate" })).rejects.toThrow(/well-formed Unicode/);
  });

  it("keeps the last `accessLogLimit` retrievals of a memory for ACT-R activation", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const store = createInMemoryStore({ accessLogLimit: 2, clock: () => now });
    const scope = { userId: "u" };
    const record = await store.add({ scope, content: "the quarterly report is due friday" });
    for (let i = 0; i < 5; i++) {
      now += 3_600_000;
      const { hits } = await store.search({ scope, text: "quarterly report", k: 1 });
      expect(hits[0]?.memory.accessCount).toBe(i + 1);
      expect(hits[0]?.memory.lastAccessedAt).toBe(new Date(now).toISOString());
    }
    now += 3_600_000;
    const { hits } = await store.search({
      scope,
      text: "quarterly report",
      k: 1,
      scoring: { activation: { enabled: true } },
      recordAccess: false,
    });
    const activation = hits[0]?.explanation.find((c) => c.name === "activation");
    // The encoding plus the two most recent of five retrievals.
    expect(activation?.detail.uses).toBe(3);
    expect((await store.get({ scope, id: record.id })).accessCount).toBe(5);
  });

  it("returns records the caller may change without changing the store", async () => {
    const store = createInMemoryStore();
    const scope = { userId: "u", agentId: "a" };
    const added = await store.add({ scope, content: "alpha", metadata: { tags: ["x"] }, source: { type: "message" } });
    added.scope.agentId = "changed";
    (added.metadata.tags as string[]).push("y");
    if (added.source) added.source.type = "changed";
    const again = await store.get({ scope, id: added.id });
    expect(again.scope).toEqual(scope);
    expect(again.metadata).toEqual({ tags: ["x"] });
    expect(again.source).toEqual({ type: "message" });
  });
});
