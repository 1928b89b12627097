import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { defineConfig } from "tsup";
import { kernelTableDataFiles, kernelTableFiles } from "./src/builtin-files";
import type { KernelTablesInput } from "./src/kernel-tables";

/**
 * Writes the built-in tables for Node (`dist/data/<accelerator id>/meta.json`, `<kind>.json` and `<kind>.bin`, read by
 * `dist/builtin.{js,cjs}` on first use; see `src/builtin-files.ts`) from the generated `src/data/*.ts`, whose
 * only value is one JSON object literal.
 */
function writeDataFiles(): void {
  for (const file of readdirSync("src/data").filter((name) => name.endsWith(".ts"))) {
    const text = readFileSync(`src/data/${file}`, "utf8");
    const literal = /: KernelTablesInput = (\{.*\});\s*$/s.exec(text)?.[1];
    if (literal === undefined) throw new Error(`src/data/${file}: no "KernelTablesInput = {...};" literal`);
    const tables = JSON.parse(literal) as KernelTablesInput;
    const dir = `dist/data/${tables.acceleratorId}`;
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(kernelTableFiles(tables))) {
      if (name === "meta") writeFileSync(`${dir}/meta.json`, JSON.stringify(content));
      else {
        const files = kernelTableDataFiles(content as unknown[]);
        writeFileSync(`${dir}/${name}.json`, files.header);
        writeFileSync(`${dir}/${name}.bin`, files.latencies);
      }
    }
  }
}

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
    onSuccess: async () => writeDataFiles(),
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
