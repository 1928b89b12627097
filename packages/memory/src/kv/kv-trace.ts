import { finiteNonNegative, type InputProblem, InvalidInputError, nonNegativeInt, positiveInt } from "@aifactory/core";
import { z } from "zod";

const MAX_TOKEN_ID = 2 ** 32 - 1;
const tokenIdSchema = nonNegativeInt.max(MAX_TOKEN_ID);

/** Most tokens in one segment or request (the longest context windows are 10M tokens). */
const MAX_TRACE_TOKENS = 10_000_000;

/**
 * A segment of a trace request: `tokens` tokens of content named `id` (equal ids are equal tokens).
 *
 * @example
 * ```ts
 * import { kvTraceSegmentSchema } from "@aifactory/memory";
 * kvTraceSegmentSchema.parse({ id: "system-prompt-3", tokens: 2048 });
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const kvTraceSegmentSchema = z
  .object({ id: z.string().min(1).max(256), tokens: positiveInt.max(MAX_TRACE_TOKENS) })
  .strict();

/**
 * One request of a KV-cache trace (one line of the JSONL format). The prompt is given in exactly one of three
 * forms:
 * - `inputTokenIds`: the token ids (hashed per block like vLLM);
 * - `inputSegments`: named runs of tokens (compact; equal ids are equal content);
 * - `inputBlockIds` with `inputTokens`: block ids already computed, one per full block, where equal ids mean
 *   equal prefixes (Mooncake's `hash_ids`).
 *
 * Optional: `timestampMs` (arrival, ms since the trace start), `sessionId`, and the response: `outputTokens`
 * (a count) or, to let the cache keep the blocks the response fills (vLLM caches full decode blocks too),
 * `outputTokenIds` / `outputSegments` in the same form as the input.
 *
 * @example
 * ```ts
 * import { kvTraceRequestSchema } from "@aifactory/memory";
 * kvTraceRequestSchema.parse({
 *   timestampMs: 0,
 *   sessionId: "s1",
 *   inputSegments: [{ id: "system", tokens: 1024 }, { id: "s1-user-1", tokens: 200 }],
 *   outputSegments: [{ id: "s1-assistant-1", tokens: 300 }],
 * });
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const kvTraceRequestSchema = z
  .object({
    timestampMs: finiteNonNegative.optional(),
    sessionId: z.string().min(1).max(256).optional(),
    inputTokenIds: z.array(tokenIdSchema).optional(),
    inputSegments: z.array(kvTraceSegmentSchema).optional(),
    inputBlockIds: z.array(z.union([nonNegativeInt, z.string().min(1).max(256)])).optional(),
    inputTokens: nonNegativeInt.max(MAX_TRACE_TOKENS).optional(),
    outputTokens: nonNegativeInt.max(MAX_TRACE_TOKENS).optional(),
    outputTokenIds: z.array(tokenIdSchema).optional(),
    outputSegments: z.array(kvTraceSegmentSchema).optional(),
  })
  .strict()
  .superRefine((request, context) => {
    const forms = [request.inputTokenIds, request.inputSegments, request.inputBlockIds].filter((f) => f !== undefined);
    if (forms.length !== 1) {
      context.addIssue({
        code: "custom",
        path: [],
        message: "give the prompt in exactly one form: inputTokenIds, inputSegments or inputBlockIds (+ inputTokens)",
      });
    }
    if (request.inputBlockIds !== undefined && request.inputTokens === undefined) {
      context.addIssue({ code: "custom", path: ["inputTokens"], message: "inputBlockIds needs inputTokens" });
    }
    if (request.outputTokenIds !== undefined && request.outputSegments !== undefined) {
      context.addIssue({ code: "custom", path: ["outputSegments"], message: "give outputTokenIds or outputSegments" });
    }
    if (request.outputTokenIds !== undefined && request.inputTokenIds === undefined) {
      context.addIssue({ code: "custom", path: ["outputTokenIds"], message: "outputTokenIds needs inputTokenIds" });
    }
    if (request.outputSegments !== undefined && request.inputSegments === undefined) {
      context.addIssue({ code: "custom", path: ["outputSegments"], message: "outputSegments needs inputSegments" });
    }
  });

/**
 * One request of a KV-cache trace.
 *
 * @example
 * ```ts
 * import type { KvTraceRequest } from "@aifactory/memory";
 * const request: KvTraceRequest = { sessionId: "s1", inputSegments: [{ id: "system", tokens: 1024 }] };
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export type KvTraceRequest = z.infer<typeof kvTraceRequestSchema>;

/**
 * A line of Mooncake's open trace format (`timestamp` ms, `input_length`, `output_length`, `hash_ids` with one
 * id per 512-token block), accepted as is and converted to {@link KvTraceRequest}.
 */
const mooncakeLineSchema = z
  .object({
    timestamp: finiteNonNegative.optional(),
    input_length: nonNegativeInt.max(MAX_TRACE_TOKENS),
    output_length: nonNegativeInt.max(MAX_TRACE_TOKENS).optional(),
    hash_ids: z.array(nonNegativeInt),
    session_id: z.union([z.string(), z.number()]).optional(),
  })
  .strict();

function fromMooncake(line: z.infer<typeof mooncakeLineSchema>): KvTraceRequest {
  return {
    ...(line.timestamp === undefined ? {} : { timestampMs: line.timestamp }),
    ...(line.session_id === undefined ? {} : { sessionId: String(line.session_id) }),
    inputBlockIds: line.hash_ids,
    inputTokens: line.input_length,
    ...(line.output_length === undefined ? {} : { outputTokens: line.output_length }),
  };
}

/**
 * Options of {@link parseKvTraceJsonl}.
 *
 * @example
 * ```ts
 * import { parseKvTraceJsonl, type ParseKvTraceOptions } from "@aifactory/memory";
 * const options: ParseKvTraceOptions = { label: "trace.jsonl", maxProblems: 5 };
 * parseKvTraceJsonl('{"inputTokenIds":[1]}', options);
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export interface ParseKvTraceOptions {
  /** What the text is, for error messages (default `"KV trace"`), e.g. the file name. */
  label?: string;
  /** Stop collecting problems after this many (default 20). */
  maxProblems?: number;
}

/**
 * Parses a KV-cache trace in JSONL: one JSON object per line, each a {@link KvTraceRequest} (see
 * `docs/kv-cache.md` for the format) or a line of Mooncake's trace format (`hash_ids`, `input_length`,
 * `output_length`, `timestamp`). Blank lines are skipped. Every line is validated; errors name the line number
 * and the field.
 *
 * @param text - the file's content
 * @param options - a label for messages; the problem limit
 * @returns the requests, in file order
 * @throws InvalidInputError listing each bad line (`line 7: inputSegments[0].tokens: ...`); also for a trace
 *   with no request
 * @example
 * ```ts
 * import { parseKvTraceJsonl } from "@aifactory/memory";
 * const trace = parseKvTraceJsonl(
 *   '{"inputTokenIds":[1,2,3,4,5]}\n{"timestamp":0,"input_length":600,"output_length":20,"hash_ids":[0]}\n',
 * );
 * trace.length; // 2
 * trace[1]?.inputBlockIds; // [0]
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function parseKvTraceJsonl(text: string, options: ParseKvTraceOptions = {}): KvTraceRequest[] {
  const label = options.label ?? "KV trace";
  const maxProblems = options.maxProblems ?? 20;
  const problems: InputProblem[] = [];
  const requests: KvTraceRequest[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length && problems.length < maxProblems; index++) {
    const raw = (lines[index] as string).trim();
    if (raw === "") continue;
    const lineNumber = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({
        path: `line ${lineNumber}`,
        message: `not valid JSON (${error instanceof Error ? error.message : String(error)})`,
        received: raw,
        hint: "each line must be one JSON object",
      });
      continue;
    }
    if (value !== null && typeof value === "object" && "hash_ids" in value) {
      const parsed = mooncakeLineSchema.safeParse(value);
      if (parsed.success) requests.push(fromMooncake(parsed.data));
      else addZodProblems(problems, lineNumber, parsed.error, value);
      continue;
    }
    const parsed = kvTraceRequestSchema.safeParse(value);
    if (parsed.success) requests.push(parsed.data);
    else addZodProblems(problems, lineNumber, parsed.error, value);
  }
  if (problems.length > 0) {
    throw new InvalidInputError(
      label,
      problems,
      "fix the lines listed above; the trace format is documented in @aifactory/memory docs/kv-cache.md",
    );
  }
  if (requests.length === 0) {
    throw new InvalidInputError(label, [{ path: "(file)", message: "the trace holds no request" }]);
  }
  return requests;
}

function addZodProblems(problems: InputProblem[], lineNumber: number, error: z.ZodError, input: unknown): void {
  const converted = InvalidInputError.fromZod("line", error, input).problems;
  for (const problem of converted) {
    problems.push({ ...problem, path: `line ${lineNumber}${problem.path === "" ? "" : `: ${problem.path}`}` });
  }
}

/**
 * Writes requests as JSONL (one object per line, newline-terminated), the inverse of
 * {@link parseKvTraceJsonl}; use it to save a synthetic trace for other tools.
 *
 * @param requests - the trace
 * @returns the JSONL text
 * @example
 * ```ts
 * import { formatKvTraceJsonl } from "@aifactory/memory";
 * formatKvTraceJsonl([{ inputTokenIds: [1, 2] }]); // '{"inputTokenIds":[1,2]}\n'
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function formatKvTraceJsonl(requests: ReadonlyArray<KvTraceRequest>): string {
  let out = "";
  for (const request of requests) out += `${JSON.stringify(request)}\n`;
  return out;
}
