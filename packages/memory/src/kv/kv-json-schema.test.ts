import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toJsonSchema } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { kvTraceRequestSchema, parseKvTraceJsonl } from "./kv-trace";
import { kvCacheSimulationConfigSchema } from "./simulate-kv-cache";

describe("public KV-cache schemas", () => {
  it("export as JSON Schema (snapshot: a change here changes the documented formats)", () => {
    expect(toJsonSchema(kvTraceRequestSchema, { title: "KV trace request (one JSONL line)" })).toMatchSnapshot();
    expect(toJsonSchema(kvCacheSimulationConfigSchema, { title: "KV cache simulation config" })).toMatchSnapshot();
  });

  it("the trace example in docs/kv-cache.md parses", () => {
    const doc = readFileSync(join(__dirname, "../../docs/kv-cache.md"), "utf8");
    const block = /```jsonl\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const trace = parseKvTraceJsonl(block as string);
    expect(trace).toHaveLength(3);
    expect(trace[1]?.inputSegments?.slice(0, 3)).toEqual([
      ...(trace[0]?.inputSegments ?? []),
      ...(trace[0]?.outputSegments ?? []),
    ]);
  });
});
