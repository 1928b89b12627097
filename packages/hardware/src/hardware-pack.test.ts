import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { definePlugin } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { getAccelerator } from "./catalog";
import { defineCluster } from "./cluster";
import { BUILT_IN_ACCELERATORS } from "./data/accelerators";
import { parseHardwarePack, validateHardwarePack } from "./hardware-pack";
import { hardwareJsonSchemas } from "./json-schema";
import { catalogFromRegistry, createHardwareRegistry } from "./registry";

const h100 = BUILT_IN_ACCELERATORS.find((a) => a.id === "nvidia-h100-sxm")!;
const valid = {
  $schema: "../schemas/hardware-pack.schema.json",
  name: "aifactory-pack-acme",
  version: "1.0.0",
  hardware: {
    accelerators: [{ ...h100, id: "acme-x1", name: "Acme X1", vendor: "acme" }],
    systems: [
      {
        id: "acme-box",
        name: "Acme Box",
        vendor: "acme",
        acceleratorId: "acme-x1",
        acceleratorCount: 4,
        sources: [{ title: "Acme datasheet", evidence: "verified" }],
      },
    ],
  },
};

describe("validateHardwarePack", () => {
  it("accepts a valid pack", () => {
    const result = validateHardwarePack(valid);
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.counts).toEqual({ accelerators: 1, systems: 1, fabrics: 0, storageTiers: 0 });
    expect(result.pack).toBe("aifactory-pack-acme@1.0.0");
    expect(parseHardwarePack(valid).name).toBe("aifactory-pack-acme");
  });

  it("reports every problem with its path, not just the first", () => {
    const broken = {
      name: "Not A Name",
      version: "1",
      extra: true,
      hardware: {
        accelerators: [
          { ...h100, id: "nvidia-h100-sxm" },
          { ...h100, id: "acme-y", sources: [], memoryBandwidthGBps: 3.35 },
          { ...h100, id: "acme-z", denseTflops: { bf16: 989, fp8: 500 } },
        ],
        systems: [
          {
            id: "acme-box",
            name: "B",
            vendor: "acme",
            acceleratorId: "acme-x",
            acceleratorCount: 2,
            sources: [{ title: "Doc", evidence: "verified" }],
          },
        ],
        sytems: [],
      },
    };
    const result = validateHardwarePack(broken);
    expect(result.valid).toBe(false);
    const paths = result.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "name",
        "version",
        "extra",
        "hardware.sytems",
        "hardware.accelerators[0].id",
        "hardware.accelerators[1].sources",
        "hardware.accelerators[2].denseTflops.fp8",
        "hardware.systems[0].acceleratorId",
      ]),
    );
    expect(result.problems.find((p) => p.path === "hardware.sytems")?.hint).toContain("systems");
    expect(result.problems.find((p) => p.path === "hardware.systems[0].acceleratorId")?.message).toContain("acme-x");
    expect(() => parseHardwarePack(broken)).toThrow(/hardware\.accelerators\[1\]\.sources/);
  });

  it("flags implausible units after parsing", () => {
    const result = validateHardwarePack({
      name: "p",
      version: "1.0.0",
      hardware: { accelerators: [{ ...h100, id: "acme-y", memoryBandwidthGBps: 3.35 }] },
    });
    expect(result.problems.map((p) => p.path)).toEqual(["hardware.accelerators[0].memoryBandwidthGBps"]);
  });

  it("rejects non-objects", () => {
    expect(validateHardwarePack([]).valid).toBe(false);
    expect(validateHardwarePack({ name: "p", version: "1.0.0" }).problems[0]?.path).toBe("hardware");
  });
});

describe("published JSON Schema files", () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "schemas");
  it.each(Object.entries(hardwareJsonSchemas()))(
    "schemas/%s matches the zod schema (run `pnpm --filter @aifactory/hardware generate:schemas` after a change)",
    (file, schema) => {
      const onDisk = JSON.parse(readFileSync(join(dir, file), "utf8"));
      expect(onDisk).toEqual(schema);
    },
  );
});

describe("docs/example-hardware-pack.json", () => {
  it("is a valid pack that registers and works with the queries", () => {
    const path = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "example-hardware-pack.json");
    const json = JSON.parse(readFileSync(path, "utf8"));
    const result = validateHardwarePack(json);
    expect(result.problems).toEqual([]);
    expect(result.counts).toEqual({ accelerators: 1, systems: 1, fabrics: 0, storageTiers: 0 });
    // The flow the contributor guide shows.
    const catalog = catalogFromRegistry(createHardwareRegistry({ plugins: [definePlugin(parseHardwarePack(json))] }));
    expect(getAccelerator("example-h100-sxm-restated", catalog).memoryBandwidthGBps).toBe(3350);
    const cluster = defineCluster(
      { system: "example-hgx-h100-server", count: 4, fabric: "infiniband-ndr" },
      { catalog, fabrics: catalog.fabrics },
    );
    expect(cluster.acceleratorCount).toBe(32);
  });

  it("points a full pack's extra fields to the planner's validator", () => {
    const result = validateHardwarePack({ ...valid, prices: {} });
    expect(result.problems.find((p) => p.path === "prices")?.hint).toContain("validateFactoryPack");
  });
});
