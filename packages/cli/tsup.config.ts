import { defineConfig, type Options } from "tsup";

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

/**
 * The binary bundles zod to one file, and zod's `z.locales` namespace re-exports some 50 locales (~350 KB of
 * source to compile on every start) that nothing in aifactory uses: in the binary only English (zod's default)
 * is kept. The library entry (`dist/index.*`) imports zod unchanged.
 */
const zodEnglishOnly: EsbuildPlugin = {
  name: "zod-locales-english-only",
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      loader: "js",
    }));
  },
};

/**
 * Modules the binary evaluates on first use instead of when their importer is evaluated: every start of `aif serve`
 * or `aif train` otherwise pays for commander's `node:child_process` (only used for executable subcommands, which
 * aif has none of; Node compiles that built-in and its dependencies on first require), the YAML parser (only for
 * `.yaml` input files) and the progress bar (only on a terminal). Each is replaced, for the importer named here
 * only, by a stand-in with the same members that requires the real module when a member is first used: the same
 * behaviour, later. The library entry (`dist/index.*`) imports them unchanged.
 */
const LAZY_MODULES: readonly { specifier: string; importer: RegExp; contents: string; externalElsewhere?: true }[] = [
  {
    specifier: "node:child_process",
    importer: /[\\/]commander[\\/]lib[\\/]command\.js$/,
    contents: 'exports.spawn = (...args) => require("node:child_process").spawn(...args);',
  },
  {
    specifier: "yaml",
    importer: /[\\/]cli[\\/]src[\\/]options\.ts$/,
    contents: 'export function parse(...args) { return require("yaml").parse(...args); }',
  },
  {
    // Not deferred (train and serve look tables up at once) but found without Node's package-exports resolution,
    // whose first use costs a start 3-4 ms (it compiles the exports resolver's patterns): the first
    // `node_modules/@aifactory/kernels` on the lookup path, which is the package Node would resolve, and in it the
    // file its exports map gives `./builtin` under `require` (src/bin.test.ts checks the map).
    specifier: "@aifactory/kernels/builtin",
    importer: /[\\/](?:workloads[\\/]dist[\\/][^\\/]+\.js|cli[\\/]src[\\/]kernel-tables-flag\.ts)$/,
    contents: [
      'const { existsSync } = require("node:fs");',
      'const { join } = require("node:path");',
      "let file;",
      'for (const dir of require.resolve.paths("@aifactory/kernels") ?? []) {',
      '  const candidate = join(dir, "@aifactory", "kernels", "dist", "builtin.cjs");',
      "  if (existsSync(candidate)) { file = candidate; break; }",
      "}",
      'module.exports = require(file ?? "@aifactory/kernels/builtin");',
    ].join("\n"),
    // Any other importer keeps it external (it reads its data files next to itself).
    externalElsewhere: true,
  },
  {
    specifier: "cli-progress",
    importer: /[\\/]cli[\\/]src[\\/]run-core\.ts$/,
    contents: [
      "export default {",
      '  get SingleBar() { return require("cli-progress").SingleBar; },',
      '  get Presets() { return require("cli-progress").Presets; },',
      "};",
    ].join("\n"),
  },
];

const lazyModules: EsbuildPlugin = {
  name: "lazy-modules",
  setup(build) {
    for (const [index, lazy] of LAZY_MODULES.entries()) {
      const filter = new RegExp(`^${lazy.specifier.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
      build.onResolve({ filter }, (args) => {
        if (lazy.importer.test(args.importer)) {
          return { path: String(index), namespace: "lazy-module", pluginData: args.resolveDir };
        }
        return lazy.externalElsewhere ? { path: args.path, external: true } : undefined;
      });
    }
    build.onLoad({ filter: /.*/, namespace: "lazy-module" }, (args) => {
      const lazy = LAZY_MODULES[Number(args.path)];
      // The stand-in's own require of the real module resolves as the importer's import did.
      return lazy === undefined
        ? undefined
        : { contents: lazy.contents, loader: "js", resolveDir: args.pluginData as string };
    });
  },
};

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    tsconfig: "tsconfig.build.json",
    sourcemap: true,
    clean: true,
    platform: "node",
    target: "es2022",
  },
  {
    // The binary's launcher (`dist/bin.cjs`, the `aif` bin): answers `--version` at once, otherwise loads the
    // bundle below through V8's code cache (src/bin.ts). It imports only Node built-ins. CommonJS: an ES module
    // entry would cost every start the ESM loader and a facade per built-in module (about 10 ms).
    entry: ["src/bin.ts"],
    format: ["cjs"],
    dts: false,
    tsconfig: "tsconfig.build.json",
    sourcemap: true,
    clean: false,
    platform: "node",
    target: "es2022",
  },
  {
    // `dist/bin.js`, the launcher's former path: loads dist/bin.cjs.
    entry: { bin: "src/bin-shim.ts" },
    format: ["esm"],
    dts: false,
    tsconfig: "tsconfig.build.json",
    sourcemap: false,
    clean: false,
    platform: "node",
    target: "es2022",
  },
  {
    // The whole CLI in one CommonJS file, for the launcher to compile with a code cache (`vm.Script` takes
    // scripts, not ES modules). Each command group is still evaluated only when the arguments name it: esbuild
    // turns the dynamic imports of src/commands/lazy.ts into lazily run module bodies. Loading zod, commander,
    // yaml and the aifactory packages as one file instead of some 300 modules saves resolving and reading them
    // (packages/cli/README.md, "Start-up"). Kept external: the built-in kernel tables' entry (it reads its data
    // files next to itself; the lazy-modules plugin below finds it), the MCP server (its HTTP stack) and the
    // Postgres store with PGlite / pg (PGlite finds its wasm and extension files next to its own modules).
    entry: ["src/bin-main.ts"],
    format: ["cjs"],
    dts: false,
    tsconfig: "tsconfig.build.json",
    sourcemap: true,
    clean: false,
    platform: "node",
    target: "es2022",
    splitting: false,
    // Keep `node:` in built-in specifiers (Node 20 reads them), so that the lazy-modules plugin below sees them.
    removeNodeProtocol: false,
    noExternal: [/^(?!@aifactory\/mcp$|@aifactory\/memory-postgres$|@modelcontextprotocol\/|@electric-sql\/|pg$|pg\/)/],
    // Smaller files compile faster (on a start without a cache); identifiers are kept, so stack traces (--debug)
    // stay readable.
    esbuildOptions(options) {
      options.minifyWhitespace = true;
      options.minifySyntax = true;
      // src/bin.ts reads the bundle as latin1, which is only the same text for ASCII (esbuild's default, kept
      // explicit here).
      options.charset = "ascii";
      // The maps point at the sources instead of embedding them (the bundle holds several MB of dependencies).
      options.sourcesContent = false;
    },
    esbuildPlugins: [zodEnglishOnly, lazyModules],
  },
]);
