/**
 * Formats epoch milliseconds as `new Date(ms).toISOString()` does, reusing the date-and-seconds part while the
 * second stays the same: a batch of records written in consecutive milliseconds costs one `toISOString` per
 * second instead of one per record (it was a tenth of an ingest's time). Falls back to `toISOString` outside
 * years 0000-9999 (whose ISO form is longer) and for non-integer times.
 *
 * @internal
 * @example
 * ```ts
 * import { IsoMillisFormatter } from "./iso-millis";
 * const iso = new IsoMillisFormatter();
 * iso.format(1_767_225_600_123); // "2026-01-01T00:00:00.123Z"
 * iso.format(1_767_225_600_124) === new Date(1_767_225_600_124).toISOString(); // true
 * ```
 * @since 0.1.0
 * @category Store
 */
export class IsoMillisFormatter {
  private second = Number.NaN;
  /** `YYYY-MM-DDTHH:mm:ss.` of `second`, or "" when that second has no 24-character ISO form. */
  private prefix = "";

  format(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      const text = Number.isInteger(ms) ? new Date(second * 1000).toISOString() : "";
      this.second = second;
      this.prefix = text.length === 24 ? text.slice(0, 20) : "";
    }
    if (this.prefix === "" || !Number.isInteger(ms)) return new Date(ms).toISOString();
    const millis = ms - second * 1000;
    return `${this.prefix}${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
  }
}
