import type { SqlExecutor } from "./sql-client";

/**
 * A parameter as PostgreSQL text input, as `pg` and PGlite would send it: null stays null, numbers and bigints
 * print as JavaScript prints them (which float8, int and bigint input read back), booleans as `t`/`f`, arrays
 * as array literals (every non-null element that is not a number quoted, backslashes and quotes escaped), other
 * objects as JSON.
 *
 * @param value - the value
 * @returns its text input, or null
 */
export function toTextParam(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  if (Array.isArray(value)) return arrayLiteral(value);
  return JSON.stringify(value);
}

const ESCAPED = /[\\"]/g;

function arrayLiteral(values: readonly unknown[]): string {
  const parts: string[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = "NULL";
    else if (typeof v === "number" || typeof v === "bigint") parts[i] = String(v);
    else if (typeof v === "boolean") parts[i] = v ? "t" : "f";
    else if (Array.isArray(v)) parts[i] = arrayLiteral(v);
    else {
      const text = typeof v === "string" ? v : JSON.stringify(v);
      parts[i] = text.includes('"') || text.includes("\\") ? `"${text.replace(ESCAPED, "\\$&")}"` : `"${text}"`;
    }
  }
  return `{${parts.join(",")}}`;
}

/**
 * Runs a statement with its parameters sent as text, through `queryText` where the executor has it (no
 * conversion by type in the driver), else through `query` with the same text parameters (fields the driver
 * parsed by type printed back as text). Rows come back as field arrays in column order, each field as text or
 * null.
 *
 * @param db - the executor (a client or a transaction)
 * @param sql - the statement
 * @param params - the values, converted by {@link toTextParam}
 * @returns the rows
 */
export async function queryAsText(
  db: SqlExecutor,
  sql: string,
  params: readonly unknown[],
): Promise<Array<Array<string | null>>> {
  const texts = params.map(toTextParam);
  if (db.queryText !== undefined) return db.queryText(sql, texts);
  const { rows } = await db.query<Record<string, unknown>>(sql, texts);
  // The driver parsed the fields by type: print them back as the server would (close enough to compare).
  return rows.map((row) => Object.values(row).map((v) => (v instanceof Date ? v.toISOString() : toTextParam(v))));
}
