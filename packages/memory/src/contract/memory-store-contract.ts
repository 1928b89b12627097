import { isAifError } from "@aifactory/core";
import { MEMORY_LIMITS } from "../spec/memory-record";
import type { MemoryStoreFactory, MemoryStoreV1 } from "../spec/memory-store-v1";

/**
 * The test-runner functions the contract suite needs. Pass vitest's (or `node:test`'s, or jest's): the
 * suite imports no test framework itself, so `@aifactory/memory` stays dependency-light and browser-safe.
 *
 * @since 0.1.0
 * @category Contract
 */
export interface ContractTestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void;
}

/**
 * Options of {@link runMemoryStoreContract}.
 *
 * @since 0.1.0
 * @category Contract
 */
export interface MemoryStoreContractOptions {
  /** Suite name (default `MemoryStoreV1 contract`). */
  name?: string;
  /** Per-test timeout in ms (default 20 000). */
  timeoutMs?: number;
}

/**
 * One contract case: a name and a body that throws on failure.
 *
 * @since 0.1.0
 * @category Contract
 */
export interface MemoryStoreContractCase {
  name: string;
  run(store: MemoryStoreV1): Promise<void>;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`contract violated: ${message}`);
}

async function rejectsWith(action: () => Promise<unknown>, code: string, what: string): Promise<void> {
  try {
    await action();
  } catch (error) {
    check(isAifError(error), `${what}: expected an AifError with code ${code}, got ${String(error)}`);
    check(error.code === code, `${what}: expected code ${code}, got ${error.code}`);
    return;
  }
  throw new Error(`contract violated: ${what}: expected ${code}, but the call succeeded`);
}

const T0 = Date.parse("2026-01-01T00:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

/**
 * The cases of the `MemoryStoreV1` contract, for runners other than describe/it (each takes a fresh store).
 *
 * @returns the cases
 * @example
 * ```ts
 * import { createInMemoryStore, memoryStoreContractCases } from "@aifactory/memory";
 * for (const c of memoryStoreContractCases()) await c.run(createInMemoryStore());
 * ```
 * @since 0.1.0
 * @category Contract
 */
export function memoryStoreContractCases(): MemoryStoreContractCase[] {
  const alice = { userId: "alice" };
  const bob = { userId: "bob" };
  return [
    {
      name: "add fills defaults and get returns the same record",
      async run(store) {
        check(store.specificationVersion === "v1", "specificationVersion is v1");
        const added = await store.add({ scope: alice, content: "Alice is vegetarian", kind: "semantic" });
        check(added.version === 1 && added.status === "active", "a new memory is version 1 and active");
        check(added.lineageId === added.id, "the first version's lineage id is its id");
        check(added.importance === 0.5 && added.validTo === null, "importance defaults to 0.5, validTo to null");
        check(added.scope.userId === "alice" && added.kind === "semantic", "scope and kind kept");
        const got = await store.get({ scope: alice, id: added.id });
        check(got.content === "Alice is vegetarian" && got.id === added.id, "get returns the stored memory");
      },
    },
    {
      name: "malformed or oversized input throws INVALID_INPUT and writes nothing",
      async run(store) {
        await rejectsWith(
          () => store.add({ scope: alice, content: "x".repeat(MEMORY_LIMITS.maxContentChars + 1) }),
          "INVALID_INPUT",
          "oversized content",
        );
        await rejectsWith(() => store.add({ scope: { userId: "" }, content: "x" }), "INVALID_INPUT", "empty userId");
        await rejectsWith(
          () =>
            store.addMany([
              { scope: alice, content: "first is fine" },
              { scope: alice, content: "second has a bad importance", importance: 7 },
            ]),
          "INVALID_INPUT",
          "a batch with one bad item",
        );
        await rejectsWith(() => store.search({ scope: alice }), "INVALID_INPUT", "search without text or embedding");
        const stats = await store.stats({ scope: alice });
        check(stats.totalCount === 0, `nothing was written (found ${stats.totalCount})`);
      },
    },
    {
      name: "strings are stored exactly: lone surrogates and NUL are refused, content is kept verbatim",
      async run(store) {
        // UTF-8 databases turn a lone surrogate into U+FFFD: "mallory\uD800" and "mallory\uDFFF" would be one user.
        for (const userId of ["mallory\uD800", "mallory\uDFFF", "nul\u0000user"]) {
          await rejectsWith(
            () => store.add({ scope: { userId }, content: "secret" }),
            "INVALID_INPUT",
            "a bad user id",
          );
          await rejectsWith(() => store.search({ scope: { userId }, text: "secret" }), "INVALID_INPUT", "search");
          await rejectsWith(() => store.purge({ scope: { userId }, all: true }), "INVALID_INPUT", "purge");
        }
        await rejectsWith(() => store.add({ scope: alice, content: "a\u0000b" }), "INVALID_INPUT", "NUL in content");
        await rejectsWith(
          () => store.add({ scope: alice, content: "ok", metadata: { tag: "\uDC00" } }),
          "INVALID_INPUT",
          "lone surrogate in metadata",
        );
        await rejectsWith(() => store.add({ scope: alice, content: " \r\n " }), "INVALID_INPUT", "blank content");
        const added = await store.add({ scope: alice, content: "line one\r\n" });
        const read = await store.get({ scope: alice, id: added.id });
        check(read?.content === "line one\r\n", `content is stored verbatim (got ${JSON.stringify(read?.content)})`);
        const emoji = await store.add({
          scope: { userId: "mallory\uD83D\uDE00" },
          content: "paired surrogates are fine",
        });
        check(emoji.scope.userId === "mallory\uD83D\uDE00", "a well-formed astral user id is kept");
      },
    },
    {
      name: "search ranks by BM25 and explains every score",
      async run(store) {
        await store.addMany([
          { scope: alice, content: "Alice adopted a cat named Miso" },
          { scope: alice, content: "Alice went hiking in the Alps last summer" },
          { scope: alice, content: "The weather was rainy" },
        ]);
        const { hits, retrievers } = await store.search({ scope: alice, text: "hiking alps", k: 5 });
        check(retrievers.includes("bm25"), "the bm25 retriever ran");
        if (retrievers.includes("vector")) {
          // With an embedder every memory is a vector candidate: only the lexical match may carry a BM25 score.
          const lexical = hits.filter((h) => h.explanation.some((c) => c.name === "bm25" && c.value > 0));
          check(lexical.length === 1, `only the matching memory has a BM25 score (got ${lexical.length})`);
        } else {
          check(hits.length === 1, `only the matching memory is returned (got ${hits.length})`);
        }
        const top = hits[0];
        if (top === undefined) throw new Error("contract violated: search returned no hit");
        check(top.memory.content.includes("hiking"), "the hiking memory ranks first");
        check(top.rank === 1 && top.score > 0, "rank 1 with a positive score");
        const names = top.explanation.map((c) => c.name);
        check(names.includes("bm25") && names.includes("relevance"), `explanation has bm25 and relevance: ${names}`);
        const total = top.explanation.reduce((s, c) => s + c.contributionWeight, 0);
        check(Math.abs(total - top.score) < 1e-9, "contributions sum to the score");
      },
    },
    {
      name: "k limits the hits and scores are non-increasing",
      async run(store) {
        await store.addMany(
          Array.from({ length: 30 }, (_, i) => ({
            scope: alice,
            content: `note ${i} about the garden ${"rose ".repeat(i % 5)}`,
          })),
        );
        const { hits } = await store.search({ scope: alice, text: "garden rose", k: 7 });
        check(hits.length === 7, `k = 7 gives 7 hits (got ${hits.length})`);
        for (let i = 1; i < hits.length; i++) {
          check((hits[i - 1]?.score ?? 0) >= (hits[i]?.score ?? 0), "scores are non-increasing");
          check(hits[i]?.rank === i + 1, "ranks are 1..k");
        }
      },
    },
    {
      name: "scopes are hard isolation across users",
      async run(store) {
        const secret = await store.add({ scope: alice, content: "Alice's bank PIN hint is her cat's name" });
        await store.add({ scope: bob, content: "Bob likes his cat" });
        const { hits } = await store.search({ scope: bob, text: "alice bank pin cat name", k: 10 });
        check(
          hits.every((h) => h.memory.scope.userId === "bob"),
          "bob's search returns only bob's memories",
        );
        await rejectsWith(() => store.get({ scope: bob, id: secret.id }), "NOT_FOUND", "get across users");
        await rejectsWith(
          () => store.update({ scope: bob, id: secret.id, content: "x" }),
          "NOT_FOUND",
          "update across users",
        );
        await rejectsWith(
          () => store.forget({ scope: bob, id: secret.id, reason: "x" }),
          "NOT_FOUND",
          "forget across users",
        );
        await rejectsWith(() => store.history({ scope: bob, id: secret.id }), "NOT_FOUND", "history across users");
        await rejectsWith(() => store.purge({ scope: bob, id: secret.id }), "NOT_FOUND", "purge across users");
        await store.purge({ scope: bob, all: true });
        const still = await store.get({ scope: alice, id: secret.id });
        check(still.status === "active", "purging bob's scope leaves alice's memory");
      },
    },
    {
      name: "narrower scope fields (agentId, sessionId, namespace) filter when given",
      async run(store) {
        await store.addMany([
          { scope: { userId: "alice", agentId: "travel" }, content: "prefers window seats" },
          { scope: { userId: "alice", agentId: "food" }, content: "prefers window tables" },
          { scope: { userId: "alice", agentId: "travel", namespace: "ns1" }, content: "prefers aisle seats sometimes" },
        ]);
        const travel = await store.search({ scope: { userId: "alice", agentId: "travel" }, text: "prefers", k: 10 });
        check(travel.hits.length === 2, `agent travel sees its 2 memories (got ${travel.hits.length})`);
        const ns = await store.search({ scope: { userId: "alice", namespace: "ns1" }, text: "prefers", k: 10 });
        check(ns.hits.length === 1, "namespace narrows to one");
        const all = await store.search({ scope: alice, text: "prefers", k: 10 });
        check(all.hits.length === 3, "the user scope sees all three");
      },
    },
    {
      name: "update is append-only supersession with history and asOf",
      async run(store) {
        const v1 = await store.add({
          scope: alice,
          content: "Alice lives in Berlin",
          kind: "semantic",
          validFrom: iso(T0),
        });
        const v2 = await store.update({
          scope: alice,
          id: v1.id,
          content: "Alice lives in Lisbon",
          validFrom: iso(T0 + 100 * HOUR),
          reason: "moved",
        });
        check(v2.version === 2 && v2.lineageId === v1.id && v2.supersedes === v1.id, "v2 links to v1");
        const old = await store.get({ scope: alice, id: v1.id });
        check(old.status === "superseded" && old.supersededBy === v2.id, "v1 is superseded by v2, not deleted");
        check(old.validTo === iso(T0 + 100 * HOUR), `v1's validity ends where v2's begins (${old.validTo})`);
        const history = await store.history({ scope: alice, id: v2.id });
        check(history.length === 2 && history[0]?.id === v1.id && history[1]?.id === v2.id, "history lists v1, v2");
        const now = await store.search({ scope: alice, text: "where does alice live berlin lisbon", k: 5 });
        check(now.hits.length === 1 && now.hits[0]?.memory.id === v2.id, "search returns only the current version");
        const past = await store.search({
          scope: alice,
          text: "where does alice live berlin lisbon",
          asOf: iso(T0 + 10 * HOUR),
          k: 5,
        });
        check(past.hits.length === 1 && past.hits[0]?.memory.id === v1.id, "asOf before the update returns v1");
        await rejectsWith(() => store.update({ scope: alice, id: v1.id, content: "x" }), "CONFLICT", "updating v1");
      },
    },
    {
      name: "forget is soft with a reason; purge is hard for the whole lineage",
      async run(store) {
        const a = await store.add({ scope: alice, content: "Alice's old phone number is 555-0100" });
        const forgotten = await store.forget({ scope: alice, id: a.id, reason: "user asked" });
        check(forgotten.status === "forgotten" && forgotten.forgetReason === "user asked", "forgotten with reason");
        const { hits } = await store.search({ scope: alice, text: "phone number", k: 5 });
        check(hits.length === 0, "forgotten memories are not searched");
        check((await store.get({ scope: alice, id: a.id })).status === "forgotten", "still readable by id");
        await rejectsWith(() => store.forget({ scope: alice, id: a.id, reason: "again" }), "CONFLICT", "forget twice");
        const b = await store.add({ scope: alice, content: "Alice works at Acme" });
        const b2 = await store.update({ scope: alice, id: b.id, content: "Alice works at Globex" });
        const { purgedCount } = await store.purge({ scope: alice, id: b2.id });
        check(purgedCount === 2, `purge removes both versions (removed ${purgedCount})`);
        await rejectsWith(() => store.get({ scope: alice, id: b.id }), "NOT_FOUND", "get after purge");
        const all = await store.purge({ scope: alice, all: true });
        check(all.purgedCount === 1, "purge all removes the forgotten one");
        check((await store.stats({ scope: alice })).totalCount === 0, "scope is empty");
      },
    },
    {
      name: "filters on kind, metadata and importance",
      async run(store) {
        await store.addMany([
          {
            scope: alice,
            content: "trip to Rome",
            kind: "episodic",
            metadata: { topic: "travel", day: 3 },
            importance: 0.9,
          },
          {
            scope: alice,
            content: "trip planning checklist",
            kind: "procedural",
            metadata: { topic: "travel", day: 1 },
          },
          { scope: alice, content: "trip budget", kind: "semantic", metadata: { topic: ["money", "travel"], day: 5 } },
        ]);
        const kinds = await store.search({ scope: alice, text: "trip", filters: { kinds: ["procedural"] } });
        check(kinds.hits.length === 1 && kinds.hits[0]?.memory.kind === "procedural", "kind filter");
        const meta = await store.search({ scope: alice, text: "trip", filters: { metadata: { day: { gte: 3 } } } });
        check(meta.hits.length === 2, `metadata gte filter (got ${meta.hits.length})`);
        const member = await store.search({ scope: alice, text: "trip", filters: { metadata: { topic: "money" } } });
        check(member.hits.length === 1, "a bare value matches list membership");
        const inOp = await store.search({ scope: alice, text: "trip", filters: { metadata: { day: { in: [1, 5] } } } });
        check(inOp.hits.length === 2, "in operator");
        const imp = await store.search({ scope: alice, text: "trip", filters: { minImportance: 0.8 } });
        check(imp.hits.length === 1, "importance filter");
      },
    },
    {
      name: "validity windows: ended facts leave default search but answer asOf",
      async run(store) {
        await store.add({
          scope: alice,
          content: "Alice's passport was valid",
          validFrom: iso(T0),
          validTo: iso(T0 + 24 * HOUR),
        });
        const now = await store.search({ scope: alice, text: "passport", now: iso(T0 + 48 * HOUR) });
        check(now.hits.length === 0, "an ended fact is not a current answer");
        const then = await store.search({ scope: alice, text: "passport", asOf: iso(T0 + 12 * HOUR) });
        check(then.hits.length === 1, "asOf inside the window finds it");
      },
    },
    {
      name: "vector search and RRF hybrid when embeddings are given",
      async run(store) {
        await store.addMany([
          { scope: alice, content: "red apple", embedding: [1, 0, 0] },
          { scope: alice, content: "green apple", embedding: [0, 1, 0] },
          { scope: alice, content: "blue sky", embedding: [0, 0, 1] },
        ]);
        const vec = await store.search({ scope: alice, embedding: [0.1, 0.9, 0], k: 3 });
        check(vec.retrievers.includes("vector"), "vector retriever ran");
        check(vec.hits[0]?.memory.content === "green apple", "nearest vector first");
        const hybrid = await store.search({ scope: alice, text: "apple", embedding: [0, 0.2, 1], k: 3 });
        check(hybrid.retrievers.length === 2, "both retrievers ran");
        check(
          hybrid.hits.some((h) => h.explanation.some((c) => c.name === "rrf")),
          "hybrid hits are explained by rrf",
        );
      },
    },
    {
      name: "cognitive components are opt-in, explained, and retrieval is logged as use",
      async run(store) {
        const m = await store.add({ scope: alice, content: "Alice's favourite tea is sencha", importance: 0.8 });
        const plain = await store.search({ scope: alice, text: "favourite tea", recordAccess: false });
        check(!plain.hits[0]?.explanation.some((c) => c.name === "activation"), "activation is off by default");
        const now = new Date(Date.parse(m.createdAt) + 2 * HOUR).toISOString();
        const scored = await store.search({
          scope: alice,
          text: "favourite tea",
          now,
          scoring: {
            activation: { enabled: true },
            decay: { enabled: true, halfLifeHours: 24 },
            importance: { enabled: true },
          },
        });
        const names = scored.hits[0]?.explanation.map((c) => c.name) ?? [];
        check(
          names.includes("activation") && names.includes("decay") && names.includes("importance"),
          `enabled components are explained: ${names}`,
        );
        for (const c of scored.hits[0]?.explanation ?? []) {
          check(Number.isFinite(c.value) && Number.isFinite(c.contributionWeight), `${c.name} is finite`);
        }
        const after = await store.get({ scope: alice, id: m.id });
        check(after.accessCount === 1 && after.lastAccessedAt === now, "the retrieval was logged once");
        const ga = await store.search({ scope: alice, text: "tea", scoring: { generativeAgents: { enabled: true } } });
        check(
          ga.hits[0]?.explanation.some((c) => c.name === "generative-agents"),
          "generative agents explained",
        );
      },
    },
    {
      name: "list pages through a scope and stats count statuses",
      async run(store) {
        const added = await store.addMany(
          Array.from({ length: 5 }, (_, i) => ({ scope: alice, content: `item ${i}` })),
        );
        await store.forget({ scope: alice, id: added[0]?.id ?? "", reason: "test" });
        await store.update({ scope: alice, id: added[1]?.id ?? "", content: "item 1 revised" });
        const page1 = await store.list({ scope: alice, limit: 2 });
        const page2 = await store.list({ scope: alice, limit: 2, offset: 2 });
        check(page1.length === 2 && page2.length === 2, "two pages of two active memories");
        check(new Set([...page1, ...page2].map((r) => r.id)).size === 4, "pages do not overlap");
        const stats = await store.stats({ scope: alice });
        check(
          stats.totalCount === 6 && stats.activeCount === 4,
          `6 records, 4 active (got ${stats.totalCount}, ${stats.activeCount})`,
        );
        check(stats.supersededCount === 1 && stats.forgottenCount === 1, "1 superseded, 1 forgotten");
        check(stats.activeByKind.episodicCount === 4, "kinds counted");
      },
    },
  ];
}

/**
 * Registers the `MemoryStoreV1` contract suite with a test runner. Store authors call it from their own
 * tests; each case gets a fresh store from `factory` and closes it afterwards.
 *
 * @param factory - makes an empty store
 * @param api - the runner's `describe` and `it` (e.g. from vitest)
 * @param options - suite name and timeout
 * @example
 * ```ts
 * // not run in tests: registers vitest suites, so it belongs at the top level of a test file
 * import { describe, it } from "vitest";
 * import { createInMemoryStore, runMemoryStoreContract } from "@aifactory/memory";
 * runMemoryStoreContract(() => createInMemoryStore(), { describe, it });
 * ```
 * @since 0.1.0
 * @category Contract
 */
export function runMemoryStoreContract(
  factory: MemoryStoreFactory,
  api: ContractTestApi,
  options: MemoryStoreContractOptions = {},
): void {
  api.describe(options.name ?? "MemoryStoreV1 contract", () => {
    for (const c of memoryStoreContractCases()) {
      api.it(
        c.name,
        async () => {
          const store = await factory();
          try {
            await c.run(store);
          } finally {
            await store.close();
          }
        },
        options.timeoutMs ?? 20_000,
      );
    }
  });
}
