import { checkScopeIsolation } from "@aifactory/memory";
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { openPgliteClient } from "../sql/pglite-client";
import type { SqlClient } from "../sql/sql-client";
import { createSqlMemoryStore } from "./sql-memory-store";
import { dropMemorySchema } from "./test-helpers";

const word = fc.constantFrom("cat", "tea", "trip", "rome", "bank", "pin", "user", "alpha", "beta");
const scenario = fc.array(
  fc.record({
    user: fc.integer({ min: 0, max: 3 }),
    agent: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
    words: fc.array(word, { minLength: 1, maxLength: 4 }),
    search: fc.boolean(),
  }),
  { minLength: 1, maxLength: 20 },
);

let shared: SqlClient | undefined;
afterAll(async () => {
  await shared?.close();
});

describe("PGlite scope isolation (property)", () => {
  it("no search, list or stats ever returns another user's or agent's memory", async () => {
    shared ??= await openPgliteClient();
    const client = shared;
    await fc.assert(
      fc.asyncProperty(scenario, async (steps) => {
        await dropMemorySchema(client);
        await checkScopeIsolation(await createSqlMemoryStore(client, { closeClient: false }), steps);
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});
