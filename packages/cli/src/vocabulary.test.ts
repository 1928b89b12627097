import { readFileSync } from "node:fs";
import * as bench from "@aifactory/bench";
import * as core from "@aifactory/core";
import * as economics from "@aifactory/economics";
import * as energy from "@aifactory/energy";
import * as hardware from "@aifactory/hardware";
import * as kernels from "@aifactory/kernels";
import * as memory from "@aifactory/memory";
import * as planner from "@aifactory/planner";
import * as workloads from "@aifactory/workloads";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  glossaryMarkdown,
  LEGACY_NAMES,
  UNIT_SUFFIXES,
  VOCABULARY,
  vocabularyProblem,
} from "../../../tooling/vocabulary/vocabulary";

const PACKAGES: Record<string, Record<string, unknown>> = {
  core,
  hardware,
  workloads,
  energy,
  economics,
  planner,
  memory,
  kernels,
  bench,
};

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } })?._zod?.def;
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** The value type under wrappers (optional, default, ...) and pipes. */
function kindOf(schema: unknown): string {
  const def = defOf(schema);
  if (def === undefined) return "unknown";
  if (WRAPPERS.has(def.type)) return kindOf(def.innerType);
  if (def.type === "pipe") return kindOf(def.in);
  return def.type;
}

/** Every numeric field name of the exported zod schemas, with the packages that use it. */
function numericFieldNames(): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const seen = new Set<unknown>();
  const walk = (schema: unknown, where: string): void => {
    const def = defOf(schema);
    if (def === undefined || seen.has(schema)) return;
    seen.add(schema);
    switch (def.type) {
      case "object":
        for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) {
          if (kindOf(value) === "number") names.set(key, (names.get(key) ?? new Set()).add(where));
          walk(value, where);
        }
        break;
      case "array":
        walk(def.element, where);
        break;
      case "union":
        for (const option of def.options as unknown[]) walk(option, where);
        break;
      case "intersection":
        walk(def.left, where);
        walk(def.right, where);
        break;
      case "record":
        walk(def.valueType, where);
        break;
      case "tuple":
        for (const item of def.items as unknown[]) walk(item, where);
        break;
      case "lazy":
        walk((def.getter as () => unknown)(), where);
        break;
      case "pipe":
        walk(def.in, where);
        walk(def.out, where);
        break;
      default:
        if (def.innerType !== undefined) walk(def.innerType, where);
    }
  };
  for (const [name, exports] of Object.entries(PACKAGES)) {
    for (const value of Object.values(exports)) if (value instanceof z.ZodType) walk(value, name);
  }
  return names;
}

describe("one vocabulary (docs: guides/glossary.md)", () => {
  const names = numericFieldNames();

  it("walks the SDK's schemas", () => {
    // A sanity check that the walk reaches into nested schemas of every package.
    expect(names.size).toBeGreaterThan(250);
    expect(names.get("tdpWatts")).toContain("hardware");
    expect(names.get("tp")).toContain("workloads");
  });

  it("every numeric field name follows the glossary (or is a listed legacy name with its replacement)", () => {
    const problems: string[] = [];
    for (const [name, where] of names) {
      const problem = vocabularyProblem(name);
      if (problem !== undefined && LEGACY_NAMES[name] === undefined) {
        problems.push(`${name} (${[...where].join(", ")}): ${problem}`);
      }
    }
    expect(problems, "rename these fields, or extend tooling/vocabulary/vocabulary.ts and the glossary").toEqual([]);
  });

  it("the legacy list only shrinks: every listed name still occurs and still breaks the glossary", () => {
    const stale = Object.keys(LEGACY_NAMES).filter((name) => !names.has(name) || vocabularyProblem(name) === undefined);
    expect(stale, "remove these from LEGACY_NAMES in tooling/vocabulary/vocabulary.ts").toEqual([]);
  });

  it("the glossary page is generated from the vocabulary and lists every unit and replaced name", () => {
    const page = readFileSync(new URL("../../../apps/docs/guides/glossary.md", import.meta.url), "utf8");
    expect(page, "regenerate: node --import tsx tooling/vocabulary/write-glossary.ts").toBe(glossaryMarkdown());
    for (const unit of UNIT_SUFFIXES) expect(page).toContain(`\`${unit.suffix}\``);
    for (const entry of VOCABULARY) {
      expect(page).toContain(`\`${entry.name}\``);
      for (const old of entry.insteadOf) expect(page).toContain(`\`${old}\``);
    }
  });
});
