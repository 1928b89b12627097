import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  blockLanesToKey,
  hashSegmentBlocks,
  hashTokenBlocks,
  type KvTokenSegment,
  ROOT_KV_BLOCK_HASH,
  SegmentKeyChain,
  segmentBlockChain,
} from "./prefix-block-hash";

describe("hashTokenBlocks", () => {
  it("returns pinned 16-hex hashes (the hash is part of the store contract; never change it silently)", () => {
    expect(ROOT_KV_BLOCK_HASH).toBe("243f6a8885a308d3");
    expect(hashTokenBlocks([1, 2, 3, 4, 5, 6, 7, 8], { blockTokens: 4 })).toEqual([
      "a400fb872cd796ab",
      "07418ec809b2dc2d",
    ]);
    expect(hashSegmentBlocks([{ id: "a", tokens: 8 }], { blockTokens: 4 })).toEqual([
      "142b879a5d8ec73e",
      "5bb1c7e0e41a2e6d",
    ]);
  });

  it("hashes full blocks only: a partial trailing block is not cached", () => {
    expect(hashTokenBlocks([1, 2, 3], { blockTokens: 4 })).toEqual([]);
    expect(hashTokenBlocks([1, 2, 3, 4, 5, 6, 7, 8, 9], { blockTokens: 4 })).toHaveLength(2);
  });

  it("chains: a block's hash depends on every earlier token (same block tokens after different prefixes differ)", () => {
    const a = hashTokenBlocks([1, 1, 1, 1, 7, 7, 7, 7], { blockTokens: 4 });
    const b = hashTokenBlocks([2, 2, 2, 2, 7, 7, 7, 7], { blockTokens: 4 });
    expect(a[1]).not.toBe(b[1]);
  });

  it("continues a chain from parentHash exactly as hashing the whole sequence", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(2 ** 32 - 1), { maxLength: 64 }),
        fc.array(fc.nat(2 ** 32 - 1), { maxLength: 64 }),
        fc.integer({ min: 1, max: 8 }),
        (head, tail, blockTokens) => {
          const whole = head.slice(0, head.length - (head.length % blockTokens));
          const first = hashTokenBlocks(whole, { blockTokens });
          const parentHash = first.at(-1);
          const rest = hashTokenBlocks(tail, { blockTokens, ...(parentHash === undefined ? {} : { parentHash }) });
          expect(hashTokenBlocks(whole.concat(tail), { blockTokens })).toEqual(first.concat(rest));
        },
      ),
    );
  });

  it("shares exactly the blocks before the first differing token", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(50_000), { minLength: 1, maxLength: 80 }),
        fc.nat(),
        fc.integer({ min: 1, max: 16 }),
        (tokens, position, blockTokens) => {
          const at = position % tokens.length;
          const changed = tokens.slice();
          changed[at] = ((tokens[at] as number) + 1) % 50_001;
          const a = hashTokenBlocks(tokens, { blockTokens });
          const b = hashTokenBlocks(changed, { blockTokens });
          const firstDifferentBlock = Math.floor(at / blockTokens);
          for (let i = 0; i < a.length; i++) {
            if (i < firstDifferentBlock) expect(a[i]).toBe(b[i]);
            else expect(a[i]).not.toBe(b[i]);
          }
          for (const hash of a) expect(hash).toMatch(/^[0-9a-f]{16}$/);
        },
      ),
    );
  });

  it("isolates salted chains like vLLM's cache_salt", () => {
    const tokens = [1, 2, 3, 4, 5, 6, 7, 8];
    const plain = hashTokenBlocks(tokens, { blockTokens: 4 });
    const a = hashTokenBlocks(tokens, { blockTokens: 4, salt: "tenant-a" });
    const b = hashTokenBlocks(tokens, { blockTokens: 4, salt: "tenant-b" });
    expect(new Set([...plain, ...a, ...b]).size).toBe(6);
    expect(hashTokenBlocks(tokens, { blockTokens: 4, salt: "tenant-a" })).toEqual(a);
  });

  it("rejects a block size that is not a positive integer", () => {
    expect(() => hashTokenBlocks([1], { blockTokens: 0 })).toThrow(/blockTokens/);
    expect(() => hashSegmentBlocks([], { blockTokens: 1.5 })).toThrow(/blockTokens/);
  });

  it("has no collisions among 50,000 blocks of random sequences", () => {
    const seen = new Set<string>();
    let x = 12345;
    for (let s = 0; s < 500; s++) {
      const tokens = Array.from({ length: 1600 }, () => {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        return x >>> 8;
      });
      for (const hash of hashTokenBlocks(tokens, { blockTokens: 16 })) seen.add(hash);
    }
    expect(seen.size).toBe(50_000);
  });
});

describe("hashSegmentBlocks", () => {
  it("gives equal hashes for equal segment sequences and shares whole blocks of a common prefix", () => {
    const system = { id: "system", tokens: 40 };
    const a = hashSegmentBlocks([system, { id: "qa", tokens: 30 }], { blockTokens: 16 });
    const b = hashSegmentBlocks([system, { id: "qb", tokens: 30 }], { blockTokens: 16 });
    expect(a).toHaveLength(4);
    expect(a.slice(0, 2)).toEqual(b.slice(0, 2));
    expect(a[2]).not.toBe(b[2]);
  });

  it("is a prefix chain: appending segments never changes earlier blocks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom("a", "b", "c", "d"), tokens: fc.integer({ min: 1, max: 40 }) }), {
          maxLength: 8,
        }),
        fc.array(fc.record({ id: fc.constantFrom("a", "e"), tokens: fc.integer({ min: 1, max: 40 }) }), {
          maxLength: 4,
        }),
        fc.integer({ min: 1, max: 32 }),
        (head, tail, blockTokens) => {
          const all: KvTokenSegment[] = [...head, ...tail];
          const short = hashSegmentBlocks(head, { blockTokens });
          const long = hashSegmentBlocks(all, { blockTokens });
          expect(long.slice(0, short.length)).toEqual(short);
          const total = all.reduce((sum, s) => sum + s.tokens, 0);
          expect(long).toHaveLength(Math.floor(total / blockTokens));
        },
      ),
    );
  });

  it("never equals token-form hashes", () => {
    const tokens = hashTokenBlocks([0, 0, 0, 0], { blockTokens: 4 });
    const segments = hashSegmentBlocks([{ id: "0", tokens: 4 }], { blockTokens: 4 });
    expect(tokens[0]).not.toBe(segments[0]);
  });
});

describe("SegmentKeyChain", () => {
  it("counts, without hashing, the blocks of the segments it is told to leave out", () => {
    const prompt = [
      { id: "system", tokens: 40 },
      { id: "empty", tokens: 0 },
      { id: "question", tokens: 37.5 },
      { id: "answer", tokens: 9 },
    ];
    const full = segmentBlockChain(prompt, { blockTokens: 16 }, blockLanesToKey);
    for (let hashed = 0; hashed <= prompt.length; hashed++) {
      const chain = new SegmentKeyChain(16);
      // Twice: the second call goes through the memo of segments seen from the same state.
      for (let pass = 0; pass < 2; pass++) {
        const count = chain.hash(prompt, hashed);
        expect(count).toBe(full.length);
        const before = prompt.slice(0, hashed).reduce((sum, s) => sum + Math.max(0, Math.floor(s.tokens)), 0);
        for (let i = 0; i < Math.floor(before / 16); i++) expect(chain.keys[i]).toBe(full[i]);
      }
    }
  });
});
