import { defineConfig } from "tsup";

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
    // The binary is ESM only (it uses top-level await); the library entry above is dual.
    entry: ["src/bin.ts"],
    format: ["esm"],
    dts: false,
    tsconfig: "tsconfig.build.json",
    sourcemap: true,
    clean: false,
    platform: "node",
    target: "es2022",
  },
]);
