/**
 * Stable error codes of aifactory. A code never changes meaning; new kinds of failure get new codes.
 *
 * @since 0.1.0
 * @category Errors
 */
export type AifErrorCode =
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_CONFIGURATION"
  | "UNSUPPORTED"
  | "IO_FAILURE"
  | "EXTERNAL_TOOL_FAILURE"
  | "VERIFICATION_FAILED"
  | "INTERNAL"
  | (string & {});

/**
 * Options of every aifactory error.
 *
 * @since 0.1.0
 * @category Errors
 */
export interface AifErrorOptions {
  /** How to fix the problem, in one or two sentences addressed to the user. */
  hint?: string;
  /** The underlying error, if any. */
  cause?: unknown;
  /** Structured details for programs (`--json` error output). */
  details?: Record<string, unknown>;
}

/**
 * The base class of every error aifactory throws on purpose: a stable `code`, a message that names the
 * offending field and value, a `hint` that says how to fix it, and the `cause`.
 *
 * Faces map codes to behaviour: the CLI exits 2 for {@link isUserError | user errors} and 1 otherwise.
 *
 * @example
 * ```ts
 * import { AifError } from "@aifactory/core";
 * const error = new AifError("IO_FAILURE", "could not read scenario.json", { hint: "check the path" });
 * error.code; // "IO_FAILURE"
 * error.hint; // "check the path"
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class AifError extends Error {
  /** The stable machine-readable code. */
  readonly code: AifErrorCode;
  /** How to fix it. */
  readonly hint: string | undefined;
  /** Structured details. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AifErrorCode, message: string, options: AifErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AifError";
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /**
   * A plain JSON form of the error (code, message, hint, details), for machine-readable output.
   *
   * @returns a JSON-serialisable object
   */
  toJSON(): { name: string; code: string; message: string; hint?: string; details?: Record<string, unknown> } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/**
 * Whether a value is an {@link AifError} (also across bundled copies of this package, by shape).
 *
 * @param value - anything caught
 * @returns true for AifError instances
 * @example
 * ```ts
 * import { AifError, isAifError } from "@aifactory/core";
 * isAifError(new AifError("NOT_FOUND", "no such id")); // true
 * ```
 * @since 0.1.0
 * @category Errors
 */
export function isAifError(value: unknown): value is AifError {
  return (
    value instanceof AifError ||
    (value instanceof Error &&
      typeof (value as { code?: unknown }).code === "string" &&
      "hint" in value &&
      value.name.endsWith("Error"))
  );
}

const USER_ERROR_CODES = new Set<string>(["INVALID_INPUT", "NOT_FOUND", "CONFLICT", "INVALID_CONFIGURATION"]);

/**
 * Whether an error was caused by the caller's input (bad value, unknown id, conflicting plugin ids, invalid
 * configuration) rather than by a failure while working. The CLI exits 2 for these and 1 for the rest.
 *
 * @param error - anything caught
 * @returns true for input errors
 * @example
 * ```ts
 * import { NotFoundError, isUserError } from "@aifactory/core";
 * isUserError(new NotFoundError("accelerator", "x", [])); // true
 * ```
 * @since 0.1.0
 * @category Errors
 */
export function isUserError(error: unknown): boolean {
  return isAifError(error) && USER_ERROR_CODES.has(error.code);
}
