import { createHardwareRegistry, getAccelerator, hardwareReferenceProblems } from "@aifactory/hardware";
import {
  builtInFactoryCatalog,
  catalogAccelerator,
  createFactoryCatalog,
  plan,
  type ScenarioInput,
  validateFactoryPack,
} from "@aifactory/planner";
import { estimateServing, estimateTrainingStep } from "@aifactory/workloads";
import { describe, expect, it } from "vitest";
import examplePackDefault, { examplePack } from "./index.js";

const ID = "nvidia-l40s";

describe("the pack validates like the built-in catalog", () => {
  it("passes validateFactoryPack (schema, invariants, sources, id clashes) with one accelerator", () => {
    const result = validateFactoryPack(examplePack);
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.pack).toBe("aifactory-plugin-example-pack@0.1.0");
    expect(result.counts.accelerators).toBe(1);
  });

  it("is the package's default export, which `aif --pack <package>` loads", () => {
    expect(examplePackDefault).toBe(examplePack);
  });

  it("registers beside the built-in hardware without id conflicts or dangling references", () => {
    const registry = createHardwareRegistry().use(examplePack);
    expect(hardwareReferenceProblems(registry)).toEqual([]);
    expect(registry.get("hardware.accelerators", ID).denseTflops.fp8).toBe(733);
    expect(registry.originOf("hardware.accelerators", ID)).toBe("aifactory-plugin-example-pack@0.1.0");
    // Ids are global: the same pack twice is a conflict.
    expect(() => registry.use(examplePack)).toThrowError(/already registered/);
  });

  it("names the field and the fix when an entry is wrong", () => {
    const [l40s] = examplePack.hardware.accelerators;
    const broken = { ...examplePack, hardware: { accelerators: [{ ...l40s, memoryGB: -48 }] } };
    const result = validateFactoryPack(broken);
    expect(result.valid).toBe(false);
    expect(result.problems.map((problem) => problem.path)).toContain("hardware.accelerators[0].memoryGB");
  });

  it("cannot claim an id the built-in catalog already has", () => {
    const [l40s] = examplePack.hardware.accelerators;
    const clash = { ...examplePack, hardware: { accelerators: [{ ...l40s, id: "nvidia-h100-sxm" }] } };
    const result = validateFactoryPack(clash);
    expect(result.valid).toBe(false);
    expect(result.problems.some((problem) => problem.path === "hardware.accelerators[0].id")).toBe(true);
  });
});

describe("the accelerator flows through the models", () => {
  const catalog = createFactoryCatalog([examplePack]);
  const l40s = catalogAccelerator(catalog, ID);

  it("is in the catalog the planner looks ids up in, and only there", () => {
    expect(catalog.packs).toEqual(["aifactory-plugin-example-pack@0.1.0"]);
    expect(l40s.memoryBandwidthGBps).toBe(864);
    expect(() => catalogAccelerator(builtInFactoryCatalog(), ID)).toThrowError(/nvidia-l40s/);
  });

  it("serves Llama 3.1 8B slower per GPU than an H100, in line with its memory bandwidth (decode is bandwidth-bound)", () => {
    const config = {
      tp: 1,
      weights: "fp8",
      kv: "fp8",
      inputTokens: 1000,
      outputTokens: 1000,
      maxThroughput: true,
    } as const;
    const onL40s = estimateServing({ architecture: "llama-3.1-8b", accelerator: l40s, config });
    const h100 = getAccelerator("nvidia-h100-sxm");
    const onH100 = estimateServing({ architecture: "llama-3.1-8b", accelerator: h100.id, config });
    expect(onL40s.acceleratorId).toBe(ID);
    expect(onL40s.outputTokensPerSecondPerGpu).toBeGreaterThan(0);
    const throughputRatio = onL40s.outputTokensPerSecondPerGpu / onH100.outputTokensPerSecondPerGpu;
    const bandwidthRatio = l40s.memoryBandwidthGBps / h100.memoryBandwidthGBps;
    // Within a factor of 1.5 of the bandwidth ratio: compute, KV capacity and overheads move it, not by more.
    expect(throughputRatio).toBeGreaterThan(bandwidthRatio / 1.5);
    expect(throughputRatio).toBeLessThan(bandwidthRatio * 1.5);
  });

  it("does not hold a Llama 3.1 8B training step that fits an H100's 80 GB, and says so", () => {
    const config = { acceleratorCount: 8, globalBatch: 64, sequenceTokens: 4096 };
    const onL40s = estimateTrainingStep({ architecture: "llama-3.1-8b", accelerator: l40s, config });
    const onH100 = estimateTrainingStep({ architecture: "llama-3.1-8b", accelerator: "nvidia-h100-sxm", config });
    expect(onH100.memory.fits).toBe(true);
    expect(onL40s.memory.fits).toBe(false);
    expect(onL40s.memory.capacityBytes).toBeLessThan(onH100.memory.capacityBytes);
    expect(onL40s.warnings.some((warning) => warning.includes("nvidia-l40s"))).toBe(true);
    // Fewer TFLOPS and PCIe instead of NVLink: the same step takes longer.
    expect(onL40s.stepTimeSeconds).toBeGreaterThan(onH100.stepTimeSeconds);
  });

  it("plans a serving deployment on 8 of them through plan() with the pack's catalog", () => {
    const scenario: ScenarioInput = {
      id: "llama-3.1-8b-serving-8-l40s",
      name: "Llama 3.1 8B on 8 L40S",
      workload: {
        kind: "serving",
        model: "llama-3.1-8b",
        weights: "fp8",
        kv: "fp8",
        inputTokens: 4096,
        outputTokens: 1024,
        ttftMs: 2000,
        tpotMs: 50,
        loadRatio: 0.7,
        days: 30,
      },
      hardware: { accelerator: ID, count: 8 },
      site: { region: "us-tx", cooling: "air" },
      economics: { ownership: "owned", depreciationYears: 5 },
    };
    const result = plan(scenario, { catalog });
    expect(result.performance.kind).toBe("serving");
    expect(result.metrics).toBeDefined();
    // The pack adds hardware only: the plan says which catalogs it still lacks (prices, supply, embodied carbon).
    expect(result.warnings.some((warning) => /purchase price for nvidia-l40s/.test(warning.text))).toBe(true);
    expect(() => plan(scenario)).toThrowError(/hardware\.accelerator/);
  });
});
