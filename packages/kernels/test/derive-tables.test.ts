import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { deriveSystem, renderModule, SYSTEM_TO_ACCELERATOR } from "../scripts/derive-tables";

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(here, "../../../../shared/reference/kernels/aiconfigurator");

// The built-in tables are derived data: re-derive each one from NVIDIA AIConfigurator's Parquet files (kept in
// the shared reference folder beside the repository) and require the committed module to be byte-identical.
describe.skipIf(!existsSync(shared))("built-in kernel tables re-derive from AIConfigurator's database", () => {
  for (const system of Object.keys(SYSTEM_TO_ACCELERATOR)) {
    it(`${system}: the committed src/data module equals a fresh derivation`, async () => {
      const derived = await deriveSystem(shared, system);
      const committed = readFileSync(join(here, "../src/data", `${system.replace(/_/g, "-")}.ts`), "utf8");
      expect(renderModule(derived) === committed).toBe(true);
      const tables = derived.tables as { gemm: unknown[]; source: { license: string; commit: string } };
      expect(tables.gemm.length).toBeGreaterThan(0);
      expect(tables.source.license).toBe("Apache-2.0");
      expect(tables.source.commit).toMatch(/^[0-9a-f]{40}$/);
    }, 120_000);
  }
});
