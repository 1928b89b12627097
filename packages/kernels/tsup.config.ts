import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/builtin.ts"],
  format: ["esm", "cjs"],
  dts: true,
  tsconfig: "tsconfig.build.json",
  // No source maps: the built-in tables are megabytes of data and a map would ship them twice more.
  sourcemap: false,
  clean: true,
  platform: "neutral",
  target: "es2022",
});
