#!/usr/bin/env node
// Checks the published shape of library packages: the internal boundary, `publint --strict` and `attw --pack`.
//   node tooling/scripts/check-shape.mjs [package-dir ...]   (default: every public package under packages/)
//   node tooling/scripts/check-shape.mjs --boundary [package-dir ...]   (the boundary check only; no build needed)
// Prints one line per check and, last, `shape: N passed, N failed`. Exits 1 if any check failed.
//
// The internal boundary: hot-path internals that other aifactory packages import for speed live in a package's
// `@aifactory/<name>/internal` entry point (`src/internal.ts`, no semver guarantee), never in a public one, so the
// public surface can stay stable. A public entry point (every `exports` entry with a TypeScript `source`, except
// `./internal`) must not export a declaration whose TSDoc carries `@internal`; every export of `src/internal.ts`
// must carry it; and an internal entry point must be built (tsup entry, with splitting so that both entry points
// share module state) and exported (package.json `exports` with `source`, `import` and `require`, types first)
// like the root one.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = (name) => join(root, "node_modules", ".bin", name);

function resolveModule(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  return [`${base}.ts`, base.replace(/\.js$/, ".ts"), join(base, "index.ts"), base].find(
    (path) => path.endsWith(".ts") && existsSync(path),
  );
}

function isExported(node) {
  return (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0;
}

/**
 * Every name a TypeScript module exports, with the declarations it resolves to, following `export { } from` and
 * `export * from` through relative modules (names re-exported from other packages are not followed).
 */
function moduleExports(file, cache = new Map()) {
  const cached = cache.get(file);
  if (cached) return cached;
  const exports = new Map();
  cache.set(file, exports);
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const locals = new Map();
  const add = (map, name, node) => map.set(name, [...(map.get(name) ?? []), node]);
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) add(locals, declaration.name.text, declaration);
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement) ||
        ts.isModuleDeclaration(statement)) &&
      statement.name
    ) {
      add(locals, statement.name.text, statement);
    }
  }
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier?.text;
      const target = specifier?.startsWith(".") ? resolveModule(file, specifier) : undefined;
      if (specifier && !target) continue;
      const targetExports = target ? moduleExports(target, cache) : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        for (const [name, nodes] of targetExports ?? []) if (name !== "default") exports.set(name, nodes);
      } else if (ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          const original = (element.propertyName ?? element.name).text;
          const nodes = targetExports ? targetExports.get(original) : locals.get(original);
          exports.set(element.name.text, nodes ?? []);
        }
      }
    } else if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) exports.set(declaration.name.text, [declaration]);
      }
    } else if (statement.name && isExported(statement)) {
      exports.set(statement.name.text, locals.get(statement.name.text) ?? [statement]);
    }
  }
  return exports;
}

function isTaggedInternal(node) {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === "internal");
}

function where(node) {
  const source = node.getSourceFile();
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return `${relative(root, source.fileName)}:${line + 1}`;
}

const INTERNAL_EXPORT = {
  source: "./src/internal.ts",
  import: { types: "./dist/internal.d.ts", default: "./dist/internal.js" },
  require: { types: "./dist/internal.d.cts", default: "./dist/internal.cjs" },
};

/**
 * Problems of a package's internal boundary (see the header), one sentence each; empty when there are none.
 *
 * @param {string} dir - the package's folder
 * @returns {string[]} the problems
 */
export function internalBoundaryProblems(dir) {
  const problems = [];
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const entries = Object.entries(pkg.exports ?? {});
  const hasSource = existsSync(join(dir, "src/internal.ts"));
  const internalEntry = pkg.exports?.["./internal"];
  if (hasSource || internalEntry) {
    if (!hasSource) problems.push(`package.json exports "./internal" but src/internal.ts does not exist`);
    if (!internalEntry) {
      problems.push(`src/internal.ts exists but package.json "exports" has no "./internal" entry`);
    } else if (JSON.stringify(internalEntry) !== JSON.stringify(INTERNAL_EXPORT)) {
      problems.push(
        `package.json exports["./internal"] is ${JSON.stringify(internalEntry)}; expected ${JSON.stringify(INTERNAL_EXPORT)} (types first, like the root entry)`,
      );
    }
    const tsupConfig = join(dir, "tsup.config.ts");
    const tsupText = existsSync(tsupConfig) ? readFileSync(tsupConfig, "utf8") : "";
    if (!tsupText.includes('"src/internal.ts"')) {
      problems.push(`tsup.config.ts does not build "src/internal.ts" (add it to the entry list)`);
    }
    // Without splitting, the CommonJS build gives each entry point its own copy of every module it reaches, so
    // the internal entry point would clear or fill other caches than the public one uses.
    if (!/splitting:\s*true/.test(tsupText)) {
      problems.push(
        `tsup.config.ts builds two entry points without "splitting: true" (CommonJS would duplicate modules)`,
      );
    }
    if (pkg.typesVersions && JSON.stringify(pkg.typesVersions["*"]?.internal) !== '["./dist/internal.d.cts"]') {
      problems.push(`package.json typesVersions["*"].internal should be ["./dist/internal.d.cts"] (node10 resolution)`);
    }
    if (hasSource) {
      for (const [name, nodes] of moduleExports(join(dir, "src/internal.ts"))) {
        if (nodes.length === 0) problems.push(`src/internal.ts exports ${name}, whose declaration was not found`);
        else if (!nodes.some(isTaggedInternal)) {
          problems.push(`src/internal.ts exports ${name} (${where(nodes[0])}) without an @internal TSDoc tag`);
        }
      }
    }
  }
  for (const [key, target] of entries) {
    const source = typeof target === "object" && target !== null ? target.source : undefined;
    if (key === "./internal" || typeof source !== "string" || !source.endsWith(".ts")) continue;
    const file = join(dir, source);
    if (!existsSync(file)) continue;
    for (const [name, nodes] of moduleExports(file)) {
      const tagged = nodes.find(isTaggedInternal);
      if (tagged) {
        problems.push(
          `public entry ${key} (${source}) exports ${name}, tagged @internal at ${where(tagged)}: export it from src/internal.ts instead`,
        );
      }
    }
  }
  return problems;
}

function main() {
  const args = process.argv.slice(2);
  const boundaryOnly = args.includes("--boundary");
  let dirs = args.filter((arg) => arg !== "--boundary").map((d) => resolve(d));
  if (dirs.length === 0) {
    dirs = readdirSync(join(root, "packages"))
      .map((name) => join(root, "packages", name))
      .filter((dir) => existsSync(join(dir, "package.json")));
  }
  let passed = 0;
  let failed = 0;
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    if (pkg.private) continue;
    const problems = internalBoundaryProblems(dir);
    if (problems.length === 0) {
      passed += 1;
      console.log(`ok   ${pkg.name}: internal boundary`);
    } else {
      failed += 1;
      console.log(`FAIL ${pkg.name}: internal boundary\n${problems.map((p) => `  ${p}`).join("\n")}`);
    }
    if (boundaryOnly) continue;
    if (!existsSync(join(dir, "dist"))) {
      console.log(`FAIL ${pkg.name}: no dist/ (run pnpm build first)`);
      failed += 2;
      continue;
    }
    const checks = [
      ["publint --strict", bin("publint"), ["--strict", "--level", "warning"]],
      ["attw --pack", bin("attw"), ["--pack", ".", "--format", "table-flipped", "--no-emoji"]],
    ];
    for (const [label, command, args] of checks) {
      const result = spawnSync(command, args, { cwd: dir, encoding: "utf8", timeout: 120_000 });
      if (result.status === 0) {
        passed += 1;
        console.log(`ok   ${pkg.name}: ${label}`);
      } else {
        failed += 1;
        console.log(`FAIL ${pkg.name}: ${label}\n${(result.stdout ?? "") + (result.stderr ?? "")}`);
      }
    }
  }
  console.log(`shape: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
