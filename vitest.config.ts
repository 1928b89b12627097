import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "apps/*/vitest.config.ts",
      "examples/*/vitest.config.ts",
      // Not a workspace member (no node_modules here): check-template.mjs runs its tests in a copy.
      "!examples/plugin-template/vitest.config.ts",
    ],
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**/*.ts"],
      exclude: ["**/*.test.ts", "**/*.test-d.ts", "**/__fixtures__/**", "**/data/**"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: ".artifacts/coverage",
    },
  },
});
