import { readFileSync } from "node:fs";
import { InvalidInputError, NotFoundError } from "@aifactory/core";
import { defaultPurchasePrice, getBillOfMaterials, listCloudPrices } from "@aifactory/economics";
import { getEmbodiedCarbonProfile, getGridRegion } from "@aifactory/energy";
import { getArchitecture } from "@aifactory/workloads";
import { describe, expect, it } from "vitest";
import { compare } from "./compare";
import { explore } from "./explore";
import { inlineScenarioPacks } from "./load";
import {
  acceleratorForWorkloads,
  builtInFactoryCatalog,
  createFactoryCatalog,
  type FactoryPackInput,
  parseFactoryPack,
  validateFactoryPack,
} from "./pack";
import { plan } from "./plan";
import type { ScenarioInput } from "./scenario";
import { solve } from "./solve";

// The example hardware pack of @aifactory/hardware: an H100 SXM restated under another id, with its sources.
const hardwarePack = JSON.parse(
  readFileSync(new URL("../../hardware/docs/example-hardware-pack.json", import.meta.url), "utf8"),
) as FactoryPackInput;
const ACCELERATOR = "example-h100-sxm-restated";
const ARCHITECTURE = "example-llama-3.1-8b-restated";
const REGION = "example-fr-restated";
const H100 = "nvidia-h100-sxm";

// Everything else the pack adds restates built-in entries (same figures, same public sources) under new ids, so
// the plans on the pack's ids must equal the plans on the built-in ones.
const { $schema: _schema, ...packWithoutSchema } = hardwarePack;
const pack: FactoryPackInput = {
  ...packWithoutSchema,
  name: "aifactory-pack-example-full",
  architectures: [{ ...getArchitecture("llama-3.1-8b"), id: ARCHITECTURE, name: "Example: Llama 3.1 8B restated" }],
  gridRegions: [{ ...getGridRegion("fr"), id: REGION, name: "Example: France restated" }],
  prices: {
    purchasePrices: [{ ...defaultPurchasePrice(H100), id: `${ACCELERATOR}-price`, acceleratorId: ACCELERATOR }],
    cloudPrices: listCloudPrices({ acceleratorId: H100 })
      .filter((price) => price.pricing === "on-demand")
      .map((price) => ({ ...price, id: `${price.id}-restated`, acceleratorId: ACCELERATOR })),
  },
  billsOfMaterials: [{ ...getBillOfMaterials(H100), acceleratorId: ACCELERATOR }],
  embodiedCarbonProfiles: [
    {
      ...getEmbodiedCarbonProfile(H100),
      estimates: [...getEmbodiedCarbonProfile(H100).estimates],
      acceleratorId: ACCELERATOR,
    },
  ],
};

const pretraining = (accelerator: string, model: string, region = "us"): ScenarioInput => ({
  id: "pack-pretraining",
  name: "pretraining on a pack's accelerator",
  workload: { kind: "pretraining", model, tokens: 1e11, globalBatchSequences: 256, sequenceTokens: 4096 },
  hardware: { accelerator, count: 64 },
  site: { region },
  kernels: "none",
});

const serving = (accelerator: string, model: string): ScenarioInput => ({
  id: "pack-serving",
  name: "serving on a pack's accelerator",
  workload: { kind: "serving", model, inputTokens: 2000, outputTokens: 300, ttftMs: 2000, tpotMs: 50 },
  hardware: { accelerator, count: 8 },
  kernels: "none",
});

describe("a pack reaches every model", () => {
  const catalog = createFactoryCatalog([pack]);

  it("validates and loads the example pack, counting each contribution", () => {
    const result = validateFactoryPack(pack);
    expect(result.problems).toEqual([]);
    expect(result.counts).toMatchObject({
      accelerators: 1,
      systems: 1,
      architectures: 1,
      gridRegions: 1,
      purchasePrices: 1,
      billsOfMaterials: 1,
      embodiedCarbonProfiles: 1,
    });
    expect(catalog.packs).toEqual(["aifactory-pack-example-full@1.0.0"]);
    expect(acceleratorForWorkloads(catalog, ACCELERATOR)).toMatchObject({ id: ACCELERATOR, tdpWatts: 700 });
    expect(acceleratorForWorkloads(catalog, H100)).toBe(H100);
  });

  it("a plain hardware pack file is a pack", () => {
    expect(validateFactoryPack(hardwarePack).problems).toEqual([]);
  });

  it("plans pretraining on the pack's accelerator, architecture and grid region as on the built-ins they restate", () => {
    const onPack = plan(pretraining(ACCELERATOR, ARCHITECTURE, REGION), { catalog });
    const builtIn = plan(pretraining(H100, "llama-3.1-8b", "fr"));
    expect(onPack.performance.kind).toBe("pretraining");
    // The step time differs a little: measured GEMM efficiencies (MAMF) are keyed by accelerator id, and an
    // accelerator a pack adds gets the documented default ratio until it is calibrated.
    expect(onPack.timeline.wallClockHours / builtIn.timeline.wallClockHours).toBeGreaterThan(0.95);
    expect(onPack.timeline.wallClockHours / builtIn.timeline.wallClockHours).toBeLessThan(1.05);
    expect(onPack.memory.requiredBytesPerGpu).toBe(builtIn.memory.requiredBytesPerGpu);
    // power from the pack's TDP and system power, carbon from the pack's grid region
    expect(onPack.energy.facilityPowerKW).toBeCloseTo(builtIn.energy.facilityPowerKW, 9);
    expect(onPack.carbon.gridKgCo2ePerKWh).toBe(builtIn.carbon.gridKgCo2ePerKWh);
    // embodied carbon from the pack's profile, per accelerator-hour as the built-in H100's
    expect(onPack.carbon.embodiedTonnes / onPack.timeline.gpuHours).toBeCloseTo(
      builtIn.carbon.embodiedTonnes / builtIn.timeline.gpuHours,
      12,
    );
    // priced from the pack's purchase price; supply from the pack's bill of materials
    expect(onPack.cost.capexUsd).toBeCloseTo(builtIn.cost.capexUsd, 6);
    expect(onPack.cost.ownedCostPerGpuHourUsd).toBeCloseTo(builtIn.cost.ownedCostPerGpuHourUsd, 9);
    expect(onPack.cost.onDemandUsdPerAcceleratorHour).toBe(builtIn.cost.onDemandUsdPerAcceleratorHour);
    expect(onPack.supply.earliestOnlineQuarter).toBe(builtIn.supply.earliestOnlineQuarter);
    expect(onPack.supply.bindingConstraint).toBe(builtIn.supply.bindingConstraint);
    expect(onPack.supply.requiredPowerMW).toBeCloseTo(builtIn.supply.requiredPowerMW ?? 0, 9);
    expect(onPack.warnings.map((w) => w.text).join("\n")).not.toMatch(
      /no purchase price|bill of materials|no embodied-carbon/,
    );
  });

  it("plans serving on the pack's accelerator as on the built-in H100", () => {
    const onPack = plan(serving(ACCELERATOR, ARCHITECTURE), { catalog });
    const builtIn = plan(serving(H100, "llama-3.1-8b"));
    expect(onPack.performance.kind).toBe("serving");
    if (onPack.performance.kind !== "serving" || builtIn.performance.kind !== "serving") return;
    expect(onPack.performance.outputTokensPerSecond).toBeCloseTo(builtIn.performance.outputTokensPerSecond, 6);
    expect(onPack.cost.usdPerMillionTokens).toBeCloseTo(builtIn.cost.usdPerMillionTokens ?? 0, 9);
  });

  it("a scenario's inline packs work without a catalog option, and file packs are read by inlineScenarioPacks", () => {
    const inline = plan({
      ...pretraining(ACCELERATOR, ARCHITECTURE, REGION),
      packs: [pack as Record<string, unknown>],
    });
    expect(inline.cost.capexUsd).toBeGreaterThan(0);
    const withPath = { ...pretraining(ACCELERATOR, ARCHITECTURE), packs: ["packs/example.json"] };
    expect(() => plan(withPath)).toThrowError(/packs\[0\]: the pack file "packs\/example.json" has not been read/);
    const read = inlineScenarioPacks(withPath, (path) => (path === "packs/example.json" ? pack : undefined));
    expect(plan(read).performance.kind).toBe("pretraining");
  });

  it("compare, explore and solve take the catalog", () => {
    const entries = compare([pretraining(ACCELERATOR, ARCHITECTURE), pretraining(H100, "llama-3.1-8b")], {
      catalog,
    });
    expect(entries.map((entry) => entry.error)).toEqual([undefined, undefined]);
    const space = explore({ base: pretraining(H100, "llama-3.1-8b"), accelerators: [H100, ACCELERATOR] }, undefined, {
      catalog,
    });
    expect(space.points.map((point) => point.error)).toEqual([undefined, undefined]);
    const answer = solve(
      {
        base: pretraining(ACCELERATOR, ARCHITECTURE),
        goal: { kind: "deadline", days: 30 },
        maxCount: 256,
      },
      undefined,
      { catalog },
    );
    expect(answer.results[0]?.accelerator).toBe(ACCELERATOR);
    expect(answer.results[0]?.evaluated.length).toBeGreaterThan(0);
  });
});

describe("pack and id errors", () => {
  it("an id the catalog in use lacks is a NotFoundError naming the field and the nearest id", () => {
    const check = (scenario: ScenarioInput, field: string, near: string) => {
      try {
        plan(scenario);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(NotFoundError);
        expect((error as NotFoundError).message).toContain(`${field}:`);
        expect((error as NotFoundError).hint).toContain(near);
      }
    };
    check(pretraining("example-h100-sxm-restate", "llama-3.1-8b"), "hardware.accelerator", "nvidia-h100-sxm");
    check(pretraining(H100, "llama-3.1-8c"), "workload.model", "llama-3.1-8b");
    check(pretraining(H100, "llama-3.1-8b", "fx"), "site.region", "fr");
    // with the pack, its ids are suggested
    try {
      plan(pretraining("example-h100-sxm-restate", "llama-3.1-8b"), { catalog: createFactoryCatalog([pack]) });
    } catch (error) {
      expect((error as NotFoundError).hint).toContain(ACCELERATOR);
    }
  });

  it("lists every problem of a bad pack with its dotted path", () => {
    const bad = {
      ...pack,
      hardwar: {},
      hardware: {
        accelerators: [{ ...pack.hardware!.accelerators![0]!, memoryGB: -80 }],
        systems: pack.hardware!.systems,
      },
      architectures: [{ ...getArchitecture("llama-3.1-8b") }],
      prices: {
        purchasePrices: [{ ...defaultPurchasePrice(H100), id: "x-price", acceleratorId: "example-h100-sxm-restatd" }],
        cloudprices: [],
      },
      billsOfMaterials: [{ ...getBillOfMaterials(H100), acceleratorId: "nope-x1" }],
    };
    const result = validateFactoryPack(bad);
    expect(result.valid).toBe(false);
    const paths = result.problems.map((problem) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "hardwar",
        "hardware.accelerators[0].memoryGB",
        "architectures[0].id",
        "prices.cloudprices",
        "prices.purchasePrices[0].acceleratorId",
        "billsOfMaterials[0].acceleratorId",
      ]),
    );
    expect(result.problems.find((p) => p.path === "hardwar")?.hint).toBe('did you mean "hardware"?');
    expect(result.problems.find((p) => p.path === "prices.purchasePrices[0].acceleratorId")?.hint).toBe(
      `did you mean "${ACCELERATOR}"?`,
    );
    expect(() => parseFactoryPack(bad, { label: "pack bad.json" })).toThrowError(
      /invalid pack bad\.json:\n {2}- hardwar: unknown field/,
    );
    // inline in a scenario, the problems are labelled with the pack's place in the scenario
    expect(() => plan({ ...pretraining(H100, "llama-3.1-8b"), packs: [bad] })).toThrowError(
      /invalid scenario \(pack packs\[0\] [^)]*\):[\s\S]*packs\[0\]\.hardware\.accelerators\[0\]\.memoryGB/,
    );
  });

  it("two packs may not claim one id; a later pack may use an earlier pack's accelerator", () => {
    expect(() => createFactoryCatalog([pack, pack], { labels: ["a.json", "b.json"] })).toThrowError(InvalidInputError);
    expect(() => createFactoryCatalog([pack, pack], { labels: ["a.json", "b.json"] })).toThrowError(/invalid b\.json/);
    const second = {
      name: "aifactory-pack-second",
      version: "1.0.0",
      billsOfMaterials: [{ ...getBillOfMaterials(H100), acceleratorId: ACCELERATOR }],
    };
    const withoutBom = { ...pack, billsOfMaterials: [] };
    expect(createFactoryCatalog([withoutBom, second]).billsOfMaterials).toHaveLength(1);
    expect(builtInFactoryCatalog().packs).toEqual([]);
  });
});
