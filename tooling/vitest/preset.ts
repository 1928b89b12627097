import { defineProject, type UserWorkspaceConfig } from "vitest/config";

/**
 * The shared vitest project preset for one workspace package.
 *
 * Tests live beside the code (`src/**\/*.test.ts`) and import sibling packages from their TypeScript source
 * through the `source` export condition, so `vitest` needs no prior build.
 */
export function definePackageProject(name: string, overrides: UserWorkspaceConfig["test"] = {}) {
  return defineProject({
    resolve: { conditions: ["source", "module", "node", "import", "default"] },
    ssr: { resolve: { conditions: ["source", "module", "node", "import", "default"], externalConditions: ["source"] } },
    test: {
      name,
      environment: "node",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 20_000,
      // Hooks open databases, start servers and close them: on a loaded 2-core machine that can take longer than
      // vitest's default of 10 s.
      hookTimeout: 60_000,
      ...overrides,
    },
  });
}
