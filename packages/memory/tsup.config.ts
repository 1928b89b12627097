import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/internal.ts"],
  // One copy of each module for both entry points in CommonJS too (ESM splits by default): the internal entry
  // point must reach the same module state (the id generator's clock and counter) as the public one.
  splitting: true,
  format: ["esm", "cjs"],
  dts: true,
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
  platform: "neutral",
  target: "es2022",
});
