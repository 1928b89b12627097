import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { designFabric, type FabricDesignInput } from "./design-fabric";

function errorOf(run: () => unknown): { code?: string; message: string; hint?: string } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string; hint?: string };
  }
  throw new Error("expected an error");
}

describe("designFabric", () => {
  it("4-SU H100 example: counts, ports, optics by type, switch (747 W, secondary) and optics power, missing prices", () => {
    const design = designFabric({ nodeCount: 128, nicGbitps: 400, switch: "nvidia-quantum-2-qm9700" });
    expect(design.switches).toEqual({ leaf: 32, spine: 16, core: 0, total: 48 });
    expect(design.tiers[0]).toMatchObject({
      portsPerSwitch: 64,
      downPortsPerSwitch: 32,
      upPortsPerSwitch: 32,
      portsUsed: 2048,
      portsFree: 0,
    });
    expect(design.tiers[1]).toMatchObject({ portsUsed: 1024, portsFree: 0 });
    // Endpoint links: 1,024 NIC-end MMA4Z00-NS400 (8 W) + 512 twin-port MMA4Z00-NS (15 W); leaf-spine: 1,024 MMS4X00-NS (17 W).
    expect(design.transceivers).toEqual([
      { part: "MMA4Z00-NS400", count: 1024, powerWattsEach: 8 },
      { part: "MMA4Z00-NS", count: 512, powerWattsEach: 15 },
      { part: "MMS4X00-NS", count: 1024, powerWattsEach: 17 },
    ]);
    expect(design.cables).toEqual([{ kind: "fiber", count: 2048 }]);
    expect(design.power.opticsWatts).toBe(1024 * 8 + 512 * 15 + 1024 * 17);
    expect(design.power.switchesWatts).toBe(48 * 747);
    expect(design.power.totalWatts).toBe(48 * 747 + 1024 * 8 + 512 * 15 + 1024 * 17);
    expect(design.power.missing).toEqual([]);
    expect(design.cost.totalUsd).toBeUndefined();
    expect(design.cost.missing.length).toBeGreaterThan(0);
    expect(design.nonBlocking).toBe(true);
    expect(design.warnings.some((warning) => warning.startsWith("Total power is incomplete"))).toBe(false);
  });

  it("a custom switch with power and price and a priced DAC give totals", () => {
    const design = designFabric({
      nodeCount: 4,
      nicsPerNode: 8,
      nicGbitps: 400,
      railOptimized: false,
      switch: {
        id: "custom",
        name: "c",
        radix: 64,
        portGbitps: 400,
        powerWatts: 700,
        priceUsd: 20000,
        sources: [{ title: "x datasheet", evidence: "estimate" }],
      },
      media: {
        endpointToLeaf: {
          id: "priced-dac",
          name: "dac",
          kind: "dac",
          linkGbitps: 400,
          switchEnd: { part: "dac", linksPerModule: 1, powerWatts: 0, priceUsd: 0 },
          cablePriceUsd: 100,
          sources: [{ title: "x price list", evidence: "estimate" }],
        },
      },
    });
    expect(design.tierCount).toBe(1);
    expect(design.maxSwitchHops).toBe(1);
    expect(design.switches.total).toBe(1);
    expect(design.power.totalWatts).toBe(700);
    expect(design.cost.totalUsd).toBe(20000 + 32 * 100);
    expect(design.cables).toEqual([{ kind: "dac", count: 32 }]);
  });

  it("oversubscribed leaves (3:1) need fewer spines and warn", () => {
    const design = designFabric({
      nodeCount: 128,
      nicGbitps: 400,
      switch: "nvidia-quantum-2-qm9700",
      leafOversubscriptionRatio: 3,
    });
    expect(design.tiers[0]).toMatchObject({ downPortsPerSwitch: 48, upPortsPerSwitch: 16, oversubscriptionRatio: 3 });
    expect(design.nonBlocking).toBe(false);
    expect(design.bisectionGbpsPerDirection).toBeLessThan((1024 * 400) / 2);
  });

  it("names the field and gives a hint: NIC faster than the switch port", () => {
    const error = errorOf(() => designFabric({ nodeCount: 8, nicGbitps: 800, switch: "nvidia-quantum-2-qm9700" }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain("nicGbitps");
    expect(error.hint).toContain("planeCount");
  });

  it("names the field: too many endpoints for the requested tiers", () => {
    const error = errorOf(() =>
      designFabric({ nodeCount: 512, nicGbitps: 400, switch: "nvidia-quantum-2-qm9700", tierCount: 2 }),
    );
    expect(error.message).toContain("tierCount");
  });

  it("names the field: a unit-less or misspelt field, and an unknown switch id with a suggestion", () => {
    expect(
      errorOf(() => designFabric({ nodeCount: -1, nicGbitps: 400, switch: "nvidia-quantum-2-qm9700" })).message,
    ).toContain("nodeCount");
    const unknown = errorOf(() => designFabric({ nodeCount: 8, nicGbitps: 400, switch: "nvidia-quantum-2-qm970" }));
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.hint).toContain("nvidia-quantum-2-qm9700");
  });

  it("rejects a medium whose rate does not match the tier", () => {
    const error = errorOf(() =>
      designFabric({
        nodeCount: 72,
        nicGbitps: 800,
        switch: "nvidia-quantum-x800-q3400",
        media: { endpointToLeaf: "nvidia-400g-multimode-sr4" },
      }),
    );
    expect(error.message).toContain("media.endpointToLeaf");
  });

  it("warns when endpoints do not fill the last leaf", () => {
    const design = designFabric({ nodeCount: 20, nicGbitps: 400, switch: "nvidia-quantum-2-qm9700" });
    expect(design.warnings.some((warning) => warning.includes("uses 20 of 32"))).toBe(true);
  });
});

const inputArbitrary: fc.Arbitrary<FabricDesignInput> = fc.record({
  nodeCount: fc.integer({ min: 1, max: 1500 }),
  nicsPerNode: fc.constantFrom(1, 2, 4, 8),
  nicGbitps: fc.constantFrom(400, 800),
  planeCount: fc.constantFrom(1, 2),
  railOptimized: fc.boolean(),
  switch: fc.constantFrom("nvidia-quantum-2-qm9700", "nvidia-quantum-x800-q3400", "nvidia-spectrum-4-sn5600"),
  leafOversubscriptionRatio: fc.constantFrom(1, 1.5, 3),
  spineStriping: fc.constantFrom("even" as const, "minimal" as const),
});

function tryDesign(input: FabricDesignInput) {
  try {
    return designFabric(input);
  } catch (error) {
    if ((error as { code?: string }).code === "INVALID_INPUT") return undefined;
    throw error;
  }
}

describe("designFabric invariants (fast-check)", () => {
  it("endpoints never exceed leaf down-ports x leaves; outputs are finite; bisection <= endpoints x NIC / 2", () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const design = tryDesign(input);
        if (design === undefined) return;
        const leaf = design.tiers[0];
        expect(leaf).toBeDefined();
        if (leaf === undefined) return;
        expect(design.endpointsPerPlane * design.planeCount).toBeLessThanOrEqual(
          leaf.downPortsPerSwitch * leaf.switchCount,
        );
        const endpoints = (input.nicsPerNode ?? 8) * input.nodeCount;
        expect(design.bisectionGbpsPerDirection).toBeLessThanOrEqual((endpoints * input.nicGbitps) / 2 + 1e-6);
        if (design.nonBlocking) {
          expect(design.bisectionGbpsPerDirection).toBeCloseTo((endpoints * input.nicGbitps) / 2, 6);
        }
        for (const tier of design.tiers) {
          expect(tier.portsUsed).toBeLessThanOrEqual(tier.switchCount * tier.portsPerSwitch);
          expect(tier.portsFree).toBeGreaterThanOrEqual(0);
        }
        expect(JSON.stringify(design)).not.toMatch(/NaN|Infinity/);
      }),
      { numRuns: 300 },
    );
  });

  it("adding endpoints never reduces the switch count", () => {
    fc.assert(
      fc.property(inputArbitrary, fc.integer({ min: 1, max: 300 }), (input, extra) => {
        const smaller = tryDesign({ ...input, tierCount: "auto" });
        const larger = tryDesign({ ...input, tierCount: "auto", nodeCount: input.nodeCount + extra });
        if (smaller === undefined || larger === undefined) return;
        expect(larger.switches.total).toBeGreaterThanOrEqual(smaller.switches.total);
      }),
      { numRuns: 300 },
    );
  });

  // Its speed is measured by `pnpm bench` (bench/fabric-design.bench.ts), not asserted here.
});
