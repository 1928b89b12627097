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
    // The binary's launcher: answers `--version` at once, otherwise loads the bundle below through V8's code cache
    // (src/bin.ts). It imports only Node built-ins.
    entry: ["src/bin.ts"],
    format: ["esm"],
    dts: false,
    tsconfig: "tsconfig.build.json",
    sourcemap: true,
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
    // files next to itself), the MCP server (its HTTP stack) and the Postgres store with PGlite / pg (PGlite finds
    // its wasm and extension files next to its own modules).
    entry: ["src/bin-main.ts"],
    format: ["cjs"],
    dts: false,
    tsconfig: "tsconfig.build.json",
    sourcemap: true,
    clean: false,
    platform: "node",
    target: "es2022",
    splitting: false,
    noExternal: [
      /^(?!@aifactory\/kernels\/builtin$|@aifactory\/mcp$|@aifactory\/memory-postgres$|@modelcontextprotocol\/|@electric-sql\/|pg$|pg\/)/,
    ],
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
    esbuildPlugins: [zodEnglishOnly],
  },
]);
