import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "plugin-template",
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
