import { readdirSync } from "node:fs";
import { defineConfig } from "tsup";

const dataFiles = readdirSync("src/data").filter((file) => file.endsWith(".ts"));

export default defineConfig([
  {
    // The library, and the built-in tables' entry as Node loads it (each GPU's data read on first use).
    entry: { index: "src/index.ts", builtin: "src/builtin-node.ts" },
    format: ["esm", "cjs"],
    dts: true,
    tsconfig: "tsconfig.build.json",
    sourcemap: false,
    clean: true,
    platform: "node",
    target: "es2022",
    // import.meta.url in the CommonJS build (dist/builtin.cjs resolves its data files next to itself).
    shims: true,
  },
  {
    // One CommonJS module per GPU's tables: required synchronously by dist/builtin.{js,cjs} on first use.
    entry: Object.fromEntries(dataFiles.map((file) => [`data/${file.replace(/\.ts$/, "")}`, `src/data/${file}`])),
    format: ["cjs"],
    dts: false,
    tsconfig: "tsconfig.build.json",
    // No source maps: the built-in tables are megabytes of data and a map would ship them twice more.
    sourcemap: false,
    clean: false,
    platform: "neutral",
    target: "es2022",
  },
  {
    // Browser bundlers (the `browser` export condition): every table inlined, no Node APIs.
    entry: { "builtin-browser": "src/builtin.ts" },
    format: ["esm"],
    dts: false,
    tsconfig: "tsconfig.build.json",
    sourcemap: false,
    clean: false,
    platform: "browser",
    target: "es2022",
  },
]);
