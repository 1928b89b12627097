import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eraseContent, newContentArena, readContent, writeContent } from "./content-arena";

describe("content arena", () => {
  it("returns every string exactly as written (any UTF-16, lone surrogates and byte-order marks included)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: "binary" }),
            fc.string({ unit: "grapheme" }),
            fc.string(),
            fc.constantFrom("\uFEFF", "\uFEFFlead", "a\uD800", "\uDC00b", "😀\uD83D", "\u0000nul"),
          ),
          { maxLength: 60 },
        ),
        (texts) => {
          const arena = newContentArena();
          for (const [slot, text] of texts.entries()) writeContent(arena, slot, text);
          for (const [slot, text] of texts.entries()) expect(readContent(arena, slot)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("spans chunks, and an erased slot reads empty with its bytes zeroed", () => {
    const arena = newContentArena();
    const text = (i: number) => `memory ${i}: ${"ß".repeat(i % 50)} café 東京 ${"x".repeat(30_000)}`;
    for (let i = 0; i < 400; i++) writeContent(arena, i, text(i));
    expect(arena.chunks.length).toBeGreaterThan(1);
    for (let i = 0; i < 400; i++) expect(readContent(arena, i)).toBe(text(i));
    const chunk = arena.chunk[7] as number;
    const offset = arena.offset[7] as number;
    const bytes = arena.byteLength[7] as number;
    eraseContent(arena, 7);
    expect(readContent(arena, 7)).toBe("");
    expect((arena.chunks[chunk] as Uint8Array).subarray(offset, offset + bytes).every((b) => b === 0)).toBe(true);
    expect(readContent(arena, 8)).toBe(text(8));
  });
});
