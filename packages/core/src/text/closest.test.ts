import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestMatches, editDistance } from "./closest";

describe("editDistance", () => {
  it("matches known distances", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "abc")).toBe(0);
  });

  it("is a metric (symmetry, identity, triangle inequality)", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        (a, b, c) => {
          expect(editDistance(a, b)).toBe(editDistance(b, a));
          expect(editDistance(a, a)).toBe(0);
          expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
        },
      ),
    );
  });
});

describe("closestMatches", () => {
  it("ranks near ids first and drops far ones", () => {
    const ids = ["nvidia-h100-sxm", "nvidia-h100-pcie", "nvidia-h200-sxm", "amd-mi300x"];
    expect(closestMatches("nvidia-h100-sx", ids)[0]).toBe("nvidia-h100-sxm");
    expect(closestMatches("mi300x", ids)).toEqual(["amd-mi300x"]);
    expect(closestMatches("zzzz", ids)).toEqual([]);
  });

  it("ranks ids that contain the input before nearer edits (a family name finds its members)", () => {
    const ids = ["nvidia-b200", "nvidia-b300", "nvidia-h20", "nvidia-h100-sxm", "nvidia-h100-pcie", "nvidia-h100-nvl"];
    expect(closestMatches("nvidia-h100", ids)).toEqual(["nvidia-h100-nvl", "nvidia-h100-sxm", "nvidia-h100-pcie"]);
    expect(closestMatches("h100", ids)).toEqual(["nvidia-h100-nvl", "nvidia-h100-sxm", "nvidia-h100-pcie"]);
    // Without a container, edits decide.
    expect(closestMatches("nvidia-b100", ids)[0]).toBe("nvidia-b200");
  });

  it("then ids that hold every word and number of the input (a model name without its version)", () => {
    const models = ["llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.3-70b"];
    expect(closestMatches("llama-70b", models)).toEqual(["llama-2-70b", "llama-3.1-70b", "llama-3.3-70b"]);
    expect(closestMatches("llama3-8b", models)[0]).toBe("llama-3.1-8b");
    // Each token counts once: "8b-8b" is not in "llama-3.1-8b".
    expect(closestMatches("8b-8b", models)).not.toContain("llama-3.1-8b");
    // One token alone is not enough (too many ids share a word).
    expect(closestMatches("xyz-llama", models)).toEqual([]);
  });
});
