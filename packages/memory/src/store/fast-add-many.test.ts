import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addManyInputSchema } from "../spec/memory-inputs";
import { fastParseAddMany } from "./fast-add-many";
import { IsoMillisFormatter } from "./iso-millis";

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", " ", "\t\n", "a\u0000b", "x\uD800", "\uDC00y", "ok \uD83D\uDE00", "user-1", "a".repeat(257)),
);
const scope = fc.oneof(
  fc.record({ userId: text, agentId: text, sessionId: text, namespace: text }, { requiredKeys: [] }) as fc.Arbitrary<
    Record<string, unknown>
  >,
  fc.constantFrom<unknown>(null, "u", [], { userId: "u", extra: 1 }, { userId: "u", agentId: undefined }),
);
const memory = fc.oneof(
  fc.record(
    {
      scope,
      content: fc.oneof(text, fc.constant<unknown>(7)),
      kind: fc.constantFrom<unknown>("episodic", "semantic", "procedural", "other", undefined, 1),
      importance: fc.oneof(fc.double(), fc.constantFrom<unknown>(0, 1, -0, 0.5, "0.5", undefined)),
      metadata: fc.constantFrom<unknown>({}, { topic: "x" }),
      validFrom: fc.constant("2026-01-01T00:00:00Z"),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom<unknown>(null, "memory", Object.create({ inherited: 1 })),
);

describe("fastParseAddMany (#23)", () => {
  it("accepts only batches zod accepts, with the same parsed values", () => {
    fc.assert(
      fc.property(fc.array(memory, { minLength: 0, maxLength: 4 }), (batch) => {
        const fast = fastParseAddMany(batch);
        const zod = addManyInputSchema.safeParse(batch);
        if (fast === undefined) return;
        expect(zod.success).toBe(true);
        expect(fast).toEqual(zod.data);
      }),
      { numRuns: 3000 },
    );
  });

  it("takes the common shape", () => {
    const batch = [
      { scope: { userId: "u", agentId: "a" }, content: "hello", importance: 0.2 },
      { scope: { userId: "u" }, content: "world", kind: "semantic" as const },
    ];
    expect(fastParseAddMany(batch)).toEqual(addManyInputSchema.parse(batch));
  });
});

describe("IsoMillisFormatter (#23)", () => {
  it("formats as toISOString", () => {
    const iso = new IsoMillisFormatter();
    fc.assert(
      fc.property(fc.integer({ min: -70_000_000_000_000, max: 300_000_000_000_000 }), fc.nat(2500), (start, steps) => {
        for (let ms = start; ms < start + steps; ms += 7) expect(iso.format(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 200 },
    );
    expect(iso.format(1.5)).toBe(new Date(1.5).toISOString());
  });
});
