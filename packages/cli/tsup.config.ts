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
    // The binary is ESM only (it uses top-level await); the library entry above is dual. It is bundled (one
    // chunk per command group, loaded on demand by src/commands/lazy.ts): loading zod, commander, yaml and the
    // aifactory packages as a few large files instead of some 300 small ones is most of what start-up costs
    // (packages/cli/README.md, "Start-up"). Kept external: the built-in kernel tables' entry (it reads its
    // data files next to itself), the MCP server (its HTTP stack) and PGlite / pg (wasm and native assets).
    entry: ["src/bin.ts"],
    format: ["esm"],
    dts: false,
    tsconfig: "tsconfig.build.json",
    sourcemap: true,
    clean: false,
    platform: "node",
    target: "es2022",
    splitting: true,
    noExternal: [
      /^(?!@aifactory\/kernels\/builtin$|@aifactory\/mcp$|@modelcontextprotocol\/|@electric-sql\/|pg$|pg\/)/,
    ],
    // Bundled CommonJS dependencies (commander, cli-table3, yaml) require Node built-ins.
    banner: {
      js: 'import { createRequire as __aifCreateRequire } from "node:module"; const require = __aifCreateRequire(import.meta.url);',
    },
    // Smaller files compile faster; identifiers are kept, so stack traces (--debug) stay readable.
    esbuildOptions(options) {
      options.minifyWhitespace = true;
      options.minifySyntax = true;
      // The maps point at the sources instead of embedding them (the bundle holds several MB of dependencies).
      options.sourcesContent = false;
    },
    esbuildPlugins: [zodEnglishOnly],
  },
]);
