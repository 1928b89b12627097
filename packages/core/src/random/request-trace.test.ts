import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error";
import type { TraceRecord } from "./length-distribution";
import {
  detectRequestTraceFormat,
  formatRequestTrace,
  parseRequestTrace,
  type RequestTraceFormat,
} from "./request-trace";

/** The InvalidInputError a parse throws. */
function parseError(text: string, format?: RequestTraceFormat): InvalidInputError {
  try {
    parseRequestTrace(text, format);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("the trace parsed");
}

const MOONCAKE = [
  '{"timestamp": 0, "input_length": 6755, "output_length": 500, "hash_ids": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]}',
  '{"timestamp": 0, "input_length": 7319, "output_length": 490, "hash_ids": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]}',
  '{"timestamp": 1500, "input_length": 655, "output_length": 52, "hash_ids": [46, 47]}',
  '{"timestamp": 3052, "input_length": 1000, "output_length": 10, "hash_ids": [46], "session_id": "chat-9"}',
  '{"timestamp": 3100, "input_length": 1200, "output_length": 11, "session_id": 17}',
].join("\n");

const AZURE = [
  "TIMESTAMP,ContextTokens,GeneratedTokens",
  "2023-11-16 18:15:46.6805900,374,44",
  "2023-11-16 18:15:50.9951690,396,109",
  "2023-11-16 18:16:02.0000000,879,28",
  "2023-11-17 00:00:00,100,1",
].join("\n");

describe("detectRequestTraceFormat", () => {
  it("recognises each layout from its first non-empty line", () => {
    expect(detectRequestTraceFormat(MOONCAKE)).toBe("mooncake");
    expect(detectRequestTraceFormat(AZURE)).toBe("azure-csv");
    expect(detectRequestTraceFormat('{"arrivalSeconds": 0, "inputTokens": 10, "outputTokens": 2}')).toBe("aif-jsonl");
    expect(detectRequestTraceFormat(`\n\r\n   \n${MOONCAKE}`)).toBe("mooncake");
    expect(detectRequestTraceFormat("timestamp , contexttokens , generatedtokens\r\n")).toBe("azure-csv");
  });

  it("recognises a first row that lacks one of its layout's fields", () => {
    expect(detectRequestTraceFormat('{"timestamp": 0, "output_length": 5}')).toBe("mooncake");
    expect(detectRequestTraceFormat('{"arrivalSeconds": 0, "outputTokens": 5}')).toBe("aif-jsonl");
  });

  it("gives undefined for anything else", () => {
    expect(detectRequestTraceFormat("")).toBeUndefined();
    expect(detectRequestTraceFormat("\n  \n")).toBeUndefined();
    expect(detectRequestTraceFormat("time,in,out\n1,2,3")).toBeUndefined();
    expect(detectRequestTraceFormat('{"prompt": "hello"}')).toBeUndefined();
    expect(detectRequestTraceFormat('[{"input_length": 3}]')).toBeUndefined();
  });
});

describe("parseRequestTrace: Mooncake JSONL", () => {
  it("reads timestamps in ms as seconds, lengths, hash ids and session ids", () => {
    const records = parseRequestTrace(MOONCAKE);
    expect(records).toHaveLength(5);
    expect(records[0]).toEqual({
      arrivalSeconds: 0,
      inputTokens: 6755,
      outputTokens: 500,
      hashIds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    });
    expect(records[2]).toEqual({ arrivalSeconds: 1.5, inputTokens: 655, outputTokens: 52, hashIds: [46, 47] });
    expect(records[3]).toEqual({
      arrivalSeconds: 3.052,
      inputTokens: 1000,
      outputTokens: 10,
      hashIds: [46],
      sessionId: "chat-9",
    });
    // A numeric session id becomes a string; no hash_ids, no hashIds.
    expect(records[4]).toEqual({ arrivalSeconds: 3.1, inputTokens: 1200, outputTokens: 11, sessionId: "17" });
    expect(parseRequestTrace(MOONCAKE, "mooncake")).toEqual(records);
  });

  it("ignores the fields it does not use, and a null session id", () => {
    const records = parseRequestTrace(
      '{"timestamp": 10, "input_length": 5, "output_length": 1, "hash_ids": [], "model": "x", "session_id": null}',
    );
    expect(records).toEqual([{ arrivalSeconds: 0.01, inputTokens: 5, outputTokens: 1, hashIds: [] }]);
  });

  it("names the line and the field as the trace spells it", () => {
    const text = [
      '{"timestamp": 0, "input_length": 10, "output_length": 2}',
      '{"timestamp": 5, "input_length": -3, "output_length": 2}',
      '{"timestamp": 6, "output_length": 2}',
      '{"timestamp": 7, "input_length": 10, "output_length": 2, "hash_ids": [1, -1]}',
      '{"timestamp": -8, "input_length": 10, "output_length": 2}',
      '{"timestamp": "9", "input_length": 10, "output_length": 2}',
      '{"timestamp": 9, "input_length": 10, "output_length": 2.5}',
      '{"timestamp": 9, "input_length": 10, "output_length": 2, "session_id": ""}',
    ].join("\n");
    const error = parseError(text);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.problems.map((p) => p.path)).toEqual([
      "line 2",
      "line 3",
      "line 4",
      "line 5",
      "line 6",
      "line 7",
      "line 8",
    ]);
    const [negative, missing, hash, early, text6, fraction, session] = error.problems;
    expect(negative?.message).toMatch(/^input_length: /);
    expect(negative?.received).toBe(-3);
    expect(missing?.message).toMatch(/^input_length: /);
    expect(hash?.message).toMatch(/^hash_ids\.1: /);
    expect(hash?.received).toBe(-1);
    expect(early?.message).toMatch(/^timestamp: /);
    expect(early?.received).toBe(-8);
    expect(text6?.message).toMatch(/^timestamp: /);
    expect(fraction?.message).toMatch(/^output_length: /);
    expect(session?.message).toMatch(/^session_id: /);
    expect(error.message).toContain("invalid mooncake request trace");
    expect(error.message).toContain("line 2: input_length:");
    expect(error.hint).toBe("fix or remove the listed rows");
  });
});

describe("parseRequestTrace: Azure CSV", () => {
  it("reads timestamps as seconds after the first row, fractions kept", () => {
    const records = parseRequestTrace(AZURE);
    expect(records.map((r) => [r.inputTokens, r.outputTokens])).toEqual([
      [374, 44],
      [396, 109],
      [879, 28],
      [100, 1],
    ]);
    expect(records[0]?.arrivalSeconds).toBe(0);
    expect(records[1]?.arrivalSeconds).toBeCloseTo(4.314579, 9);
    expect(records[2]?.arrivalSeconds).toBeCloseTo(15.31941, 9);
    // Across midnight, without a fraction.
    expect(records[3]?.arrivalSeconds).toBeCloseTo(5 * 3600 + 44 * 60 + 13.31941, 9);
    for (const r of records) expect(Object.keys(r).sort()).toEqual(["arrivalSeconds", "inputTokens", "outputTokens"]);
  });

  it("keeps sub-microsecond gaps (the fraction is not added to 1.7e9 seconds)", () => {
    const records = parseRequestTrace(
      "TIMESTAMP,ContextTokens,GeneratedTokens\n2024-05-10 00:00:00.0000001,1,1\n2024-05-10 00:00:00.0000003,1,1",
    );
    expect(records[1]?.arrivalSeconds).toBeCloseTo(2e-7, 15);
  });

  it("measures from the earliest row when rows are out of order", () => {
    const records = parseRequestTrace(
      "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.5,10,1\n2023-11-16 18:15:45.25,20,2\n2023-11-16 18:15:47,30,3",
    );
    expect(records.map((r) => r.arrivalSeconds)).toEqual([1.25, 0, 1.75]);
  });

  it("tolerates CRLF, blank lines, spaces around cells, extra columns, T and Z in timestamps", () => {
    const text =
      "TIMESTAMP,ContextTokens,GeneratedTokens\r\n\r\n2023-11-16T18:15:46.5Z, 10 ,1,extra\r\n   \r\n2023-11-16 18:15:47.5+00:00,20, 2\r\n";
    expect(parseRequestTrace(text)).toEqual([
      { arrivalSeconds: 0, inputTokens: 10, outputTokens: 1 },
      { arrivalSeconds: 1, inputTokens: 20, outputTokens: 2 },
    ]);
  });

  it("reads a file without its header when the format is given", () => {
    expect(parseRequestTrace("2023-11-16 18:15:46,10,1\n2023-11-16 18:15:48,20,2", "azure-csv")).toEqual([
      { arrivalSeconds: 0, inputTokens: 10, outputTokens: 1 },
      { arrivalSeconds: 2, inputTokens: 20, outputTokens: 2 },
    ]);
  });

  it("names the line and the column of bad rows", () => {
    const text = [
      "TIMESTAMP,ContextTokens,GeneratedTokens",
      "2023-11-16 18:15:46.6805900,374,44",
      "2023-11-16 18:15:47,374",
      "16/11/2023 18:15:48,374,44",
      "2023-02-30 18:15:48,374,44",
      "2023-11-16 18:15:49,-5,44",
      "2023-11-16 18:15:49,0x10,44",
      "2023-11-16 18:15:49,12,",
      "2023-11-16 18:15:49,12,1e3",
      "2023-11-16 18:15:49,0,3",
    ].join("\n");
    const error = parseError(text);
    expect(error.problems.map((p) => p.path)).toEqual([
      "line 3",
      "line 4",
      "line 5",
      "line 6",
      "line 7",
      "line 8",
      "line 9",
      "line 10",
    ]);
    const messages = error.problems.map((p) => p.message);
    expect(messages[0]).toBe("expected TIMESTAMP,ContextTokens,GeneratedTokens");
    expect(messages[1]).toMatch(/^TIMESTAMP is not/);
    expect(messages[2]).toMatch(/^TIMESTAMP is not/);
    expect(messages[3]).toMatch(/^ContextTokens: /);
    expect(error.problems[3]?.received).toBe("-5");
    expect(messages[4]).toMatch(/^ContextTokens: /);
    expect(error.problems[4]?.received).toBe("0x10");
    expect(messages[5]).toMatch(/^GeneratedTokens: /);
    expect(messages[6]).toMatch(/^GeneratedTokens: /);
    expect(messages[7]).toMatch(/^ContextTokens: /);
    expect(error.message).toContain("invalid azure-csv request trace");
  });
});

describe("parseRequestTrace: aif JSONL and formatRequestTrace", () => {
  const records: TraceRecord[] = [
    { arrivalSeconds: 0, inputTokens: 10, outputTokens: 2 },
    { arrivalSeconds: 0.125, inputTokens: 655, outputTokens: 52, hashIds: [46, 47] },
    { arrivalSeconds: 1.5, inputTokens: 900, outputTokens: 30, sessionId: "user-1" },
    { arrivalSeconds: 1.25, inputTokens: 1, outputTokens: 1, sessionId: "user-2", hashIds: [0] },
  ];

  it("writes one JSON object per line, ending in a newline, and reads it back as it was", () => {
    const text = formatRequestTrace(records);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")).toHaveLength(records.length + 1);
    expect(text.split("\n")[0]).toBe('{"arrivalSeconds":0,"inputTokens":10,"outputTokens":2}');
    expect(detectRequestTraceFormat(text)).toBe("aif-jsonl");
    // File order is kept (not sorted by arrival).
    expect(parseRequestTrace(text)).toEqual(records);
    expect(parseRequestTrace(text.replaceAll("\n", "\r\n"), "aif-jsonl")).toEqual(records);
    expect(formatRequestTrace(parseRequestTrace(text))).toBe(text);
  });

  it("writes nothing for no records", () => {
    expect(formatRequestTrace([])).toBe("");
  });

  it("round-trips a parsed Mooncake trace", () => {
    const mooncake = parseRequestTrace(MOONCAKE);
    expect(parseRequestTrace(formatRequestTrace(mooncake))).toEqual(mooncake);
  });

  it("refuses unknown fields, non-objects and bad JSON, naming the line", () => {
    const text = [
      '{"arrivalSeconds": 0, "inputTokens": 10, "outputTokens": 2}',
      "",
      '{"arrivalSeconds": 0, "inputTokens": 10, "outputTokens": 2, "priority": 1}',
      "[1, 2, 3]",
      '{"arrivalSeconds": 0, "inputTokens": 10,',
      "null",
      '{"arrivalSeconds": 0, "inputTokens": 10, "outputTokens": 0}',
    ].join("\n");
    const error = parseError(text);
    expect(error.problems.map((p) => [p.path, p.message.split(":")[0]])).toEqual([
      ["line 3", "row"],
      ["line 4", "is not a JSON object"],
      ["line 5", "is not valid JSON"],
      ["line 6", "is not a JSON object"],
      ["line 7", "outputTokens"],
    ]);
    expect(error.problems[0]?.message).toContain("priority");
    expect(error.problems[4]?.received).toBe(0);
    expect(error.message).toContain("invalid aif-jsonl request trace:\n  - line 3: row:");
  });
});

describe("parseRequestTrace: limits and unknown input", () => {
  it("lists at most 20 bad rows and counts the rest", () => {
    const lines = ['{"arrivalSeconds": 0, "inputTokens": 10, "outputTokens": 2}'];
    for (let i = 0; i < 45; i++) lines.push(`{"arrivalSeconds": ${i}, "inputTokens": -1, "outputTokens": 2}`);
    const error = parseError(lines.join("\n"));
    expect(error.problems).toHaveLength(20);
    expect(error.problems[0]?.path).toBe("line 2");
    expect(error.problems[19]?.path).toBe("line 21");
    expect(error.message).toContain("45 bad rows, the first 20 listed");
    expect(error.message.split("\n").filter((l) => l.startsWith("  - line"))).toHaveLength(20);
  });

  it("does not count when 20 or fewer rows are bad", () => {
    const lines = Array.from({ length: 20 }, () => "not json");
    const error = parseError(lines.join("\n"), "mooncake");
    expect(error.problems).toHaveLength(20);
    expect(error.message).not.toContain("bad rows");
  });

  it("refuses an empty trace", () => {
    for (const text of ["", "\n\n", " \r\n\t\r\n"]) {
      const error = parseError(text);
      expect(error.problems[0]).toMatchObject({ path: "lines", message: "has no requests" });
    }
    for (const format of ["aif-jsonl", "mooncake", "azure-csv"] as const) {
      expect(parseError("", format).problems[0]?.message).toBe("has no requests");
    }
    // A header and no rows.
    expect(parseError("TIMESTAMP,ContextTokens,GeneratedTokens\n\n").problems[0]?.message).toBe("has no requests");
  });

  it("refuses an unknown layout with a hint naming the three it reads", () => {
    for (const text of ["hello\nworld", "time,in,out\n0,1,2", '{"prompt": "hi", "max_tokens": 5}']) {
      const error = parseError(text);
      expect(error.problems[0]).toMatchObject({ path: "format", message: "unknown trace layout" });
      expect(error.hint).toContain("Mooncake");
      expect(error.hint).toContain("TIMESTAMP,ContextTokens,GeneratedTokens");
      expect(error.hint).toContain("arrivalSeconds");
    }
  });

  it("reads a layout other than the detected one when told", () => {
    // Mooncake-looking rows read as aif JSONL: their fields are unknown there.
    const error = parseError('{"timestamp": 0, "input_length": 10, "output_length": 2}', "aif-jsonl");
    expect(error.problems[0]?.path).toBe("line 1");
    expect(error.message).toContain("aif-jsonl");
  });
});
