import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * Runs every TSDoc `@example` of a package as a test.
 *
 * Each ```ts block under an `@example` tag of `src/**\/*.ts` (tests excluded) becomes one vitest test: its
 * imports are loaded (`@aifactory/*` from the workspace sources, a relative path from the example's own
 * folder (for `@internal` helpers the package does not export), anything else through the package's own
 * `load`), every imported value name must be exported by its module, and the rest of the block is
 * transpiled and run inside an async function, so `await` works. A throw, a rejection or a timeout fails
 * the test; so does a block that is only imports. The blocks are also type-checked, in one program shared
 * by all packages (see {@link typecheckWorkspaceExamples}). Blocks in other languages (```sh) are counted,
 * not run.
 *
 * A block whose first line is `// not run in tests: <reason>` is skipped (still type-checked); readers see
 * the same line in the docs. Keep such marks for examples that start a server on a fixed port or stdio,
 * need a GPU, the network or a PostgreSQL server, write outside a temporary folder, or run for long.
 */

/** One fenced code block under an `@example` tag. */
export interface TsdocExample {
  /** `path/from/src.ts:line` of the block's first code line. */
  name: string;
  /** Absolute path of the source file. */
  file: string;
  /** 1-based line of the block's first code line in `file`. */
  line: number;
  /** The fence's language (`ts`, `sh`, ...). */
  language: string;
  /** The block's code with the TSDoc ` * ` prefixes removed. */
  code: string;
  /** The reason given by a `// not run in tests: <reason>` first line, if any. */
  skipReason?: string;
}

/** Options of {@link describeTsdocExamples}. */
export interface TsdocExamplesOptions {
  /** The package's folder, e.g. `new URL("..", import.meta.url)` from `src/tsdoc-examples.test.ts`. */
  packageUrl: URL;
  /** Imports a non-workspace module (a dependency, a node builtin) from the package: `(s) => import(s)`. */
  load: (specifier: string) => Promise<unknown>;
  /** Wall-clock limit of one example; default 10 s. */
  timeoutMs?: number;
  /**
   * Type-check the TypeScript blocks (default true; `TSDOC_EXAMPLES_TYPECHECK=0` turns it off), with one
   * program shared by all packages (see {@link typecheckWorkspaceExamples}).
   */
  typecheck?: boolean;
  /** Wall-clock limit of the type-check test, waiting for another worker included; default 240 s. */
  typecheckTimeoutMs?: number;
}

const SKIP_MARK = /^\/\/\s*not run in tests:\s*(\S.*)$/;
const TS_LANGUAGES = new Set(["ts", "typescript"]);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : sourceFiles(path);
      const source = entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts");
      return source && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
    });
}

/**
 * Collects the fenced blocks under `@example` tags of every non-test `.ts` file below `srcDir`.
 *
 * @param srcDir - absolute path of a package's `src` folder
 * @returns the blocks in file and line order
 */
export function collectTsdocExamples(srcDir: string): TsdocExample[] {
  const examples: TsdocExample[] = [];
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, "utf8");
    for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
      const lines = comment[0].split("\n");
      const firstLine = text.slice(0, comment.index).split("\n").length;
      let inExample = false;
      let fence: { language: string; line: number; body: string[] } | undefined;
      lines.forEach((raw, index) => {
        const line = raw.replace(/^\s*\/?\*+\/?\s?/, "").replace(/\s*\*\/$/, "");
        if (fence) {
          if (/^\s*```\s*$/.test(line)) {
            const code = fence.body.join("\n");
            const first = code.split("\n").find((l) => l.trim() !== "") ?? "";
            const skipReason = SKIP_MARK.exec(first.trim())?.[1];
            examples.push({
              name: `${relative(srcDir, file)}:${fence.line}`,
              file,
              line: fence.line,
              language: fence.language,
              code,
              ...(skipReason === undefined ? {} : { skipReason }),
            });
            fence = undefined;
          } else fence.body.push(line);
          return;
        }
        if (/^@\w+/.test(line.trim())) inExample = line.trim().startsWith("@example");
        const open = /^\s*```(\w*)\s*$/.exec(line);
        if (inExample && open) fence = { language: open[1] ?? "", line: firstLine + index + 1, body: [] };
      });
    }
  }
  return examples;
}

interface WorkspacePackage {
  dir: string;
  exports: Record<string, unknown>;
}

let workspace: Map<string, WorkspacePackage> | undefined;

function workspacePackages(): Map<string, WorkspacePackage> {
  if (workspace) return workspace;
  workspace = new Map();
  for (const entry of readdirSync(join(repoRoot, "packages"), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(repoRoot, "packages", entry.name);
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name?: string;
        exports?: Record<string, unknown>;
      };
      if (manifest.name) workspace.set(manifest.name, { dir, exports: manifest.exports ?? {} });
    } catch {
      // a folder without a package.json is not a package
    }
  }
  return workspace;
}

/**
 * The file a workspace specifier names: the `source` of a workspace package's export (e.g.
 * `@aifactory/kernels/builtin`), or a module beside the example for a relative specifier (the examples of
 * `@internal` helpers, which the package does not export); undefined for anything else.
 */
function workspaceSource(specifier: string, example: TsdocExample): string | undefined {
  if (specifier.startsWith(".")) {
    const base = resolve(dirname(example.file), specifier);
    const found = [base, `${base}.ts`, join(base, "index.ts")].find((path) => /\.ts$/.test(path) && existsSync(path));
    if (!found) throw new Error(`${example.name}: cannot find "${specifier}"`);
    return found;
  }
  const match = /^(@aifactory\/[^/]+)(\/.*)?$/.exec(specifier);
  if (!match?.[1]) return undefined;
  const pkg = workspacePackages().get(match[1]);
  if (!pkg) throw new Error(`"${specifier}": no workspace package is named ${match[1]}`);
  const target = pkg.exports[`.${match[2] ?? ""}`];
  const source =
    typeof target === "string" ? target : ((target as { source?: unknown } | undefined)?.source ?? undefined);
  if (typeof source !== "string") throw new Error(`"${specifier}" is not an export of ${match[1]}`);
  return join(pkg.dir, source);
}

interface Binding {
  local: string;
  /** The exported name, or undefined for a namespace import. */
  imported: string | undefined;
}

interface ParsedExample {
  imports: { specifier: string; bindings: Binding[] }[];
  /** The code with the import declarations blanked out (line numbers kept). */
  body: string;
  statements: number;
}

function parseExample(example: TsdocExample): ParsedExample {
  const source = ts.createSourceFile("example.ts", example.code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const imports: ParsedExample["imports"] = [];
  let body = example.code;
  let statements = 0;
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) {
      statements += 1;
      continue;
    }
    const start = statement.getStart(source);
    body = body.slice(0, start) + body.slice(start, statement.end).replace(/[^\n]/g, " ") + body.slice(statement.end);
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    const clause = statement.importClause;
    const bindings: Binding[] = [];
    if (clause && !clause.isTypeOnly) {
      if (clause.name) bindings.push({ local: clause.name.text, imported: "default" });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindings.push({ local: named.name.text, imported: undefined });
      if (named && ts.isNamedImports(named)) {
        for (const element of named.elements) {
          if (element.isTypeOnly) continue;
          bindings.push({ local: element.name.text, imported: (element.propertyName ?? element.name).text });
        }
      }
    }
    if (!clause?.isTypeOnly) imports.push({ specifier, bindings });
  }
  return { imports, body, statements };
}

const AsyncFunction = (async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

const quietConsole = new Proxy(console, { get: (target, key) => (key in target ? () => {} : undefined) });

/**
 * Runs one TypeScript example: loads its imports, checks every imported name exists, transpiles the rest
 * and awaits it with a timeout.
 *
 * @param example - a block from {@link collectTsdocExamples}
 * @param load - imports a non-workspace module from the example's package
 * @param timeoutMs - wall-clock limit
 * @throws Error when the block is only imports, imports a name its module does not export, throws, rejects
 *   or runs past `timeoutMs`
 */
export async function runTsdocExample(
  example: TsdocExample,
  load: (specifier: string) => Promise<unknown>,
  timeoutMs = 10_000,
): Promise<void> {
  const parsed = parseExample(example);
  if (parsed.statements === 0) {
    throw new Error(`${example.name}: the example is only imports; show a call and its result`);
  }
  const names: string[] = [];
  const values: unknown[] = [];
  for (const { specifier, bindings } of parsed.imports) {
    const path = workspaceSource(specifier, example);
    const module = (await (path === undefined ? load(specifier) : import(/* @vite-ignore */ path))) as Record<
      string,
      unknown
    >;
    for (const { local, imported } of bindings) {
      if (imported !== undefined && module[imported] === undefined) {
        throw new Error(`${example.name}: "${specifier}" does not export "${imported}"`);
      }
      names.push(local);
      values.push(imported === undefined ? module : module[imported]);
    }
  }
  const js = ts
    .transpileModule(parsed.body, {
      fileName: `${example.file}.example-${example.line}.ts`,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: false },
      reportDiagnostics: false,
    })
    .outputText.replace(/^export \{\};\s*$/m, "");
  const run = new AsyncFunction(...names, "console", `"use strict";\n${js}\n//# sourceURL=${example.name}`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${example.name}: still running after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([run(...values, quietConsole), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One type error of an example: the source file, the line in it, and the message. */
export interface TsdocExampleDiagnostic {
  /** Path of the source file holding the example, relative to the repository root. */
  file: string;
  line: number;
  text: string;
}

/**
 * Type-checks TypeScript examples as one program of virtual files, each beside its source file, under the
 * options of a package `tsconfig.json` (every package extends the same `tooling/tsconfig/library.json`, so
 * `@aifactory/*` resolve to their sources through the `source` condition and relative imports resolve from
 * the example's own folder).
 *
 * @param examples - blocks from {@link collectTsdocExamples}
 * @param tsconfigPath - absolute path of the `tsconfig.json` whose options apply
 * @returns one entry per diagnostic
 */
export function typecheckTsdocExamples(
  examples: readonly TsdocExample[],
  tsconfigPath: string,
): TsdocExampleDiagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${tsconfigPath}`);
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, skipLibCheck: true, incremental: false };
  const virtual = new Map<string, TsdocExample>();
  examples.forEach((example, index) => {
    virtual.set(join(dirname(example.file), `__tsdoc_example_${index}__.ts`), example);
  });
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (path) => virtual.has(path) || fileExists.call(host, path);
  host.readFile = (path) => virtual.get(path)?.code ?? readFile.call(host, path);
  host.getSourceFile = (path, languageVersion, onError, shouldCreate) => {
    const example = virtual.get(path);
    if (example) return ts.createSourceFile(path, example.code, languageVersion, true, ts.ScriptKind.TS);
    return getSourceFile.call(host, path, languageVersion, onError, shouldCreate);
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  const diagnostics: TsdocExampleDiagnostic[] = [];
  for (const [path, example] of virtual) {
    const file = program.getSourceFile(path);
    if (!file) continue;
    for (const diagnostic of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
      const line = diagnostic.start === undefined ? 0 : file.getLineAndCharacterOfPosition(diagnostic.start).line;
      diagnostics.push({
        file: relative(repoRoot, example.file),
        line: example.line + line,
        text: `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n  ")}`,
      });
    }
  }
  return diagnostics;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Type-checks the examples of every workspace package in one program, once per state of the sources.
 *
 * Parsing and binding the sources, zod and the Node types is most of the cost (seconds), and it is the same
 * for every package, so the package test that comes first computes the diagnostics of all packages and
 * stores them under `node_modules/.cache/tsdoc-examples`, keyed by a hash of the TypeScript version, the
 * shared tsconfig files, this file and every package source; the other package tests of the run (and later
 * runs with unchanged sources) read them. A lock file keeps two test workers from computing it at once.
 *
 * @returns the diagnostics of all packages' examples
 */
export async function typecheckWorkspaceExamples(): Promise<TsdocExampleDiagnostic[]> {
  const packageDirs = [...workspacePackages().values()].map((pkg) => pkg.dir).sort();
  const files = packageDirs.flatMap((dir) => (existsSync(join(dir, "src")) ? sourceFiles(join(dir, "src")) : []));
  const configDir = join(repoRoot, "tooling", "tsconfig");
  const hash = createHash("sha256")
    .update(ts.version)
    .update(readFileSync(fileURLToPath(import.meta.url)));
  for (const name of readdirSync(configDir).sort()) hash.update(name).update(readFileSync(join(configDir, name)));
  for (const file of files) hash.update(relative(repoRoot, file)).update("\0").update(readFileSync(file));
  const cacheDir = join(repoRoot, "node_modules", ".cache", "tsdoc-examples");
  const result = join(cacheDir, `typecheck-${hash.digest("hex").slice(0, 16)}.json`);
  const lock = `${result}.lock`;
  mkdirSync(cacheDir, { recursive: true });
  for (;;) {
    if (existsSync(result)) return JSON.parse(readFileSync(result, "utf8")) as TsdocExampleDiagnostic[];
    let fd: number | undefined;
    try {
      fd = openSync(lock, "wx");
    } catch {
      // another worker is computing it
    }
    if (fd !== undefined) {
      try {
        const examples = packageDirs
          .filter((dir) => existsSync(join(dir, "src")))
          .flatMap((dir) => collectTsdocExamples(join(dir, "src")))
          .filter((example) => TS_LANGUAGES.has(example.language));
        const diagnostics = typecheckTsdocExamples(examples, join(packageDirs[0] as string, "tsconfig.json"));
        for (const old of readdirSync(cacheDir)) {
          if (/^typecheck-\w+\.json$/.test(old)) rmSync(join(cacheDir, old), { force: true });
        }
        const temporary = `${result}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(diagnostics));
        renameSync(temporary, result);
        return diagnostics;
      } finally {
        closeSync(fd);
        rmSync(lock, { force: true });
      }
    }
    const lockAgeMs = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (lockAgeMs > 180_000) rmSync(lock, { force: true }); // a worker died while holding it
    await sleep(200);
  }
}

/**
 * Registers the vitest tests of a package's TSDoc examples: one test per TypeScript block (skipped with its
 * reason when marked `// not run in tests: <reason>`), a count test, and a type-check test.
 *
 * @param options - the package folder, its module loader and limits
 * @example
 * ```ts
 * // not run in tests: registers vitest tests, so it belongs in a package's src/tsdoc-examples.test.ts
 * import { describeTsdocExamples } from "../../../tooling/vitest/tsdoc-examples.ts";
 * describeTsdocExamples({ packageUrl: new URL("..", import.meta.url), load: (specifier) => import(specifier) });
 * ```
 */
export function describeTsdocExamples(options: TsdocExamplesOptions): void {
  const packageDir = fileURLToPath(options.packageUrl);
  const all = collectTsdocExamples(join(packageDir, "src"));
  const typescript = all.filter((example) => TS_LANGUAGES.has(example.language));
  const skipped = typescript.filter((example) => example.skipReason !== undefined);
  const timeoutMs = options.timeoutMs ?? 10_000;

  describe("TSDoc examples", () => {
    // Load every module the examples import once, so the first example's limit does not pay for transforming
    // the package graph (seconds on a loaded machine).
    beforeAll(async () => {
      const specifiers = new Set<string>();
      for (const example of typescript) {
        if (example.skipReason !== undefined) continue;
        for (const { specifier } of parseExample(example).imports) {
          if (!specifier.startsWith(".")) specifiers.add(specifier);
        }
      }
      for (const specifier of specifiers) {
        const path = workspaceSource(specifier, typescript[0] as TsdocExample);
        await (path === undefined ? options.load(specifier) : import(/* @vite-ignore */ path));
      }
    }, 120_000);

    it("collects the examples", () => {
      const other = all.length - typescript.length;
      console.info(
        `${relative(repoRoot, packageDir)}: ${all.length} @example blocks, ${typescript.length - skipped.length} run, ` +
          `${skipped.length} marked not run in tests, ${other} not TypeScript`,
      );
      expect(typescript.length).toBeGreaterThan(0);
    });

    for (const example of typescript) {
      if (example.skipReason !== undefined) {
        it.skip(`${example.name} (not run in tests: ${example.skipReason})`, () => {});
      } else {
        it(example.name, () => runTsdocExample(example, options.load, timeoutMs), timeoutMs + 5_000);
      }
    }

    const typecheck = (options.typecheck ?? true) && process.env.TSDOC_EXAMPLES_TYPECHECK !== "0";
    (typecheck ? it : it.skip)(
      "type-check",
      async () => {
        const own = relative(repoRoot, join(packageDir, "src"));
        const diagnostics = (await typecheckWorkspaceExamples())
          .filter((d) => d.file.startsWith(`${own}/`))
          .map((d) => `${relative(own, d.file)}:${d.line} ${d.text}`);
        expect(diagnostics).toEqual([]);
      },
      options.typecheckTimeoutMs ?? 240_000,
    );
  });
}
