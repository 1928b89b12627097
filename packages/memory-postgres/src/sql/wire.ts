/**
 * The few messages of PostgreSQL's frontend/backend protocol (version 3) that a prepared statement with text
 * parameters and text results needs: Parse, Bind, Execute and Sync out; ParseComplete, BindComplete, DataRow,
 * CommandComplete, ReadyForQuery, ErrorResponse and NoticeResponse back. PGlite runs the protocol in process; a
 * query sent this way is one buffer in and one buffer out, where its general query path sends six messages in
 * turn, parses each answer into objects and serialises the parameters by type (see `pglite-client.ts`).
 *
 * Message layouts: PostgreSQL documentation, "Frontend/Backend Protocol", "Message Formats"
 * (https://www.postgresql.org/docs/current/protocol-message-formats.html).
 */

import type { PreparedStatement } from "./sql-client";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A server error as PostgreSQL reports it (the ErrorResponse fields the store and its callers read). */
export class WireError extends Error {
  /** SQLSTATE, e.g. `26000` for a prepared statement that does not exist. */
  readonly code: string;
  /** ERROR, FATAL, ... */
  readonly severity: string;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  constructor(fields: Map<string, string>) {
    super(fields.get("M") ?? "unknown PostgreSQL error");
    this.name = "WireError";
    this.code = fields.get("C") ?? "XX000";
    this.severity = fields.get("V") ?? fields.get("S") ?? "ERROR";
    this.detail = fields.get("D");
    this.hint = fields.get("H");
  }
}

/** A growable byte buffer for one outgoing batch of messages. */
class Writer {
  bytes = new Uint8Array(256);
  length = 0;
  private view = new DataView(this.bytes.buffer);

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }
  byte(value: number): void {
    this.room(1);
    this.bytes[this.length++] = value;
  }
  int16(value: number): void {
    this.room(2);
    this.view.setInt16(this.length, value);
    this.length += 2;
  }
  int32(value: number): void {
    this.room(4);
    this.view.setInt32(this.length, value);
    this.length += 4;
  }
  /** UTF-8 bytes, without a terminator. */
  text(value: string): void {
    // At most 3 bytes per UTF-16 unit.
    this.room(value.length * 3);
    this.length += encoder.encodeInto(value, this.bytes.subarray(this.length)).written;
  }
  cstring(value: string): void {
    this.text(value);
    this.byte(0);
  }
  /** Starts a message of `type`; returns where its length goes, for {@link Writer.end}. */
  begin(type: string): number {
    this.byte(type.charCodeAt(0));
    const at = this.length;
    this.int32(0);
    return at;
  }
  end(at: number): void {
    this.view.setInt32(at, this.length - at);
  }
  /** Writes the length of what follows a 4-byte length field at `at` (a parameter's value). */
  endValue(at: number): void {
    this.view.setInt32(at, this.length - at - 4);
  }
  done(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * Bind (the unnamed portal to the prepared statement, every parameter and result field in text), Execute (all
 * rows) and Sync, in one buffer; preceded by Parse (prepare `statement.text` under its name, the parameter types
 * inferred from the SQL) when `prepare` is true. After an error the backend skips to Sync, so a failed Parse
 * runs nothing.
 *
 * @param statement - the statement
 * @param params - the parameters as PostgreSQL text input (null for NULL)
 * @param prepare - whether to prepare the statement first
 * @returns the message bytes
 */
export function encodeStatement(
  statement: PreparedStatement,
  params: readonly (string | null)[],
  prepare: boolean,
): Uint8Array {
  const w = new Writer();
  if (prepare) {
    const parse = w.begin("P");
    w.cstring(statement.name);
    w.cstring(statement.text);
    w.int16(0); // no parameter types given: inferred from the casts in the SQL
    w.end(parse);
  }
  const bind = w.begin("B");
  w.cstring(""); // unnamed portal
  w.cstring(statement.name);
  w.int16(0); // parameter formats: all text
  w.int16(params.length);
  for (const param of params) {
    if (param === null) {
      w.int32(-1);
      continue;
    }
    const lengthAt = w.length;
    w.int32(0);
    w.text(param);
    w.endValue(lengthAt);
  }
  w.int16(0); // result formats: all text
  w.end(bind);
  const execute = w.begin("E");
  w.cstring("");
  w.int32(0); // no row limit
  w.end(execute);
  w.end(w.begin("S"));
  return w.done();
}

/**
 * The rows of a backend response (DataRow fields as text, null for NULL), or the WireError of its ErrorResponse.
 * Messages other than DataRow and ErrorResponse (completions, notices, ReadyForQuery) carry nothing it needs.
 *
 * @param response - the bytes the backend sent after a batch that ends with Sync
 * @returns the rows
 * @throws WireError when the backend reported an error
 */
export function decodeRows(response: Uint8Array): Array<Array<string | null>> {
  const view = new DataView(response.buffer, response.byteOffset, response.byteLength);
  const rows: Array<Array<string | null>> = [];
  let error: WireError | undefined;
  let at = 0;
  while (at + 5 <= response.length) {
    const type = response[at] as number;
    const length = view.getInt32(at + 1);
    const body = at + 5;
    const end = at + 1 + length;
    if (type === 0x44 /* D: DataRow */) {
      const count = view.getInt16(body);
      const row: Array<string | null> = new Array(count);
      let p = body + 2;
      for (let i = 0; i < count; i++) {
        const size = view.getInt32(p);
        p += 4;
        if (size < 0) row[i] = null;
        else {
          row[i] = decoder.decode(response.subarray(p, p + size));
          p += size;
        }
      }
      rows.push(row);
    } else if (type === 0x45 /* E: ErrorResponse */ && error === undefined) {
      const fields = new Map<string, string>();
      let p = body;
      while (p < end && response[p] !== 0) {
        const code = String.fromCharCode(response[p] as number);
        const stop = response.indexOf(0, p + 1);
        fields.set(code, decoder.decode(response.subarray(p + 1, stop)));
        p = stop + 1;
      }
      error = new WireError(fields);
    }
    at = end;
  }
  if (error !== undefined) throw error;
  return rows;
}

/**
 * Whether a backend response holds ParseComplete: the statement was prepared even if what followed failed.
 *
 * @param response - the bytes the backend sent
 * @returns true when a ParseComplete message is among them
 */
export function sawParseComplete(response: Uint8Array): boolean {
  const view = new DataView(response.buffer, response.byteOffset, response.byteLength);
  for (let at = 0; at + 5 <= response.length; at += 1 + view.getInt32(at + 1)) {
    if (response[at] === 0x31 /* 1: ParseComplete */) return true;
  }
  return false;
}
