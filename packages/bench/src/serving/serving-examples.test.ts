import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as core from "@aifactory/core";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as bench from "../index";

/**
 * Every `@example` of the sweep, measured-run, report and batching-server modules, run against the package's
 * public API (the examples start their own batching test server on 127.0.0.1).
 */
const FILES = ["batching-test-server.ts", "serving-sweep.ts", "serving-report.ts", "measured-serving.ts"];
const root = fileURLToPath(new URL(".", import.meta.url));

const examples: Array<{ name: string; code: string }> = [];
for (const file of FILES) {
  const text = readFileSync(`${root}${file}`, "utf8");
  for (const match of text.matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g)) {
    const body = (match[1] ?? "")
      .split("\n")
      .map((line) => line.replace(/^\s*\* ?/, ""))
      .join("\n");
    examples.push({ name: `${file}:${text.slice(0, match.index).split("\n").length}`, code: body });
  }
}

describe("TSDoc examples of the serving modules run", () => {
  it("found the examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(20);
  });

  it.each(examples.map((e) => [e.name, e.code] as const))(
    "%s",
    async (_name, code) => {
      const names: Record<"bench" | "core", Set<string>> = { bench: new Set(), core: new Set() };
      const body = code.replace(
        /import\s*(type\s*)?\{([^}]*)\}\s*from\s*"@aifactory\/(bench|core)";?/g,
        (_all, typeOnly: string | undefined, list: string, from: "bench" | "core") => {
          if (typeOnly !== undefined) return "";
          for (const part of list.split(",")) {
            const name = part.trim();
            if (name !== "" && !name.startsWith("type ")) names[from].add(name);
          }
          return "";
        },
      );
      const js = ts.transpileModule(`(async () => {\n${body}\n})()`, {
        compilerOptions: { target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const run = new Function(
        "bench",
        "core",
        `const { ${[...names.bench].join(", ")} } = bench;\nconst { ${[...names.core].join(", ")} } = core;\nreturn ${js}`,
      ) as (benchApi: unknown, coreApi: unknown) => Promise<void>;
      await expect(run(bench, core)).resolves.toBeUndefined();
    },
    20_000,
  );
});
