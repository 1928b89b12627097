import { readFileSync } from "node:fs";
import { plan } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import { packLabels, withPack } from "./scenario-packs";

const pack = JSON.parse(
  readFileSync(new URL("../../../../packages/hardware/docs/example-hardware-pack.json", import.meta.url), "utf8"),
) as Record<string, unknown>;
const { $schema: _schema, ...example } = pack;
const scenario = {
  id: "pack-run",
  name: "pretraining on the example pack's accelerator",
  workload: {
    kind: "pretraining",
    model: "llama-3.1-8b",
    tokens: 1e11,
    globalBatchSequences: 256,
    sequenceTokens: 4096,
  },
  hardware: { accelerator: "example-h100-sxm-restated", count: 64 },
  kernels: "none",
};

describe("withPack", () => {
  it("adds a pack inline, replacing one of the same name and version, and the plan runs on its accelerator", () => {
    const once = withPack(scenario, example);
    const twice = withPack(once, example);
    expect(packLabels(twice)).toEqual(["aifactory-pack-example@1.0.0"]);
    expect(scenario).not.toHaveProperty("packs");
    expect(plan(twice as never).scenario.hardware.accelerator).toBe("example-h100-sxm-restated");
  });

  it("rejects a file that is not a pack object", () => {
    expect(() => withPack(scenario, [1, 2])).toThrow(/JSON object/);
    expect(() => withPack(scenario, { version: "1.0.0" })).toThrow(/name/);
  });
});
