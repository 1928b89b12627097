import { plannerJsonSchemas } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import { fieldText, humanizeKey, labelFromDescription, pathLabel } from "./labels";
import type { JsonSchema } from "./schema-form";

const root = plannerJsonSchemas()["scenario.schema.json"] as JsonSchema;

/** Every (key, schema) of the scenario's JSON Schema, through objects and union variants. */
function fields(schema: JsonSchema, out: Array<[string, JsonSchema]> = []): Array<[string, JsonSchema]> {
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    out.push([key, child]);
    fields(child, out);
  }
  for (const option of schema.oneOf ?? schema.anyOf ?? []) fields(option, out);
  return out;
}

describe("labels", () => {
  it("turns a name-like description into a label", () => {
    expect(labelFromDescription("global batch, sequences")).toBe("Global batch (sequences)");
    expect(labelFromDescription("SLO: time to first token, ms")).toBe("SLO: time to first token (ms)");
    expect(labelFromDescription("power available at the site today", "availablePowerMW")).toBe(
      "Power available at the site today (MW)",
    );
  });

  it("humanises keys", () => {
    expect(humanizeKey("globalBatchSequences")).toBe("Global batch sequences");
    expect(humanizeKey("ttftP99Ms")).toBe("TTFT P99");
    expect(humanizeKey("stepTimeSeconds")).toBe("Step time");
    expect(humanizeKey("averagePowerWatts", { keepUnit: true })).toBe("Average power (W)");
    expect(humanizeKey("electricityUsdPerKWh", { keepUnit: true })).toBe("Electricity USD per kWh");
  });

  it("gives every field of the scenario schema a label without a camelCase key", () => {
    const texts = fields(root).map(([key, schema]) => fieldText(key, schema));
    for (const { label } of texts) {
      expect(label.replace(/ZeRO|MoE|GPUs|kWh/g, "")).not.toMatch(/[a-z][A-Z]/);
      expect(label[0]).toBe(label[0]!.toUpperCase());
    }
    expect(fieldText("globalBatchSequences", { description: "global batch, sequences" }).label).toBe(
      "Global batch (sequences)",
    );
    expect(fieldText("accelerator", { description: "accelerator id, e.g. nvidia-h100-sxm" })).toEqual({
      label: "Accelerator",
      help: "accelerator id, e.g. nvidia-h100-sxm",
    });
    // A reference to the library's code is left out of the help.
    expect(
      fieldText("scaleOutFabric", {
        description: "the fabric where it is oversubscribed (see scaleOutFabricProfile): traffic shares the uplinks",
      }).help,
    ).toBe("the fabric where it is oversubscribed: traffic shares the uplinks");
    for (const { help } of texts) expect(help ?? "").not.toMatch(/\(see [a-z]+[A-Z]/);
  });

  it("labels an issue's path", () => {
    const scenario = { workload: { kind: "pretraining" } };
    expect(pathLabel(root, ["workload", "globalBatchSequences"], scenario)).toBe("Workload › Global batch (sequences)");
    expect(pathLabel(root, ["hardware", "count"], scenario)).toBe("Hardware › Number of accelerators");
    expect(pathLabel(root, [])).toBe("Scenario");
  });
});
