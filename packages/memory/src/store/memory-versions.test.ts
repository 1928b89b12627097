import { describe, expect, it } from "vitest";
import { newMemoryId } from "./memory-versions";

describe("newMemoryId", () => {
  it("makes distinct RFC 4122 version-4 UUIDs (version nibble 4, variant 10xx)", () => {
    const ids = Array.from({ length: 5_000 }, () => newMemoryId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
