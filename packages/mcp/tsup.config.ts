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
    shims: true,
  },
  {
    // The executable is ESM only (top-level await).
    entry: ["src/bin.ts"],
    format: ["esm"],
    tsconfig: "tsconfig.build.json",
    sourcemap: true,
    platform: "node",
    target: "es2022",
  },
]);
