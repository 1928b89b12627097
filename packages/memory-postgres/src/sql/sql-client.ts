/**
 * The part of a Postgres connection the store needs: parameterised queries. Both PGlite and `pg` fit it.
 *
 * @since 0.1.0
 * @category SQL
 */
export interface SqlExecutor {
  /**
   * Runs one parameterised statement (`$1`, `$2`, ... placeholders; values are never spliced into SQL).
   *
   * @param sql - the statement
   * @param params - the values
   * @returns the rows
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
}

/**
 * A connection with transactions, for one backend.
 *
 * @since 0.1.0
 * @category SQL
 */
export interface SqlClient extends SqlExecutor {
  /** `pglite` (embedded) or `postgres` (a server through `pg`). */
  readonly backend: "pglite" | "postgres";
  /**
   * True when the database lives only as long as this client (PGlite in memory, as `openPgliteClient` opens it
   * without a data directory). Nothing in it outlives the process, so the memory store keeps its tables
   * unlogged: no write-ahead log, which would only guard against a crash that loses the database anyway.
   * Default false.
   */
  readonly ephemeral?: boolean;
  /**
   * Runs `body` in one transaction: committed when it resolves, rolled back when it throws.
   *
   * @param body - the work, given an executor bound to the transaction
   * @returns what `body` returns
   */
  transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Closes the connection (or pool). */
  close(): Promise<void>;
}
