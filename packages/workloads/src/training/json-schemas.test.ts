import { describe, expect, it } from "vitest";
import { trainingJsonSchemas } from "./json-schemas";

describe("trainingJsonSchemas", () => {
  const schemas = trainingJsonSchemas();

  it("lists the dense-model fields the issue requires, and only them as required", () => {
    const architecture = schemas["architecture.schema.json"] as { required: string[]; properties: object };
    expect([...architecture.required].sort()).toEqual(
      ["attentionHeads", "ffnActivation", "ffnHiddenSize", "hiddenSize", "id", "kvHeads", "layers", "vocabSize"].sort(),
    );
  });

  it("describes the training configuration with its defaults", () => {
    const config = schemas["training-config.schema.json"] as {
      required: string[];
      properties: Record<string, { default?: unknown }>;
    };
    expect([...config.required].sort()).toEqual(["acceleratorCount", "globalBatch", "sequenceTokens"]);
    expect(config.properties.recompute?.default).toBe("selective");
    expect(JSON.stringify(schemas)).not.toMatch(/NaN|Infinity/);
  });
});
