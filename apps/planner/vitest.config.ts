import { mergeConfig } from "vitest/config";
import { definePackageProject } from "../../tooling/vitest/preset.ts";
import { stripCatalogText } from "./src/build/strip-catalog-text.ts";

// The app's tests see the catalogs as the worker's bundle has them (vite.config.ts: text fields the app never
// shows are dropped at build time; src/build/strip-catalog-text.test.ts checks that nothing computed changes).
export default mergeConfig(definePackageProject("planner-app"), { plugins: [stripCatalogText()] });
