import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { satisfiesSimpleRange, templateProblems } from "./check-template.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

test("caret ranges on 0.x fix the minor version, as npm does", () => {
  assert.equal(satisfiesSimpleRange("0.1.0", "^0.1.0"), true);
  assert.equal(satisfiesSimpleRange("0.1.7", "^0.1.0"), true);
  assert.equal(satisfiesSimpleRange("0.2.0", "^0.1.0"), false);
  assert.equal(satisfiesSimpleRange("0.0.9", "^0.1.0"), false);
  assert.equal(satisfiesSimpleRange("1.4.0", "^1.2.3"), true);
  assert.equal(satisfiesSimpleRange("2.0.0", "^1.2.3"), false);
  assert.equal(satisfiesSimpleRange("0.1.9", "~0.1.2"), true);
  assert.equal(satisfiesSimpleRange("0.1.0", "0.1.0"), true);
  assert.equal(satisfiesSimpleRange("0.1.0", "workspace:*"), undefined);
});

test("the template in the repository uses published ranges the current versions satisfy and its own configs", () => {
  const packages = readdirSync(join(root, "packages"))
    .filter((folder) => existsSync(join(root, "packages", folder, "package.json")))
    .map((folder) => JSON.parse(readFileSync(join(root, "packages", folder, "package.json"), "utf8")));
  assert.deepEqual(templateProblems(join(root, "examples/plugin-template"), packages), []);
});

test("workspace ranges, ranges a release left behind and configs reaching out of the folder are named", () => {
  const dir = mkdtempSync(join(tmpdir(), "aif-template-test-"));
  try {
    mkdirSync(join(dir, "src"));
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({
        dependencies: { "@aifactory/core": "workspace:*" },
        devDependencies: { "@aifactory/planner": "^0.1.0", "@aifactory/nope": "^0.1.0" },
      }),
    );
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../../tooling/tsconfig/library.json" }));
    writeFileSync(join(dir, "vitest.config.ts"), "export default {};\n");
    const problems = templateProblems(dir, [
      { name: "@aifactory/core", version: "0.1.0" },
      { name: "@aifactory/planner", version: "0.2.0" },
    ]);
    assert.deepEqual(problems, [
      'dependencies.@aifactory/core: "workspace:*" is not a published range such as ^0.1.0',
      'devDependencies.@aifactory/planner: "^0.1.0" does not accept the current version 0.2.0 (use ^0.2.0)',
      "devDependencies.@aifactory/nope: no public package of that name was packed",
      "tsconfig.json: reaches outside the folder (../)",
      "biome.json: missing (the template needs its own)",
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
