import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatKvTraceJsonl, type KvTraceRequest, kvTraceSegmentSchema, parseKvTraceJsonl } from "./kv-trace";

describe("parseKvTraceJsonl", () => {
  it("reads the three native forms and Mooncake lines, skipping blank lines", () => {
    const text = [
      '{"timestampMs":0,"sessionId":"s1","inputTokenIds":[1,2,3],"outputTokens":4}',
      "",
      '{"inputSegments":[{"id":"system","tokens":1024}],"outputSegments":[{"id":"a1","tokens":20}]}',
      '{"inputBlockIds":[0,1,"x"],"inputTokens":1500}',
      '{"timestamp": 3052, "input_length": 2287, "output_length": 316, "hash_ids": [0, 42, 43, 44, 45]}',
    ].join("\n");
    const trace = parseKvTraceJsonl(text);
    expect(trace).toHaveLength(4);
    expect(trace[3]).toEqual({
      timestampMs: 3052,
      inputBlockIds: [0, 42, 43, 44, 45],
      inputTokens: 2287,
      outputTokens: 316,
    });
  });

  it("reports line numbers and fields for every bad line", () => {
    const text = [
      '{"inputTokenIds":[1,2]}',
      "{not json",
      '{"inputSegments":[{"id":"a","tokens":0}]}',
      '{"inputTokenIds":[1],"inputSegments":[{"id":"a","tokens":1}]}',
      '{"inputTokenIds":[-1]}',
      '{"hash_ids":[1],"input_length":"many"}',
      '{"inputTokenIds":[1],"extra":true}',
    ].join("\r\n");
    let message = "";
    try {
      parseKvTraceJsonl(text, { label: "trace.jsonl" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^invalid trace\.jsonl:/);
    expect(message).toContain("line 2: not valid JSON");
    expect(message).toContain("line 3: inputSegments[0].tokens:");
    expect(message).toContain("line 4: give the prompt in exactly one form");
    expect(message).toContain("line 5: inputTokenIds[0]:");
    expect(message).toContain("line 6: input_length:");
    expect(message).toContain('line 7: unknown field "extra"');
    expect(message).not.toContain("line 1");
  });

  it("rejects an empty trace and stops after maxProblems", () => {
    expect(() => parseKvTraceJsonl("\n\n")).toThrow(/holds no request/);
    try {
      parseKvTraceJsonl("x\n".repeat(100), { maxProblems: 3 });
    } catch (error) {
      expect((error as { problems: unknown[] }).problems).toHaveLength(3);
    }
  });

  it("round-trips format -> parse", () => {
    const request: fc.Arbitrary<KvTraceRequest> = fc.oneof(
      fc.record({ inputTokenIds: fc.array(fc.nat(2 ** 32 - 1), { maxLength: 20 }) }),
      fc.record(
        {
          timestampMs: fc.nat(),
          sessionId: fc.string({ minLength: 1, maxLength: 10 }),
          inputSegments: fc.array(
            fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), tokens: fc.integer({ min: 1, max: 10_000 }) }),
            {
              maxLength: 5,
            },
          ),
        },
        { requiredKeys: ["inputSegments"] },
      ),
    );
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 10 }), (trace) => {
        expect(parseKvTraceJsonl(formatKvTraceJsonl(trace))).toEqual(trace);
      }),
    );
  });
});

describe("trace sizes stay in the range of real context windows", () => {
  it("a segment or request of more than 10M tokens is an input error, not an out-of-memory abort", () => {
    expect(() => kvTraceSegmentSchema.parse({ id: "huge", tokens: 1e12 })).toThrow();
    expect(kvTraceSegmentSchema.parse({ id: "long", tokens: 10_000_000 }).tokens).toBe(10_000_000);
  });
});
