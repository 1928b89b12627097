import { closestMatches } from "../text/closest";
import { AifError } from "./aif-error";

/**
 * A lookup by id missed. The message names the kind and the id; the hint suggests the nearest known ids.
 *
 * @example
 * ```ts
 * import { NotFoundError } from "@aifactory/core";
 * const error = new NotFoundError("accelerator", "nvidia-h100-sx", ["nvidia-h100-sxm", "amd-mi300x"]);
 * error.message; // 'unknown accelerator "nvidia-h100-sx"'
 * error.hint; // 'did you mean "nvidia-h100-sxm"?'
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class NotFoundError extends AifError {
  /** The nearest known ids, nearest first. */
  readonly suggestions: string[];

  /**
   * @param kind - what was looked up, e.g. `"accelerator"`
   * @param id - the id that was not found
   * @param knownIds - every valid id, used for suggestions
   */
  constructor(kind: string, id: string, knownIds: Iterable<string>) {
    const known = [...knownIds];
    const suggestions = closestMatches(id, known);
    const hint =
      suggestions.length > 0
        ? `did you mean ${suggestions.map((s) => `"${s}"`).join(" or ")}?`
        : known.length > 0
          ? `known ${kind} ids: ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", ..." : ""}`
          : `no ${kind} is registered`;
    super("NOT_FOUND", `unknown ${kind} "${id}"`, { hint, details: { kind, id, suggestions } });
    this.name = "NotFoundError";
    this.suggestions = suggestions;
  }
}
