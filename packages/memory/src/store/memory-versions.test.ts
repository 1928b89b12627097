import { afterEach, describe, expect, it, vi } from "vitest";
import { newMemoryId } from "./memory-versions";

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The 48-bit millisecond timestamp of a version-7 UUID. */
const millisOf = (id: string) => Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

describe("newMemoryId", () => {
  afterEach(() => vi.restoreAllMocks());

  it("makes distinct RFC 9562 version-7 UUIDs (version nibble 7, variant 10xx) in the order they were made", () => {
    const ids = Array.from({ length: 5_000 }, () => newMemoryId());
    for (const id of ids) expect(id).toMatch(V7);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it("carries the Unix time in milliseconds in its first 48 bits", () => {
    vi.spyOn(Date, "now").mockReturnValue(Date.UTC(2031, 0, 2, 3, 4, 5, 678));
    const id = newMemoryId();
    expect(millisOf(id)).toBe(Date.UTC(2031, 0, 2, 3, 4, 5, 678));
    expect(id.startsWith("01")).toBe(true);
  });

  it("stays in order when the clock steps back or 4096 ids fall in one millisecond", () => {
    const now = vi.spyOn(Date, "now").mockReturnValue(Date.UTC(2032, 5, 1));
    const ids = Array.from({ length: 10_000 }, () => newMemoryId());
    now.mockReturnValue(Date.UTC(2032, 4, 1));
    ids.push(...Array.from({ length: 100 }, () => newMemoryId()));
    for (const id of ids) expect(id).toMatch(V7);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // The counter borrowed later milliseconds rather than repeat or wrap.
    expect(millisOf(ids.at(-1) as string)).toBeGreaterThan(Date.UTC(2032, 5, 1));
  });
});
