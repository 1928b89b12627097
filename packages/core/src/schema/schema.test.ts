import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toJsonSchema } from "./json-schema";
import { finitePositive, isoDate, kebabId, rangeSchema, ratio } from "./primitives";
import { sourceSchema, sourcesSchema } from "./source";

describe("primitives", () => {
  it("accept and reject what their names promise", () => {
    expect(finitePositive.safeParse(1).success).toBe(true);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(finitePositive.safeParse(bad).success).toBe(false);
    expect(ratio.safeParse(0).success).toBe(true);
    expect(ratio.safeParse(1).success).toBe(true);
    expect(ratio.safeParse(1.01).success).toBe(false);
    expect(kebabId.safeParse("llama-3.1-70b").success).toBe(true);
    expect(kebabId.safeParse("Llama_3").success).toBe(false);
    expect(kebabId.safeParse("-x").success).toBe(false);
    expect(isoDate.safeParse("2024-03-01").success).toBe(true);
    expect(isoDate.safeParse("03/2024").success).toBe(false);
    expect(rangeSchema.safeParse({ min: 15, max: 575 }).success).toBe(true);
    expect(rangeSchema.safeParse({ min: 2, max: 1 }).success).toBe(false);
  });

  it("ratio accepts exactly [0, 1]", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        expect(ratio.safeParse(x).success).toBe(x >= 0 && x <= 1);
      }),
    );
  });
});

describe("sources", () => {
  const source = {
    title: "NVIDIA H100 Tensor Core GPU datasheet",
    url: "https://www.nvidia.com/en-us/data-center/h100/",
    publisher: "NVIDIA",
    date: "2023",
    locator: "Specifications table",
    evidence: "verified",
  } as const;

  it("accepts a full citation and requires at least one per entry", () => {
    expect(sourceSchema.parse(source)).toEqual(source);
    expect(sourcesSchema.safeParse([]).success).toBe(false);
    expect(sourceSchema.safeParse({ ...source, evidence: "rumour" }).success).toBe(false);
    expect(sourceSchema.safeParse({ ...source, url: "not a url" }).success).toBe(false);
  });
});

describe("JSON Schema export", () => {
  it("exports the Source schema (snapshot)", () => {
    expect(
      toJsonSchema(sourceSchema, { id: "https://aifactory.dev/schemas/source.json", title: "Source" }),
    ).toMatchSnapshot();
  });
});
