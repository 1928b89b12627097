// Writes the planner's JSON Schema files (run: pnpm --filter @aifactory/planner generate:schemas).
// A test fails when the files drift from the zod schemas.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { plannerJsonSchemas } from "../src/json-schema";

for (const [file, schema] of Object.entries(plannerJsonSchemas())) {
  writeFileSync(join(import.meta.dirname, "..", "schemas", file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${file}`);
}
