import { InvalidInputError, NotFoundError } from "@aifactory/core";
import type { SystemInput } from "@aifactory/hardware";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plan } from "../plan";
import { designSite, type SiteDesign, sitePowerLeaves } from "./design-site";
import { sitePowerLinks } from "./site-export";
import { LLAMA3_INTERRUPTIONS_PER_GPU_HOUR, sizeTrainingStorage, youngDalyIntervalSeconds } from "./storage-sizing";

const TEXAS = {
  gridPowerMW: 150,
  availableQuarter: "2027-Q3",
  regionId: "us-tx",
  climate: "hot",
  cooling: "direct-to-chip-liquid",
} as const;

function leafSum(design: SiteDesign): number {
  return sitePowerLeaves(design).reduce((sum, [, watts]) => sum + watts, 0);
}

describe("designSite", { timeout: 60_000 }, () => {
  it("150 MW in Texas, direct-to-chip liquid: every feasible design fits the grid and its breakdown adds up", () => {
    const result = designSite({ site: TEXAS });
    const feasible = result.designs.filter((design) => design.feasible);
    expect(feasible.map((design) => design.key)).toEqual(
      expect.arrayContaining(["nvidia-dgx-h100", "nvidia-dgx-b200", "nvidia-gb200-nvl72"]),
    );
    for (const design of feasible) {
      expect(design.power.gridUsedWatts).toBeLessThanOrEqual(150e6);
      expect(leafSum(design)).toBeCloseTo(design.power.gridUsedWatts, 0);
      expect(design.power.gridUsedWatts).toBeCloseTo(design.power.itWatts * design.power.pue, 0);
      expect(design.rackCount * design.systemsPerRack).toBeGreaterThanOrEqual(design.systemCount);
      expect(design.cost.capexUsd).toBeGreaterThan(0);
      expect(design.carbon.annualOperationalTonnes).toBeGreaterThan(0);
    }
    expect(result.paretoKeys.length).toBeGreaterThan(0);
    // Sankey links: what flows into each inner stage equals what flows out of it.
    for (const design of feasible) {
      const links = sitePowerLinks(design);
      for (const node of design.power.nodes.filter((entry) => !entry.leaf && entry.id !== "grid-used")) {
        const inflow = links.filter((link) => link.target === node.id).reduce((sum, link) => sum + link.watts, 0);
        const outflow = links.filter((link) => link.source === node.id).reduce((sum, link) => sum + link.watts, 0);
        expect(outflow).toBeCloseTo(inflow, 0);
      }
    }
  });

  it("switch power is in the breakdown and the BOM: QM9700 at 747 W each (secondary copy of NVIDIA's datasheet)", () => {
    const design = designSite({ site: TEXAS, candidates: [{ systemId: "nvidia-dgx-h100" }] }).designs[0]!;
    const switches = design.power.nodes.find((node) => node.id === "network-switches")!;
    expect(switches.watts).toBe(design.network.switches.total * 747);
    expect(design.power.missing.some((line) => line.startsWith("switches:"))).toBe(false);
    const bomSwitchWatts = design.bom
      .filter((line) => line.category === "switches" && line.item.startsWith("nvidia-quantum-2-qm9700"))
      .reduce((sum, line) => sum + (line.powerWatts ?? 0), 0);
    expect(bomSwitchWatts).toBe(switches.watts);
    // The Q3400 (800G NICs of the B300 generation) has no public power figure: its designs still say so.
    const custom = designSite({
      site: TEXAS,
      candidates: [{ systemId: "nvidia-dgx-h100" }],
      network: { switch: "nvidia-quantum-x800-q3400" },
    }).designs[0]!;
    expect(custom.power.missing).toContain("switches: nvidia-quantum-x800-q3400 power not sourced");
  });

  it("GB200 NVL72 racks stay whole at ~120 kW and are refused in an air hall", () => {
    const liquid = designSite({ site: TEXAS, candidates: [{ systemId: "nvidia-gb200-nvl72" }] }).designs[0]!;
    expect(liquid.systemsPerRack).toBe(1);
    expect(liquid.rackCount).toBe(liquid.systemCount);
    expect(liquid.power.nodes.find((node) => node.id === "scale-up-switches")?.watts).toBe(liquid.systemCount * 3600);
    // The supply chain takes GB200 from the B200 package's bill of materials: the design has an online date.
    expect(liquid.supply.earliestOnlineQuarter).toMatch(/^\d{4}-Q[1-4]$/);
    const air = designSite({ site: { ...TEXAS, cooling: "air" }, candidates: [{ systemId: "nvidia-gb200-nvl72" }] })
      .designs[0]!;
    expect(air.feasible).toBe(false);
    expect(air.reason).toMatch(/liquid/);
  });

  it("takes a system that is not in the catalog (a GB300 NVL72 rack) as a candidate", () => {
    const gb300: SystemInput = {
      id: "example-gb300-nvl72",
      name: "GB300 NVL72 (example)",
      vendor: "nvidia",
      acceleratorId: "nvidia-gb300",
      acceleratorCount: 72,
      systemPowerWatts: 132_000,
      systemsPerRack: 1,
      rackPowerWatts: 132_000,
      cooling: "liquid",
      scaleUpDomainSize: 72,
      nics: [{ model: "NVIDIA ConnectX-8", count: 72, gbitpsPerPort: 800, purpose: "compute" }],
      sources: [
        {
          title: "Why the NVIDIA GB300 NVL72 (Blackwell Ultra) Matters (Introl)",
          url: "https://introl.com/blog/why-nvidia-gb300-nvl72-blackwell-ultra-matters",
          evidence: "secondary",
        },
      ],
    };
    const design = designSite({
      site: { ...TEXAS, gridPowerMW: 20 },
      candidates: [{ systemId: gb300.id, system: gb300 }],
    }).designs[0]!;
    expect(design.feasible).toBe(true);
    expect(design.systemsPerRack).toBe(1);
    expect(design.network.nicGbitps).toBe(800);
    expect(design.power.nodes.find((node) => node.id === "scale-up-switches")?.watts).toBe(design.rackCount * 3600);
    expect(leafSum(design)).toBeCloseTo(design.power.gridUsedWatts, 0);
    expect(() => designSite({ site: TEXAS, candidates: [{ systemId: "other-id", system: gb300 }] })).toThrow(
      /system.id/,
    );
  });

  it("floor space limits the cluster when it binds", () => {
    const design = designSite({
      site: { ...TEXAS, floorSpaceRacks: 100 },
      candidates: [{ systemId: "nvidia-dgx-b200" }],
    }).designs[0]!;
    expect(design.rackCount).toBeLessThanOrEqual(100);
    expect(design.limitedBy).toBe("floor-space");
  });

  it("immersion needs a rack limit (no public tank figure)", () => {
    const design = designSite({
      site: { ...TEXAS, cooling: "immersion" },
      candidates: [{ systemId: "nvidia-dgx-h100" }],
    }).designs[0]!;
    expect(design.feasible).toBe(false);
    expect(design.reason).toMatch(/rackPowerLimitKW/);
  });

  it("a pretraining workload sizes checkpoint storage and reports runs per year", () => {
    const result = designSite({
      site: { ...TEXAS, gridPowerMW: 2 },
      candidates: [{ systemId: "nvidia-dgx-h100" }],
      workload: {
        kind: "pretraining",
        model: "llama-3.1-8b",
        tokens: 1e12,
        globalBatchSequences: 512,
        sequenceTokens: 8192,
      },
      storage: { node: { name: "example node", readGBps: 90, writeGBps: 65, powerWatts: 2000 } },
    });
    const design = result.designs[0]!;
    expect(design.storage?.checkpointBytes).toBeCloseTo(14 * 8.03e9, -9);
    expect(design.storage?.nodeCount).toBeGreaterThanOrEqual(1);
    expect(design.production?.kind).toBe("pretraining");
    if (design.production?.kind === "pretraining") expect(design.production.runsPerYear).toBeGreaterThan(0);
    expect(leafSum(design)).toBeCloseTo(design.power.gridUsedWatts, 0);
  });

  it("a training site buys DDN AI400X2 appliances by default: count from the checkpoint write bandwidth, 2.2 kW each", () => {
    const workload = {
      kind: "pretraining",
      model: "llama-3.1-70b",
      tokens: 1e12,
      globalBatchSequences: 1024,
      sequenceTokens: 8192,
    } as const;
    const result = designSite({
      site: { ...TEXAS, gridPowerMW: 20 },
      candidates: [{ systemId: "nvidia-dgx-h100" }],
      workload,
    });
    const design = result.designs[0]!;
    const need = design.storage!;
    expect(need.nodeCount).toBe(Math.ceil(need.checkpointWriteGBps / 65));
    expect(need.nodeCount).toBeGreaterThan(0);
    const storageWatts = design.power.nodes.find((node) => node.id === "storage")!.watts;
    expect(storageWatts).toBe(need.nodeCount! * 2200);
    const line = design.bom.find((entry) => entry.category === "storage")!;
    expect(line).toMatchObject({ quantity: need.nodeCount, powerWatts: storageWatts, priceUsd: undefined });
    expect(design.power.missing.some((entry) => entry.startsWith("storage"))).toBe(false);
    expect(result.sources.some((source) => source.title.includes("DDN"))).toBe(true);
    // "none" leaves storage out (and says so); an unknown id is bad input naming the field.
    const none = designSite({
      site: { ...TEXAS, gridPowerMW: 20 },
      candidates: [{ systemId: "nvidia-dgx-h100" }],
      workload,
      storage: { node: "none" },
    }).designs[0]!;
    expect(none.power.nodes.find((node) => node.id === "storage")!.watts).toBe(0);
    expect(none.power.missing).toContain('storage power (storage.node is "none")');
    // Storage power takes grid power from compute: never more systems with it than without it.
    expect(design.systemCount).toBeLessThanOrEqual(none.systemCount);
    expect(() =>
      designSite({
        site: TEXAS,
        candidates: [{ systemId: "nvidia-dgx-h100" }],
        workload,
        storage: { node: "ddn-ai9000" },
      }),
    ).toThrow(/storage\.node/);
    // A serving site sizes no training storage.
    const serving = designSite({ site: { ...TEXAS, gridPowerMW: 5 }, candidates: [{ systemId: "nvidia-dgx-h100" }] });
    expect(serving.designs[0]!.storage).toBeUndefined();
  });

  it("the designed fabric reaches production: a 2:1 or 4:1 leaf lowers wide-EP DeepSeek-V3 output, not dense Llama's", () => {
    const site = { ...TEXAS, gridPowerMW: 10 };
    // Wide expert parallelism over 4 NVL72 racks (EP 256): its all-to-all leaves a leaf group of QM9700 leaves.
    const moe = (leafOversubscriptionRatio: number) =>
      designSite({
        site,
        candidates: [{ systemId: "nvidia-gb200-nvl72" }],
        workload: {
          kind: "serving",
          model: "deepseek-v3",
          inputTokens: 2000,
          outputTokens: 500,
          ttftMs: 100_000,
          tpotMs: 1000,
          parallelism: { tp: 256, ep: 256, attentionDp: true, concurrency: 8192 },
        },
        network: { leafOversubscriptionRatio },
      }).designs[0]!;
    const perGpu = (design: SiteDesign) =>
      design.production?.kind === "serving" ? design.production.outputTokensPerSecondPerGpu : Number.NaN;
    const [flat, two, four] = [moe(1), moe(2), moe(4)];
    expect(flat.network.scaleOutFabric?.leafOversubscriptionRatio).toBe(1);
    expect(four.network.scaleOutFabric?.leafOversubscriptionRatio).toBeGreaterThan(3);
    expect(perGpu(two)).toBeLessThan(perGpu(flat));
    expect(perGpu(four)).toBeLessThan(perGpu(two));
    // Fewer switches leave power for more GPUs, but at 4:1 the site still serves less.
    expect(four.acceleratorCount).toBeGreaterThanOrEqual(flat.acceleratorCount);
    const total = (design: SiteDesign) =>
      design.production?.kind === "serving" ? design.production.outputTokensPerSecond : Number.NaN;
    expect(total(four)).toBeLessThan(total(flat));
    // A dense model has no all-to-all: the same per-GPU output on any leaf.
    const dense = (leafOversubscriptionRatio: number) =>
      designSite({
        site,
        candidates: [{ systemId: "nvidia-dgx-h100" }],
        workload: {
          kind: "serving",
          model: "llama-3.3-70b",
          inputTokens: 1000,
          outputTokens: 500,
          ttftMs: 2000,
          tpotMs: 50,
        },
        network: { leafOversubscriptionRatio },
      }).designs[0]!;
    expect(perGpu(dense(4))).toBeCloseTo(perGpu(dense(1)), 9);
  });

  it("on a non-blocking fabric the site's serving output is plan()'s for the same GPUs", () => {
    const design = designSite({
      site: { ...TEXAS, gridPowerMW: 2 },
      candidates: [{ systemId: "nvidia-dgx-h100" }],
      workload: {
        kind: "serving",
        model: "llama-3.3-70b",
        inputTokens: 1000,
        outputTokens: 500,
        ttftMs: 2000,
        tpotMs: 50,
      },
    }).designs[0]!;
    const planned = plan({
      id: "check",
      name: "check",
      workload: {
        kind: "serving",
        model: "llama-3.3-70b",
        inputTokens: 1000,
        outputTokens: 500,
        ttftMs: 2000,
        tpotMs: 50,
      },
      hardware: { accelerator: "nvidia-h100-sxm", count: design.acceleratorCount },
    });
    expect(planned.performance.kind).toBe("serving");
    if (planned.performance.kind === "serving" && design.production?.kind === "serving") {
      expect(design.production.outputTokensPerSecond).toBeCloseTo(planned.performance.outputTokensPerSecond, 6);
    }
  });

  it("a pretraining site keeps the fastest of the GPU counts it tries, not the first that splits", () => {
    const workload = {
      kind: "pretraining",
      model: "llama-3.1-70b",
      tokens: 15e12,
      globalBatchSequences: 2048,
      sequenceTokens: 8192,
    } as const;
    const design = designSite({
      site: { ...TEXAS, gridPowerMW: 20 },
      candidates: [{ systemId: "nvidia-dgx-b200" }],
      workload,
    }).designs[0]!;
    expect(design.production?.kind).toBe("pretraining");
    if (design.production?.kind !== "pretraining") return;
    expect(design.production.jobAcceleratorCount).toBeLessThanOrEqual(design.acceleratorCount);
    // The designed fabric reaches the pretraining plan (hardware.scaleOutFabric): a dense model's ring collectives
    // are not slowed by an oversubscribed leaf, and no warning says the leaf is ignored.
    const oversubscribed = designSite({
      site: { ...TEXAS, gridPowerMW: 5 },
      candidates: [{ systemId: "nvidia-dgx-b200" }],
      workload,
      network: { leafOversubscriptionRatio: 2 },
    }).designs[0]!;
    expect(oversubscribed.warnings.some((warning) => warning.includes("non-blocking leaf"))).toBe(false);
    expect(oversubscribed.production?.kind).toBe("pretraining");
    for (const count of [
      Math.floor(design.acceleratorCount / 1024) * 1024,
      2 ** Math.floor(Math.log2(design.acceleratorCount)),
    ]) {
      const planned = plan({
        id: "check",
        name: "check",
        workload,
        hardware: { accelerator: "nvidia-b200", count, system: "nvidia-dgx-b200" },
      });
      if (planned.performance.kind === "pretraining") {
        expect(design.production.tokensPerSecond).toBeGreaterThanOrEqual(
          planned.performance.tokensPerSecond * (1 - 1e-9),
        );
      }
    }
  });

  it("bad input names the field; an unknown region is not found", () => {
    expect(() => designSite({ site: { ...TEXAS, availableQuarter: "2027-3" } })).toThrow(InvalidInputError);
    expect(() => designSite({ site: { ...TEXAS, availableQuarter: "2027-3" } })).toThrow(/availableQuarter/);
    expect(() => designSite({ site: { ...TEXAS, regionId: "atlantis" } })).toThrow(NotFoundError);
  });

  it("property: the breakdown adds up to the grid power used, never above the contracted power", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 40, noNaN: true }),
        fc.constantFrom("cool", "temperate", "hot"),
        fc.constantFrom("nvidia-dgx-h100", "nvidia-dgx-b200", "nvidia-gb200-nvl72"),
        (megawatts, climate, systemId) => {
          const design = designSite({
            site: { ...TEXAS, gridPowerMW: megawatts, climate },
            candidates: [{ systemId }],
          }).designs[0]!;
          if (!design.feasible) return;
          expect(Math.abs(leafSum(design) - design.power.gridUsedWatts)).toBeLessThan(
            1e-6 * design.power.gridUsedWatts,
          );
          expect(design.power.gridUsedWatts).toBeLessThanOrEqual(megawatts * 1e6);
          for (const node of design.power.nodes) expect(node.watts).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("property: more cooling overhead (a higher PUE) never yields more GPUs", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 2, noNaN: true }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        fc.double({ min: 1, max: 30, noNaN: true }),
        (a, b, megawatts) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const count = (pue: number) =>
            designSite({
              site: { ...TEXAS, gridPowerMW: megawatts, pue },
              candidates: [{ systemId: "nvidia-dgx-b200" }],
            }).designs[0]!.acceleratorCount;
          expect(count(high)).toBeLessThanOrEqual(count(low));
        },
      ),
      { numRuns: 20 },
    );
  });

  it("property: a tighter power cap never raises draw per accelerator nor total accelerator power per GPU", () => {
    fc.assert(
      fc.property(fc.integer({ min: 600, max: 700 }), fc.integer({ min: 600, max: 700 }), (a, b) => {
        const [tight, loose] = a <= b ? [a, b] : [b, a];
        const designs = designSite({
          site: { ...TEXAS, gridPowerMW: 5 },
          candidates: [
            { systemId: "nvidia-dgx-h100", powerCapWatts: tight },
            { systemId: "nvidia-dgx-h100", powerCapWatts: loose },
          ],
        }).designs;
        const [capped, relaxed] = designs as [SiteDesign, SiteDesign];
        expect(capped.power.acceleratorWatts).toBeLessThanOrEqual(relaxed.power.acceleratorWatts);
        expect(capped.power.itWatts / capped.acceleratorCount).toBeLessThanOrEqual(
          relaxed.power.itWatts / relaxed.acceleratorCount + 1e-9,
        );
        expect(capped.acceleratorCount).toBeGreaterThanOrEqual(relaxed.acceleratorCount);
      }),
      { numRuns: 20 },
    );
  });
});

describe("storage sizing", () => {
  it("Young's interval and the Llama 3 interruption rate", () => {
    expect(youngDalyIntervalSeconds(50, 10_000)).toBeCloseTo(1000, 6);
    expect(1 / (LLAMA3_INTERRUPTIONS_PER_GPU_HOUR * 16_384)).toBeCloseTo(3.09, 2);
    expect(() => youngDalyIntervalSeconds(0, 10)).toThrow(/writeSeconds/);
  });

  it("more GPUs never need less checkpoint bandwidth; a looser stall target never needs more", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 200_000 }), fc.integer({ min: 8, max: 200_000 }), (a, b) => {
        const need = (gpuCount: number, stallRatio: number) =>
          sizeTrainingStorage({ parameterCount: 70e9, gpuCount, stallRatio, tokensPerSecond: 1e6 }).checkpointWriteGBps;
        const [small, large] = a <= b ? [a, b] : [b, a];
        expect(need(small, 0.01)).toBeLessThanOrEqual(need(large, 0.01));
        expect(need(small, 0.05)).toBeLessThanOrEqual(need(small, 0.01));
      }),
    );
  });
});
