import { describe, expect, it } from "vitest";
import { formatKvTraceJsonl, parseKvTraceJsonl } from "./kv-trace";
import { createSeededRandom } from "./seeded-random";
import { generateAgenticTrace, generateSharedPrefixTrace } from "./synthetic-traces";

describe("createSeededRandom", () => {
  it("is reproducible and in [0, 1)", () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(createSeededRandom(1)()).not.toBe(createSeededRandom(2)());
  });
});

describe("generateAgenticTrace", () => {
  it("is deterministic per seed and valid per the trace schema", () => {
    const a = generateAgenticTrace({ seed: 5, sessions: 30 });
    expect(generateAgenticTrace({ seed: 5, sessions: 30 })).toEqual(a);
    expect(generateAgenticTrace({ seed: 6, sessions: 30 })).not.toEqual(a);
    expect(parseKvTraceJsonl(formatKvTraceJsonl(a))).toEqual(a);
  });

  it("grows each session's context turn by turn, keeping earlier turns as a prefix", () => {
    const trace = generateAgenticTrace({ seed: 9, sessions: 10, turnsPerSession: { min: 3, max: 6 } });
    const bySession = new Map<string, typeof trace>();
    for (const request of trace) {
      const list = bySession.get(request.sessionId as string) ?? [];
      list.push(request);
      bySession.set(request.sessionId as string, list);
    }
    expect(bySession.size).toBe(10);
    for (const turns of bySession.values()) {
      expect(turns.length).toBeGreaterThanOrEqual(3);
      expect(turns.length).toBeLessThanOrEqual(6);
      for (let t = 1; t < turns.length; t++) {
        const previous = turns[t - 1]?.inputSegments ?? [];
        const current = turns[t]?.inputSegments ?? [];
        expect(current.slice(0, previous.length)).toEqual(previous);
        expect(current[previous.length]).toEqual(turns[t - 1]?.outputSegments?.[0]);
        expect(current.length).toBe(previous.length + 2);
      }
    }
    for (let i = 1; i < trace.length; i++) {
      expect(trace[i]?.timestampMs ?? 0).toBeGreaterThanOrEqual(trace[i - 1]?.timestampMs ?? 0);
    }
  });

  it("rejects invalid options", () => {
    expect(() => generateAgenticTrace({ sessions: 0 })).toThrow(/sessions/);
    expect(() => generateAgenticTrace({ turnsPerSession: { min: 5, max: 2 } })).toThrow(/min must not exceed max/);
  });
});

describe("generateSharedPrefixTrace", () => {
  it("draws system prompts with Zipf popularity and is deterministic", () => {
    const trace = generateSharedPrefixTrace({ seed: 11, requests: 4000, systemPrompts: 4, popularityZipfExponent: 1 });
    expect(
      generateSharedPrefixTrace({ seed: 11, requests: 4000, systemPrompts: 4, popularityZipfExponent: 1 }),
    ).toEqual(trace);
    const counts = [0, 0, 0, 0];
    for (const request of trace) {
      const id = request.inputSegments?.[0]?.id ?? "";
      counts[Number(id.replace("system-", ""))]! += 1;
    }
    // Zipf(1) over 4 prompts: shares 1/H4, 1/(2 H4), ... with H4 = 25/12 -> 0.48, 0.24, 0.16, 0.12
    expect((counts[0] as number) / 4000).toBeCloseTo(0.48, 1);
    expect((counts[3] as number) / 4000).toBeCloseTo(0.12, 1);
  });
});
