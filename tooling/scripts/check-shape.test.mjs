// Tests of the internal-boundary check in tooling/scripts/check-shape.mjs (node:test; `pnpm test` runs them, or
// `node --test tooling/scripts/`), on small packages written to a temporary folder, and on the real packages.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { internalBoundaryProblems } from "./check-shape.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const scratch = mkdtempSync(join(tmpdir(), "check-shape-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const rootExport = {
  source: "./src/index.ts",
  import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
  require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
};
const internalExport = {
  source: "./src/internal.ts",
  import: { types: "./dist/internal.d.ts", default: "./dist/internal.js" },
  require: { types: "./dist/internal.d.cts", default: "./dist/internal.cjs" },
};
const HOT = `/**\n * A hot-path helper.\n *\n * @internal\n */\nexport function hot(): number {\n  return 1;\n}\n`;
const PUBLIC = `/** A public model. */\nexport function model(): number {\n  return 2;\n}\n`;

let count = 0;
/** Writes a package into the scratch folder and returns its folder. */
function writePackage({
  exports,
  index,
  internal,
  tsupEntry = '["src/index.ts", "src/internal.ts"], splitting: true',
}) {
  count += 1;
  const dir = join(scratch, `pkg-${count}`);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `@scratch/pkg-${count}`, exports }));
  writeFileSync(join(dir, "tsup.config.ts"), `export default { entry: ${tsupEntry} };\n`);
  writeFileSync(join(dir, "src/hot.ts"), HOT);
  writeFileSync(join(dir, "src/model.ts"), PUBLIC);
  writeFileSync(join(dir, "src/index.ts"), index);
  if (internal !== undefined) writeFileSync(join(dir, "src/internal.ts"), internal);
  return dir;
}

describe("internalBoundaryProblems", () => {
  it("accepts a package whose internals are only in its internal entry point", () => {
    const dir = writePackage({
      exports: { ".": rootExport, "./internal": internalExport, "./package.json": "./package.json" },
      index: 'export { model } from "./model";\n',
      internal: 'export { hot } from "./hot";\n',
    });
    assert.deepEqual(internalBoundaryProblems(dir), []);
  });

  it("fails when a public index re-exports a symbol tagged @internal", () => {
    const dir = writePackage({
      exports: { ".": rootExport, "./package.json": "./package.json" },
      index: 'export { model } from "./model";\nexport { hot as fast } from "./hot";\n',
    });
    const problems = internalBoundaryProblems(dir);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /public entry \. \(\.\/src\/index\.ts\) exports fast, tagged @internal at .*hot\.ts:6/);
  });

  it("follows export * to an @internal declaration", () => {
    const dir = writePackage({ exports: { ".": rootExport }, index: 'export * from "./hot";\n' });
    assert.match(internalBoundaryProblems(dir).join("\n"), /exports hot, tagged @internal/);
  });

  it("fails when src/internal.ts is not in package.json exports", () => {
    const dir = writePackage({
      exports: { ".": rootExport },
      index: 'export { model } from "./model";\n',
      internal: 'export { hot } from "./hot";\n',
    });
    assert.match(internalBoundaryProblems(dir).join("\n"), /no "\.\/internal" entry/);
  });

  it("fails when the internal entry lacks a condition or the tsup entry", () => {
    const { require: _dropped, ...importOnly } = internalExport;
    const dir = writePackage({
      exports: { ".": rootExport, "./internal": importOnly },
      index: 'export { model } from "./model";\n',
      internal: 'export { hot } from "./hot";\n',
      tsupEntry: '["src/index.ts"], splitting: true',
    });
    const problems = internalBoundaryProblems(dir).join("\n");
    assert.match(problems, /exports\["\.\/internal"\] is/);
    assert.match(problems, /tsup\.config\.ts does not build "src\/internal\.ts"/);
  });

  it("fails when the two entry points are built without splitting", () => {
    const dir = writePackage({
      exports: { ".": rootExport, "./internal": internalExport },
      index: 'export { model } from "./model";\n',
      internal: 'export { hot } from "./hot";\n',
      tsupEntry: '["src/index.ts", "src/internal.ts"]',
    });
    assert.match(internalBoundaryProblems(dir).join("\n"), /without "splitting: true"/);
  });

  it("fails when an internal export is not tagged @internal", () => {
    const dir = writePackage({
      exports: { ".": rootExport, "./internal": internalExport },
      index: 'export { model } from "./model";\n',
      internal: 'export { hot } from "./hot";\nexport { model } from "./model";\n',
    });
    assert.match(internalBoundaryProblems(dir).join("\n"), /exports model .* without an @internal TSDoc tag/);
  });

  it("passes for every package of the repository", () => {
    for (const name of readdirSync(join(root, "packages"))) {
      const dir = join(root, "packages", name);
      try {
        assert.deepEqual(internalBoundaryProblems(dir), [], name);
      } catch (error) {
        if (error?.code === "ENOENT") continue;
        throw error;
      }
    }
  });
});
