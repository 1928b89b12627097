import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseKvTierList } from "./kv-tier";

describe("parseKvTierList", () => {
  it("parses the issue's example and bandwidth suffixes", () => {
    expect(parseKvTierList("hbm:80GB,dram:1TB,ssd:30TB")).toEqual([
      { id: "hbm", capacityBytes: 80e9 },
      { id: "dram", capacityBytes: 1e12 },
      { id: "ssd", capacityBytes: 30e12 },
    ]);
    expect(parseKvTierList("hbm:80GiB@3350, dram:1TB@64GBps, ssd:30TB@7/3")).toEqual([
      { id: "hbm", capacityBytes: 80 * 2 ** 30, readGBps: 3350, writeGBps: 3350 },
      { id: "dram", capacityBytes: 1e12, readGBps: 64, writeGBps: 64 },
      { id: "ssd", capacityBytes: 30e12, readGBps: 7, writeGBps: 3 },
    ]);
  });

  it("names every bad part: position, tier, text", () => {
    let message = "";
    try {
      parseKvTierList("hbm:80GB,dram:1XB,ssd30TB,,remote:5TB@fast,hbm:1GB");
    } catch (error) {
      message = (error as Error).message;
      expect((error as { code?: string }).code).toBe("INVALID_INPUT");
    }
    expect(message).toContain('tiers[1].capacity (dram): unknown capacity unit "XB" (received "1XB")');
    expect(message).toContain('tiers[2]: a tier is id:capacity[@readGBps[/writeGBps]] (received "ssd30TB")');
    expect(message).toContain("tiers[3]: empty tier");
    expect(message).toContain("tiers[4].readGBps (remote): bandwidth must be a positive number of GB/s");
    expect(message).toContain('tiers[5].id: duplicate tier id (received "hbm")');
  });

  it("rejects upper-case ids and a capacity without digits", () => {
    expect(() => parseKvTierList("HBM:80GB")).toThrow(/kebab-case/);
    expect(() => parseKvTierList("hbm:GB")).toThrow(/capacity must be a number/);
  });

  it("round-trips any list it could be given", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom("hbm", "dram", "ssd", "remote", "cxl"), { minLength: 1 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 5, maxLength: 5 }),
        (ids, sizes) => {
          const text = ids.map((id, i) => `${id}:${sizes[i]}GB@${(sizes[i] ?? 0) + 1}`).join(",");
          const tiers = parseKvTierList(text);
          expect(tiers.map((t) => t.id)).toEqual(ids);
          tiers.forEach((tier, i) => {
            expect(tier.capacityBytes).toBe((sizes[i] as number) * 1e9);
            expect(tier.readGBps).toBe((sizes[i] as number) + 1);
          });
        },
      ),
    );
  });
});
