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
  /**
   * Runs one statement (unnamed, parsed each time) with every parameter given as PostgreSQL text input and every
   * result field read back as text (null for NULL): the path the store's writes of large batches take, where
   * converting the parameters by type and measuring their UTF-8 length in JavaScript cost more than the statement's
   * own work. Optional: without it the store sends the same statement through {@link SqlExecutor.query}.
   *
   * @param sql - the statement
   * @param params - the parameters as text (`{1,2}` for an array), or null
   * @returns each row's fields, in the statement's column order
   */
  queryText?(sql: string, params: readonly (string | null)[]): Promise<Array<Array<string | null>>>;
}

/**
 * A statement prepared once per connection under a name and then run by name (see
 * {@link SqlClient.queryPrepared}). The name must always stand for the same text.
 *
 * @example
 * ```ts
 * import type { PreparedStatement } from "@aifactory/memory-postgres";
 * const statement: PreparedStatement = { name: "count_memories_v1", text: "SELECT count(*) FROM aif_memories WHERE user_id = $1" };
 * statement.name; // "count_memories_v1"
 * ```
 * @since 0.2.0
 * @category SQL
 */
export interface PreparedStatement {
  /** The name it is prepared under in each connection. */
  readonly name: string;
  /** The SQL, with `$1`, `$2`, ... placeholders whose types the SQL's casts fix. */
  readonly text: string;
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
  /**
   * Runs a prepared statement outside any transaction, with every parameter given as PostgreSQL text input and
   * every result field read back as text (null for NULL): the path the store's searches take, prepared once per
   * connection and then only bound and executed, with no per-type decoding of the fields. Optional: without it
   * the store sends the same SQL through {@link SqlExecutor.query}.
   *
   * @param statement - the statement and the name it is prepared under
   * @param params - the parameters as text (`{1,2}` for an array), or null
   * @returns each row's fields, in the statement's column order
   */
  queryPrepared?(
    statement: PreparedStatement,
    params: readonly (string | null)[],
  ): Promise<Array<Array<string | null>>>;
  /** Closes the connection (or pool). */
  close(): Promise<void>;
}
