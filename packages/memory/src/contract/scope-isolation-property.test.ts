import fc from "fast-check";
import { describe, it } from "vitest";
import { createInMemoryStore } from "../store/in-memory-store";
import { checkScopeIsolation } from "./scope-isolation-property";

const word = fc.constantFrom("cat", "tea", "trip", "rome", "bank", "pin", "user", "alpha", "beta");
const scenario = fc.array(
  fc.record({
    user: fc.integer({ min: 0, max: 3 }),
    agent: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
    words: fc.array(word, { minLength: 1, maxLength: 4 }),
    search: fc.boolean(),
  }),
  { minLength: 1, maxLength: 30 },
);

describe("scope isolation (property)", () => {
  it("no search, list or stats ever returns another user's or agent's memory", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (steps) => {
        await checkScopeIsolation(createInMemoryStore(), steps);
      }),
      { numRuns: 200 },
    );
  });
});
