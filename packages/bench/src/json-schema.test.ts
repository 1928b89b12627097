import { describe, expect, it } from "vitest";
import { benchJsonSchemas } from "./json-schema";

describe("JSON Schemas", () => {
  it("are generated for every public file format and stay stable", () => {
    const schemas = benchJsonSchemas();
    expect(Object.keys(schemas)).toEqual([
      "bench-results.schema.json",
      "calibration.schema.json",
      "serving-load-options.schema.json",
      "cluster-launch-options.schema.json",
    ]);
    expect(schemas["bench-results.schema.json"]?.title).toBe("aifactory bench result set");
    expect(schemas).toMatchSnapshot();
  });
});
