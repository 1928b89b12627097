import { toJsonSchema } from "@aifactory/core";
import { plannerJsonSchemas, scenarioSchema } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import {
  classify,
  discriminatorOf,
  getAt,
  issuesByPath,
  type JsonSchema,
  matchAlternative,
  numberText,
  parseNumberText,
  setAt,
} from "./schema-form";

const scenarioJsonSchema = plannerJsonSchemas()["scenario.schema.json"] as JsonSchema;

describe("classify over the planner's scenario JSON Schema", () => {
  it("the app's schema document is the planner's published one (without $id and title)", () => {
    const { $id: _id, title: _title, ...published } = scenarioJsonSchema as Record<string, unknown>;
    expect(toJsonSchema(scenarioSchema)).toEqual(published);
  });

  const root = classify(scenarioJsonSchema);

  it("reads the scenario as an object with its sections", () => {
    expect(root.kind).toBe("object");
    if (root.kind !== "object") return;
    expect(Object.keys(root.properties)).toEqual(expect.arrayContaining(["workload", "hardware", "site"]));
  });

  it("reads the workload as a union discriminated by kind", () => {
    if (root.kind !== "object") throw new Error("not an object");
    const workload = classify(root.properties.workload!);
    expect(workload.kind).toBe("union");
    if (workload.kind !== "union") return;
    expect(workload.discriminator).toBe("kind");
    expect(workload.variants.map((variant) => variant.tag)).toContain("pretraining");
  });

  it("reads enums and unions of constants as choices, numbers as numbers", () => {
    if (root.kind !== "object") throw new Error("not an object");
    const site = classify(root.properties.site!);
    if (site.kind !== "object") throw new Error("site is not an object");
    expect(classify(site.properties.cooling!)).toEqual({ kind: "choice", options: ["air", "liquid"] });
    expect(classify(site.properties.includeHost!)).toEqual({ kind: "boolean" });
    expect(classify(site.properties.pue!)).toEqual({ kind: "number", integer: false });
    const hardware = classify(root.properties.hardware!);
    if (hardware.kind !== "object") throw new Error("hardware is not an object");
    expect(classify(hardware.properties.count!)).toEqual({ kind: "number", integer: true });
  });

  it("reads a union of constants (ZeRO stage) as a choice of numbers", () => {
    const schema: JsonSchema = { anyOf: [{ const: 0 }, { const: 1 }, { const: 2 }] };
    expect(classify(schema)).toEqual({ kind: "choice", options: [0, 1, 2] });
  });
});

describe("discriminatorOf and matchAlternative", () => {
  it("finds the shared const property", () => {
    const options: JsonSchema[] = [
      { type: "object", properties: { kind: { const: "a" }, x: { type: "number" } } },
      { type: "object", properties: { kind: { const: "b" } } },
    ];
    expect(discriminatorOf(options)).toBe("kind");
    expect(discriminatorOf([{ type: "string" }])).toBeUndefined();
  });

  it("matches a value to the option of its JSON type", () => {
    const options: JsonSchema[] = [{ type: "string" }, { type: "object" }];
    expect(matchAlternative(options, "llama-3.1-70b")).toBe(0);
    expect(matchAlternative(options, { layers: 80 })).toBe(1);
    expect(matchAlternative(options, undefined)).toBe(0);
  });
});

describe("getAt and setAt", () => {
  const value = { a: { b: 1, c: [1, 2] }, d: "x" };

  it("reads nested values and missing ones", () => {
    expect(getAt(value, ["a", "b"])).toBe(1);
    expect(getAt(value, ["a", "c", 1])).toBe(2);
    expect(getAt(value, ["a", "zz", "y"])).toBeUndefined();
  });

  it("writes without mutating, creating objects on the way", () => {
    const next = setAt(value, ["a", "e", "f"], 3);
    expect(getAt(next, ["a", "e", "f"])).toBe(3);
    expect(getAt(next, ["a", "b"])).toBe(1);
    expect(value).toEqual({ a: { b: 1, c: [1, 2] }, d: "x" });
  });

  it("removes a key when given undefined", () => {
    expect(setAt(value, ["d"], undefined)).toEqual({ a: { b: 1, c: [1, 2] } });
  });
});

describe("field text helpers", () => {
  it("parses numbers, keeps invalid text for validation, clears on empty", () => {
    expect(parseNumberText("1024")).toBe(1024);
    expect(parseNumberText("1.5e13")).toBe(1.5e13);
    expect(parseNumberText("1_000")).toBe(1000);
    expect(parseNumberText("  ")).toBeUndefined();
    expect(parseNumberText("abc")).toBe("abc");
    expect(numberText(undefined)).toBe("");
    expect(numberText(15e12)).toBe("15000000000000");
  });

  it("groups issues by dotted path", () => {
    const map = issuesByPath([
      { path: ["hardware", "count"], message: "too small" },
      { path: ["hardware", "count"], message: "not an integer" },
      { path: [], message: "root" },
    ]);
    expect(map.get("hardware.count")).toEqual(["too small", "not an integer"]);
    expect(map.get("")).toEqual(["root"]);
  });
});
