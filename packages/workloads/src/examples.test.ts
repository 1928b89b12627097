import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as api from "./index";

/** Every `@example` of the training/architecture/search/deploy modules, run against the package's public API. */
const OWN = ["architecture", "collectives", "training", "search", "deploy"];
const root = fileURLToPath(new URL(".", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

const files = [
  ...OWN.flatMap((dir) => sourceFiles(join(root, dir))),
  join(root, "data", "architectures.ts"),
  join(root, "data", "matmul-efficiency.ts"),
  join(root, "data", "training-calibration.ts"),
];
const examples: { name: string; code: string }[] = [];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g)) {
    const body = (match[1] ?? "")
      .split("\n")
      .map((line) => line.replace(/^\s*\* ?/, ""))
      .join("\n");
    const line = text.slice(0, match.index).split("\n").length;
    examples.push({ name: `${file.slice(root.length)}:${line}`, code: body });
  }
}

describe("TSDoc examples run", () => {
  it("found the examples", () => {
    expect(examples.length).toBeGreaterThan(60);
  });

  it.each(examples.map((e) => [e.name, e.code] as const))("%s", (_name, code) => {
    const names = new Set<string>();
    const body = code.replace(/import\s*\{([^}]*)\}\s*from\s*"@aifactory\/workloads";?/g, (_all, list: string) => {
      for (const part of list.split(",")) {
        const name = part.replace(/^\s*type\s+/, "").trim();
        if (name !== "" && !/^type\s/.test(part.trim())) names.add(name);
      }
      return "";
    });
    const js = ts.transpileModule(body, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
    const run = new Function("api", `const { ${[...names].join(", ")} } = api;\n${js}`);
    expect(() => run(api)).not.toThrow();
  });
});
