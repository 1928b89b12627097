import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createFifoEvictionPolicy,
  createLfuEvictionPolicy,
  createLruEvictionPolicy,
  getKvEvictionPolicy,
  type KvBuiltInEvictionPolicy,
  type KvEvictionPolicyV1,
} from "./eviction-policy";

type Op =
  | { kind: "insert"; key: number; count: number }
  | { kind: "touch"; key: number }
  | { kind: "remove"; key: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("insert" as const),
    key: fc.integer({ min: 0, max: 4 }),
    count: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constant("touch" as const), key: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant("remove" as const), key: fc.integer({ min: 0, max: 4 }) }),
);

/** Naive reference models: a list of { key, count, last, entered } scanned on every victim() call. */
function reference(kind: "lru" | "lfu" | "fifo") {
  const entries = new Map<number, { count: number; last: number; entered: number }>();
  let clock = 0;
  return {
    apply(op: Op) {
      clock++;
      const entry = entries.get(op.key);
      if (op.kind === "insert") entries.set(op.key, { count: Math.max(1, op.count), last: clock, entered: clock });
      else if (op.kind === "touch" && entry) {
        entry.count++;
        entry.last = clock;
      } else if (op.kind === "remove") entries.delete(op.key);
    },
    victim(): number | undefined {
      let best: number | undefined;
      let bestKey: [number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
      for (const [key, e] of entries) {
        const rank: [number, number] =
          kind === "lru" ? [e.last, 0] : kind === "fifo" ? [e.entered, 0] : [e.count, e.last];
        if (rank[0] < bestKey[0] || (rank[0] === bestKey[0] && rank[1] < bestKey[1])) {
          best = key;
          bestKey = rank;
        }
      }
      return best;
    },
    get size() {
      return entries.size;
    },
  };
}

function run(policy: KvEvictionPolicyV1, ops: Op[]) {
  for (const op of ops) {
    if (op.kind === "insert") policy.insert(op.key, op.count);
    else if (op.kind === "touch") policy.touch(op.key);
    else policy.remove(op.key);
  }
}

describe("eviction policies", () => {
  for (const [name, factory] of [
    ["lru", createLruEvictionPolicy],
    ["lfu", createLfuEvictionPolicy],
    ["fifo", createFifoEvictionPolicy],
  ] as const) {
    it(`${name} picks the same victim as a naive reference model after any operation sequence`, () => {
      fc.assert(
        fc.property(fc.array(opArbitrary, { maxLength: 60 }), (ops) => {
          const policy = factory();
          const model = reference(name);
          for (const op of ops) {
            run(policy, [op]);
            model.apply(op);
            expect(policy.size).toBe(model.size);
            expect(policy.victim()).toBe(model.victim());
          }
        }),
      );
    });
  }

  it("LFU keeps frequently used blocks over recent one-off blocks", () => {
    const lfu = createLfuEvictionPolicy();
    const [system, tail1, tail2] = [1, 2, 3];
    lfu.insert(system, 1);
    for (let i = 0; i < 10; i++) lfu.touch(system);
    lfu.insert(tail1, 1);
    lfu.insert(tail2, 1);
    expect(lfu.victim()).toBe(tail1);
    const lru = createLruEvictionPolicy();
    lru.insert(system, 1);
    lru.insert(tail1, 1);
    expect(lru.victim()).toBe(system);
  });

  it("looks policies up by name with suggestions for typos", () => {
    expect(getKvEvictionPolicy("lfu")().name).toBe("lfu");
    expect(() => getKvEvictionPolicy("lur")).toThrow(/unknown eviction policy "lur"/);
    try {
      getKvEvictionPolicy("lur");
    } catch (error) {
      expect((error as { hint?: string }).hint).toMatch(/lru/);
    }
  });
});

describe("LRU touchRun (#23)", () => {
  /** The blocks from least to most recent. */
  function drain(policy: KvEvictionPolicyV1): number[] {
    const order: number[] = [];
    for (let victim = policy.victim(); victim !== undefined; victim = policy.victim()) {
      order.push(victim);
      policy.remove(victim);
    }
    return order;
  }

  it("does what touching the run block by block does, or nothing when the run is not consecutive", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(40), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(40), { maxLength: 20 }),
        fc.array(fc.nat(40), { minLength: 1, maxLength: 12 }),
        (inserted, touched, run) => {
          const fast = createLruEvictionPolicy() as KvBuiltInEvictionPolicy;
          const slow = createLruEvictionPolicy();
          for (const policy of [fast, slow]) {
            for (const id of inserted) policy.insert(id, 1);
            for (const id of touched) policy.touch(id);
          }
          const ids = Int32Array.from(run);
          const done = fast.touchRun?.(ids, 0, ids.length - 1) ?? false;
          if (done) for (let i = ids.length - 1; i >= 0; i--) slow.touch(ids[i] as number);
          expect(drain(fast)).toEqual(drain(slow));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("moves a consecutive run to the most recent end in one splice", () => {
    const policy = createLruEvictionPolicy() as KvBuiltInEvictionPolicy;
    for (const id of [5, 3, 2, 1, 9]) policy.insert(id, 1);
    // Recency order 5, 3, 2, 1, 9: touching 3, 2, 1 in that order is the run [1, 2, 3] read from its end.
    expect(policy.touchRun?.(Int32Array.of(1, 2, 3), 0, 2)).toBe(true);
    expect(drain(policy)).toEqual([5, 9, 3, 2, 1]);
  });
});
