import { AifError, type AifErrorOptions } from "./aif-error";

/**
 * Two things claim the same identity, e.g. two plugins registering the same accelerator id.
 *
 * @example
 * ```ts
 * import { ConflictError } from "@aifactory/core";
 * new ConflictError('duplicate accelerator id "x": registered by "a@1.0.0" and "b@2.0.0"');
 * ```
 * @since 0.1.0
 * @category Errors
 */
export class ConflictError extends AifError {
  constructor(message: string, options: AifErrorOptions = {}) {
    super("CONFLICT", message, options);
    this.name = "ConflictError";
  }
}
