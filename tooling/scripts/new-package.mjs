#!/usr/bin/env node
// Scaffolds a library package under packages/<name> with the shared presets:
//   node tooling/scripts/new-package.mjs <name> "<description>" [--platform node|neutral] [--bin aif=dist/bin.js]
// It never overwrites an existing file.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [name, description = "", ...rest] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error("usage: new-package.mjs <kebab-name> <description> [--platform node|neutral]");
  process.exit(2);
}
const platform = rest.includes("--platform") ? rest[rest.indexOf("--platform") + 1] : "neutral";
const dir = join("packages", name);
mkdirSync(join(dir, "src"), { recursive: true });

function write(path, content) {
  const full = join(dir, path);
  if (existsSync(full)) return;
  writeFileSync(full, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
}

write("package.json", {
  name: `@aifactory/${name}`,
  version: "0.1.0",
  description,
  license: "Apache-2.0",
  type: "module",
  sideEffects: false,
  exports: {
    ".": {
      source: "./src/index.ts",
      import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
      require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
    },
    "./package.json": "./package.json",
  },
  main: "./dist/index.cjs",
  module: "./dist/index.js",
  types: "./dist/index.d.cts",
  files: ["dist", "src", "!src/**/*.test.ts", "!src/**/*.test-d.ts", "!src/**/__fixtures__"],
  engines: { node: ">=20.19" },
  publishConfig: { access: "public" },
  repository: { type: "git", url: "git+https://github.com/aifactory-dev/aifactory.git", directory: `packages/${name}` },
  scripts: {
    build: "tsup",
    typecheck: "tsc -p tsconfig.json",
    test: "vitest run",
    shape: "node ../../tooling/scripts/check-shape.mjs .",
  },
  dependencies: {},
  devDependencies: {},
});
write("tsconfig.json", {
  extends: "../../tooling/tsconfig/library.json",
  include: ["src", "test", "bench", "*.ts"],
});
write("tsconfig.build.json", {
  extends: "../../tooling/tsconfig/build.json",
  include: ["src"],
  exclude: ["src/**/*.test.ts", "src/**/*.test-d.ts", "src/**/__fixtures__"],
});
write(
  "tsup.config.ts",
  `import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
  platform: "${platform}",
  target: "es2022",
});
`,
);
write(
  "vitest.config.ts",
  `import { definePackageProject } from "../../tooling/vitest/preset";

export default definePackageProject("${name}");
`,
);
write("README.md", `# @aifactory/${name}\n\n${description}\n`);
console.log(`scaffolded ${dir}`);
