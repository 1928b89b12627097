// Writes packages/hardware/schemas/*.json from the zod schemas. Run: pnpm --filter @aifactory/hardware generate:schemas
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hardwareJsonSchemas } from "../src/json-schema";

const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "schemas");
mkdirSync(outDir, { recursive: true });
for (const [file, schema] of Object.entries(hardwareJsonSchemas())) {
  writeFileSync(join(outDir, file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${file}`);
}
