import { describe, expect, it } from "vitest";
import { createInMemoryStore } from "../store/in-memory-store";
import { consolidateMemories } from "./consolidate";
import { setJaccard, termJaccard } from "./jaccard";
import { packWorkingMemory } from "./working-memory";

const scope = { userId: "alice" };

describe("consolidateMemories", () => {
  it("promotes repeated episodes to one semantic memory and keeps the episodes", async () => {
    const store = createInMemoryStore();
    for (let i = 0; i < 3; i++) await store.add({ scope, content: `Alice drank green tea in the morning ${i}` });
    await store.add({ scope, content: "Alice went to the dentist" });
    const report = await consolidateMemories(store, { scope });
    const promoted = report.actions.filter((a) => a.type === "promote");
    expect(promoted).toHaveLength(1);
    const stats = await store.stats({ scope });
    expect(stats.activeByKind).toEqual({ episodicCount: 4, semanticCount: 1, proceduralCount: 0 });
    // Idempotent: a second pass finds the semantic memory and promotes nothing.
    const again = await consolidateMemories(store, { scope });
    expect(again.actions.filter((a) => a.type === "promote")).toHaveLength(0);
  });

  it("merges near-duplicate facts into the newest by soft forgetting, with a reason", async () => {
    const store = createInMemoryStore();
    const a = await store.add({ scope, kind: "semantic", content: "Alice is allergic to peanuts" });
    const b = await store.add({ scope, kind: "semantic", content: "alice is allergic to peanuts!" });
    const report = await consolidateMemories(store, { scope, promotion: { enabled: false } });
    expect(report.actions).toEqual([{ type: "merge-duplicate", keptId: b.id, forgottenId: a.id, similarity: 1 }]);
    const old = await store.get({ scope, id: a.id });
    expect(old.status).toBe("forgotten");
    expect(old.forgetReason).toContain(b.id);
  });

  it("resolves contradictions by closing the older fact's validity, never deleting it", async () => {
    const store = createInMemoryStore();
    const berlin = await store.add({
      scope,
      kind: "semantic",
      content: "Alice lives in Berlin",
      validFrom: "2024-01-01T00:00:00Z",
      metadata: { subject: "alice", predicate: "lives-in" },
    });
    await store.add({
      scope,
      kind: "semantic",
      content: "Alice lives in Lisbon",
      validFrom: "2025-03-01T00:00:00Z",
      metadata: { subject: "alice", predicate: "lives-in" },
    });
    const report = await consolidateMemories(store, { scope });
    const action = report.actions.find((a) => a.type === "resolve-contradiction");
    expect(action).toMatchObject({ olderId: berlin.id, closedAt: "2025-03-01T00:00:00.000Z" });
    const history = await store.history({ scope, id: berlin.id });
    expect(history).toHaveLength(2);
    expect(history[1]?.validTo).toBe("2025-03-01T00:00:00.000Z");
    const now = await store.search({ scope, text: "where does alice live" });
    expect(now.hits.map((h) => h.memory.content)).toEqual(["Alice lives in Lisbon"]);
    const past = await store.search({ scope, text: "where does alice live", asOf: "2024-06-01T00:00:00Z" });
    expect(past.hits.map((h) => h.memory.content)).toEqual(["Alice lives in Berlin"]);
  });

  it("a dry run reports without writing", async () => {
    const store = createInMemoryStore();
    for (let i = 0; i < 3; i++) await store.add({ scope, content: "same episode again" });
    const report = await consolidateMemories(store, { scope, dryRun: true });
    expect(report.actions[0]).toMatchObject({ type: "promote", createdId: null });
    expect((await store.stats({ scope })).totalCount).toBe(3);
  });
});

describe("jaccard", () => {
  it("compares term sets", () => {
    expect(termJaccard("Alice likes green tea", "alice likes tea")).toBeCloseTo(0.75, 12);
    expect(setJaccard(new Set(), new Set())).toBe(1);
  });
});

describe("packWorkingMemory", () => {
  it("fills the budget in score order, first fit, and never exceeds it", async () => {
    const store = createInMemoryStore();
    await store.addMany([
      { scope, content: "tea ".repeat(40) },
      { scope, content: "tea time" },
      { scope, content: "tea with milk and honey" },
    ]);
    const { hits } = await store.search({ scope, text: "tea", k: 10 });
    const packed = packWorkingMemory(hits, { tokenBudget: 30 });
    expect(packed.usedTokens).toBeLessThanOrEqual(30);
    expect(packed.hits.length + packed.droppedIds.length).toBe(3);
    expect(packWorkingMemory(hits, { tokenBudget: 0 }).hits).toHaveLength(0);
  });
});
