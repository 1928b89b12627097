import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultPurchasePrice, getBillOfMaterials } from "@aifactory/economics";
import { getGridRegion } from "@aifactory/energy";
import { getArchitecture } from "@aifactory/workloads";
import { describe, expect, it } from "vitest";
import { loadPackCatalog, readPack } from "./packs";
import { runCli } from "./run";

// The example hardware pack (an H100 SXM restated under another id, sourced), plus an architecture, a grid
// region, a purchase price and a bill of materials that restate built-in entries (same figures and sources).
const hardwarePackFile = new URL("../../hardware/docs/example-hardware-pack.json", import.meta.url);
const { $schema: _schema, ...hardwarePack } = JSON.parse(readFileSync(hardwarePackFile, "utf8")) as Record<
  string,
  unknown
>;
const ACCELERATOR = "example-h100-sxm-restated";
const ARCHITECTURE = "example-llama-3.1-8b-restated";
const REGION = "example-fr-restated";
const pack = {
  ...hardwarePack,
  name: "aifactory-pack-example-full",
  architectures: [{ ...getArchitecture("llama-3.1-8b"), id: ARCHITECTURE }],
  gridRegions: [{ ...getGridRegion("fr"), id: REGION, name: "Example: France restated" }],
  prices: {
    purchasePrices: [
      { ...defaultPurchasePrice("nvidia-h100-sxm"), id: `${ACCELERATOR}-price`, acceleratorId: ACCELERATOR },
    ],
  },
  billsOfMaterials: [{ ...getBillOfMaterials("nvidia-h100-sxm"), acceleratorId: ACCELERATOR }],
};

const dir = mkdtempSync(join(tmpdir(), "aif-pack-"));
const packFile = join(dir, "full.json");
writeFileSync(packFile, JSON.stringify(pack));
const badFile = join(dir, "bad.json");
writeFileSync(
  badFile,
  JSON.stringify({
    ...pack,
    hardware: {
      accelerators: [{ ...(hardwarePack.hardware as { accelerators: object[] }).accelerators[0], memoryGB: -80 }],
    },
  }),
);
const scenario = [
  "id: pack-run",
  "name: Llama 3.1 8B restated on 64 restated H100",
  `workload: { kind: pretraining, model: ${ARCHITECTURE}, tokens: 1.0e+11, globalBatchSequences: 256, sequenceTokens: 4096 }`,
  `hardware: { accelerator: ${ACCELERATOR}, count: 64 }`,
  `site: { region: ${REGION} }`,
  "kernels: none",
].join("\n");
const scenarioFile = join(dir, "scenario.yaml");
writeFileSync(scenarioFile, scenario);
mkdirSync(join(dir, "packs"));
writeFileSync(join(dir, "packs", "full.json"), JSON.stringify(pack));
const h100ScenarioFile = join(dir, "scenario-h100.yaml");
writeFileSync(
  h100ScenarioFile,
  scenario.replace(ARCHITECTURE, "llama-3.1-8b").replace(ACCELERATOR, "nvidia-h100-sxm").replace(REGION, "fr"),
);
const scenarioWithPackFile = join(dir, "scenario-with-pack.yaml");
writeFileSync(
  scenarioWithPackFile,
  `${scenario.replace("id: pack-run", "id: pack-run-2")}\npacks: [packs/full.json]\n`,
);

const json = async (argv: string[]) => {
  const result = await runCli([...argv, "--json"]);
  expect(result.stderr.slice(0, 600)).toBe("");
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout);
};

describe("aif --pack", () => {
  it("hw list and hw show see the pack's accelerator and system", async () => {
    const list = await json(["hw", "list", "--pack", packFile]);
    expect(list.map((a: { id: string }) => a.id)).toContain(ACCELERATOR);
    const without = await json(["hw", "list"]);
    expect(without.map((a: { id: string }) => a.id)).not.toContain(ACCELERATOR);
    const systems = await json(["--pack", packFile, "hw", "list", "--kind", "system"]);
    expect(systems.map((s: { id: string }) => s.id)).toContain("example-hgx-h100-server");
    expect((await json(["hw", "show", ACCELERATOR, "--pack", packFile])).entry.tdpWatts).toBe(700);
  });

  it("plan plans on the pack's accelerator, model and region, given by --pack or by the scenario's packs", async () => {
    const viaFlag = await json(["plan", "--pack", packFile, scenarioFile]);
    expect(viaFlag.performance.kind).toBe("pretraining");
    // priced from the pack's price, which restates the built-in H100 price
    const h100 = await json(["plan", h100ScenarioFile]);
    expect(viaFlag.cost.capexUsd).toBeCloseTo(h100.cost.capexUsd, 6);
    expect(viaFlag.supply.earliestOnlineQuarter).not.toBeNull();
    const viaScenario = await json(["plan", scenarioWithPackFile]);
    expect(viaScenario.timeline.wallClockHours).toBeCloseTo(viaFlag.timeline.wallClockHours, 9);
    const without = await runCli(["plan", scenarioFile]);
    expect(without.exitCode).toBe(2);
    expect(without.stderr).toContain('hardware.accelerator: unknown accelerator "example-h100-sxm-restated"');
  });

  it("tco prices the pack's accelerator from the pack's price; energy and supply find it too", async () => {
    const tco = await json(["tco", "--pack", packFile, "--gpu", ACCELERATOR, "--gpus", "64", "--years", "5"]);
    const h100 = await json(["tco", "--gpu", "nvidia-h100-sxm", "--gpus", "64", "--years", "5"]);
    expect(tco.capexUsd).toBeCloseTo(h100.capexUsd, 6);
    expect(tco.costPerGpuHourUsd).toBeCloseTo(h100.costPerGpuHourUsd, 9);
    const energy = await json([
      ...["energy", "--pack", packFile, "--gpu", ACCELERATOR, "--gpus", "64", "--hours", "100"],
      ...["--utilization", "0.8", "--grid", REGION],
    ]);
    const energyH100 = await json([
      ...["energy", "--gpu", "nvidia-h100-sxm", "--gpus", "64", "--hours", "100"],
      ...["--utilization", "0.8", "--grid", "fr"],
    ]);
    expect(energy.energyMWh).toBeCloseTo(energyH100.energyMWh, 9);
    expect(energy.co2eTonnes.total).toBeCloseTo(energyH100.co2eTonnes.total, 9);
    const supply = await json([
      ...["supply", "--pack", packFile, "--gpu", ACCELERATOR, "--gpus", "20000", "--start", "2027-Q1"],
    ]);
    const supplyH100 = await json(["supply", "--gpu", "nvidia-h100-sxm", "--gpus", "20000", "--start", "2027-Q1"]);
    expect(supply.earliestOnlineQuarter).toBe(supplyH100.earliestOnlineQuarter);
  });

  it("train, serve and fleet run the pack's model on the pack's accelerator", async () => {
    const train = await json([
      ...["train", "--pack", packFile, "--model", ARCHITECTURE, "--gpu", ACCELERATOR],
      ...["--gpus", "64", "--global-batch", "256", "--seq", "4096"],
    ]);
    expect(train.stepTimeSeconds).toBeGreaterThan(0);
    const serve = await json([
      ...["serve", "--pack", packFile, "--model", ARCHITECTURE, "--gpu", ACCELERATOR],
      ...["--isl", "2000", "--osl", "300", "--concurrency", "16"],
    ]);
    expect(serve.outputTokensPerSecondPerGpu).toBeGreaterThan(0);
    const fleet = await json([
      ...["fleet", "size", "--pack", packFile, "--model", ARCHITECTURE, "--gpu", `${ACCELERATOR},nvidia-h100-sxm`],
      ...["--rate", "5", "--requests", "300", "--isl", "1000", "--osl", "200"],
      ...["--slo-ttft-ms", "2000", "--slo-tpot-ms", "50", "--max-replicas", "8"],
    ]);
    expect(fleet.designs.map((d: { acceleratorId: string }) => d.acceleratorId)).toEqual([
      ACCELERATOR,
      "nvidia-h100-sxm",
    ]);
    // priced from the pack's price, which restates the built-in H100's
    expect(fleet.designs[0].costPerGpuHourUsd).toBeCloseTo(fleet.designs[1].costPerGpuHourUsd, 1);
  });

  it("model list/show, rl, agent and kv simulate find the pack's model and accelerator", async () => {
    const list = await runCli(["--pack", packFile, "model", "list", "--json"]);
    expect(list.exitCode, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((r) => r.id)).toContain(ARCHITECTURE);
    const without = await runCli(["model", "list", "--json"]);
    expect((JSON.parse(without.stdout) as { id: string }[]).map((r) => r.id)).not.toContain(ARCHITECTURE);
    const show = await runCli(["--pack", packFile, "model", "show", ARCHITECTURE, "--json"]);
    expect(show.exitCode, show.stderr).toBe(0);
    const builtIn = await runCli(["model", "show", "llama-3.1-8b", "--json"]);
    expect(JSON.parse(show.stdout).totalParams).toBe(JSON.parse(builtIn.stdout).totalParams);
    const rl = await runCli([
      "--pack",
      packFile,
      "rl",
      "--policy",
      ARCHITECTURE,
      "--gpu",
      ACCELERATOR,
      "--gpus",
      "16",
      "--prompts-per-step",
      "64",
      "--isl",
      "512",
      "--osl-mean",
      "512",
      "--json",
    ]);
    expect(rl.exitCode, rl.stderr).toBe(0);
    expect(JSON.parse(rl.stdout).acceleratorId).toBe(ACCELERATOR);
    const agent = await runCli([
      "--pack",
      packFile,
      "agent",
      "--model",
      ARCHITECTURE,
      "--gpu",
      ACCELERATOR,
      "--turns",
      "4",
      "--tokens-per-turn",
      "400",
      "--output-tokens-per-turn",
      "100",
      "--tool-latency-ms",
      "500",
      "--json",
    ]);
    expect(agent.exitCode, agent.stderr).toBe(0);
    const kv = await runCli([
      "--pack",
      packFile,
      "kv",
      "simulate",
      "--trace",
      "synthetic:agentic",
      "--sessions",
      "2",
      "--tiers",
      "hbm:8GB",
      "--model",
      ARCHITECTURE,
      "--json",
    ]);
    expect(kv.exitCode, kv.stderr).toBe(0);
  });

  it("a bad pack exits 2 naming the file and the dotted path, without a stack trace", async () => {
    const result = await runCli(["hw", "list", "--pack", badFile]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`invalid pack ${badFile}`);
    expect(result.stderr).toContain("hardware.accelerators[0].memoryGB");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const missing = await runCli(["plan", "--pack", join(dir, "missing.json"), scenarioFile]);
    expect(missing.exitCode).toBe(2);
    const clash = await runCli(["hw", "list", "--pack", packFile, "--pack", packFile]);
    expect(clash.exitCode).toBe(2);
    expect(clash.stderr).toContain("is already in the catalog");
  });

  it("hw validate checks a pack that carries more than hardware with every package's schema", async () => {
    const ok = await json(["hw", "validate", packFile]);
    expect(ok.counts).toMatchObject({ accelerators: 1, architectures: 1, gridRegions: 1, purchasePrices: 1 });
    const bad = await runCli(["hw", "validate", badFile]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("hardware.accelerators[0].memoryGB");
  });

  it("a package name is resolved with Node's resolver: its main JSON or its default export", async () => {
    const project = mkdtempSync(join(tmpdir(), "aif-pack-project-"));
    const jsonPackage = join(project, "node_modules", "aifactory-pack-example");
    mkdirSync(jsonPackage, { recursive: true });
    writeFileSync(
      join(jsonPackage, "package.json"),
      JSON.stringify({ name: "aifactory-pack-example", main: "pack.json" }),
    );
    writeFileSync(join(jsonPackage, "pack.json"), JSON.stringify(pack));
    const modulePackage = join(project, "node_modules", "@acme", "aifactory-pack");
    mkdirSync(modulePackage, { recursive: true });
    writeFileSync(
      join(modulePackage, "package.json"),
      JSON.stringify({ name: "@acme/aifactory-pack", main: "index.mjs" }),
    );
    writeFileSync(join(modulePackage, "index.mjs"), `export default ${JSON.stringify(hardwarePack)};`);
    expect(await readPack("aifactory-pack-example", project)).toMatchObject({ name: "aifactory-pack-example-full" });
    expect(await readPack("@acme/aifactory-pack", project)).toMatchObject({ name: "aifactory-pack-example" });
    const catalog = await loadPackCatalog(["aifactory-pack-example"], project);
    expect(catalog.hardware.accelerators.some((a) => a.id === ACCELERATOR)).toBe(true);
    await expect(readPack("aifactory-pack-missing", project)).rejects.toThrow(/no file or installed package/);
  });
});
