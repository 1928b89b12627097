import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateTokens, sStem, tokenize } from "./tokenize";

describe("tokenize", () => {
  it("lower-cases, drops stop words and plural endings", () => {
    expect(tokenize("The cats went hiking in May")).toEqual(["cat", "went", "hiking", "may"]);
    expect(tokenize("Memories, queries; buses!")).toEqual(["memory", "query", "buse"]);
  });
  it("handles Unicode letters the same way as the ASCII fast path", () => {
    expect(tokenize("Café Zürich 2024")).toEqual(["café", "zürich", "2024"]);
  });
  it("ASCII fast path agrees with the Unicode pattern (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const ascii = Array.from(text, (ch) => (ch.charCodeAt(0) < 128 ? ch : " ")).join("");
        const viaPattern = [...ascii.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)]
          .map((m) => m[0])
          .filter((w) => tokenize(w).length > 0)
          .map(sStem);
        expect(tokenize(ascii)).toEqual(viaPattern);
      }),
    );
  });
  it("estimates about four characters per token", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("twelve chars")).toBe(3);
  });
});
