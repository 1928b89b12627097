import type { z } from "zod";
import { AifError } from "./aif-error";

/**
 * One problem with an input: where it is, what was received and what was expected.
 *
 * @since 0.1.0
 * @category Errors
 */
export interface InputProblem {
  /** Dotted path of the offending field, e.g. `parallelism.tp` (empty for the root). */
  path: string;
  /** What is wrong, in words. */
  message: string;
  /** The value received at that path, if any. */
  received?: unknown;
  /** How to fix this particular problem, if known. */
  hint?: string;
}

/**
 * Formats a received value for an error message: strings quoted, long values cut.
 *
 * @param value - any value
 * @returns a short readable rendering
 * @example
 * ```ts
 * import { describeValue } from "@aifactory/core";
 * describeValue("fp9"); // '"fp9"'
 * ```
 * @since 0.1.0
 * @category Errors
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function valueAtPath(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Problems listed in an error message (all of them stay in `problems`). */
const MAX_LISTED = 20;

/**
 * Bad input: one readable line per problem (path, value received, what was expected), and a hint.
 *
 * Every trust boundary (files, CLI flags, plugin registration, tool output) turns zod failures into this
 * error through {@link parseInput} or {@link InvalidInputError.fromZod}.
 *
 * @example
 * ```ts
 * import { InvalidInputError } from "@aifactory/core";
 * const error = new InvalidInputError("training config", [
 *   { path: "tp", message: "must divide attentionHeads (64)", received: 3 },
 * ]);
 * error.message; // 'invalid training config:\n  - tp: must divide attentionHeads (64) (received 3)'
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class InvalidInputError extends AifError {
  /** Every problem found, not just the first. */
  readonly problems: InputProblem[];

  /**
   * @param label - what the input is, e.g. `"accelerator pack.json"`
   * @param problems - every problem found
   * @param hint - an overall hint (defaults to the first problem's hint)
   */
  constructor(label: string, problems: InputProblem[], hint?: string) {
    // The message lists the first MAX_LISTED problems (a 100k-item input must not print 100k lines); `problems`
    // keeps them all.
    const lines = problems.slice(0, MAX_LISTED).map((p) => {
      const where = p.path === "" ? "(root)" : p.path;
      const received = "received" in p ? ` (received ${describeValue(p.received)})` : "";
      return `  - ${where}: ${p.message}${received}`;
    });
    if (problems.length > MAX_LISTED) lines.push(`  - ... and ${problems.length - MAX_LISTED} more problems`);
    const overallHint = hint ?? problems.find((p) => p.hint !== undefined)?.hint ?? "fix the fields listed above";
    super("INVALID_INPUT", `invalid ${label}:\n${lines.join("\n")}`, {
      hint: overallHint,
      details: { label, problems },
    });
    this.name = "InvalidInputError";
    this.problems = problems;
  }

  /**
   * Builds the error from a zod error, naming every issue with its path and the value received.
   *
   * @param label - what the input is
   * @param error - the zod error
   * @param input - the original input, to report received values
   * @returns the error
   */
  static fromZod(label: string, error: z.ZodError, input?: unknown): InvalidInputError {
    const problems: InputProblem[] = error.issues.map((issue) => {
      const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
      const problem: InputProblem = { path: formatPath(path), message: issue.message };
      if (issue.code === "unrecognized_keys") {
        problem.message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
        problem.hint = "remove the field or check its spelling";
      } else if (input !== undefined) {
        problem.received = valueAtPath(input, path);
      }
      return problem;
    });
    return new InvalidInputError(label, problems);
  }
}

/**
 * Parses untrusted input with a zod schema; on failure throws an {@link InvalidInputError} that lists every
 * problem. Use it at trust boundaries, never deep inside a model.
 *
 * @param schema - the zod schema
 * @param input - untrusted data
 * @param label - what the input is, for the message (default `"input"`)
 * @returns the parsed, typed value
 * @throws InvalidInputError when the input does not match
 * @example
 * ```ts
 * import { z } from "zod";
 * import { parseInput } from "@aifactory/core";
 * const gpus = parseInput(z.number().int().positive(), 8, "gpu count"); // 8
 * ```
 * @since 0.1.0
 * @category Errors
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, label = "input"): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw InvalidInputError.fromZod(label, result.error, input);
  return result.data;
}
