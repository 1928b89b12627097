import { describe, expect, it } from "vitest";
import { parseCounts } from "./explore-input";

describe("parseCounts", () => {
  it("reads commas, spaces and semicolons, dropping duplicates", () => {
    expect(parseCounts("512, 1024 2048;1024")).toEqual({ counts: [512, 1024, 2048] });
  });

  it("names the offending token", () => {
    expect(parseCounts("512, 0")).toEqual({ error: '"0" is not a positive integer' });
    expect(parseCounts("1.5")).toEqual({ error: '"1.5" is not a positive integer' });
    expect(parseCounts(" ")).toEqual({ error: "give at least one count" });
  });
});
