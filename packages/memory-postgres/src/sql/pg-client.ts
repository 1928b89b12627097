import { AifError, InvalidInputError } from "@aifactory/core";
import type { Client, ClientConfig, CustomTypesConfig } from "pg";
import type { SqlClient, SqlExecutor } from "./sql-client";

/** "user@host:port/database" of a postgres:// URL (no password), or an input error for anything else. */
function describeTarget(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    url = new URL("invalid:");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new InvalidInputError("PostgreSQL connection", [
      {
        path: "connectionString",
        message: "must be a postgres:// or postgresql:// URL",
        received: connectionString.replace(/:[^:@/]*@/, ":***@"),
        hint: "e.g. postgres://user:password@localhost:5432/aifactory",
      },
    ]);
  }
  return `${url.username ? `${decodeURIComponent(url.username)}@` : ""}${url.hostname || "localhost"}:${url.port || "5432"}${url.pathname}`;
}

/** A connection failure as the user can act on it: the server, the host, the credentials or the database. */
function connectionError(error: unknown, target: string): AifError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const known: Record<string, [string, string]> = {
    ECONNREFUSED: ["the server refused the connection", "is PostgreSQL running and listening on that host and port?"],
    ENOTFOUND: ["the host name does not resolve", "check the host in the connection string"],
    ETIMEDOUT: ["the connection timed out", "check the host, the port and any firewall between"],
    "28P01": ["authentication failed", "check the user name and password in the connection string"],
    "28000": ["the server refused this user", "check pg_hba.conf and the user in the connection string"],
    "3D000": ["the database does not exist", "create it (createdb) or fix the database name in the connection string"],
  };
  const [what, hint] = (code !== undefined ? known[code] : undefined) ?? ["the connection failed", message];
  return new AifError(
    code === "3D000" || code === "28P01" || code === "28000" ? "INVALID_CONFIGURATION" : "IO_FAILURE",
    `cannot connect to PostgreSQL at ${target}: ${what}`,
    {
      hint,
      cause: error,
    },
  );
}

/**
 * Whether a failed statement's error also ended its connection: an error without an SQLSTATE (the socket closed,
 * "Connection terminated unexpectedly"), a FATAL or PANIC one (the server ends the session after it, as
 * `pg_terminate_backend` does with 57P01), or a connection exception (class 08).
 */
function endsConnection(error: unknown): boolean {
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  if (typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return severity === "FATAL" || severity === "PANIC" || code.startsWith("08");
}

/** Every result field as the text the server sent (no per-type parsing). */
const TEXT_FIELDS = { getTypeParser: () => (value: string) => value } as unknown as CustomTypesConfig;

type ClientConstructor = new (config: ClientConfig) => Client;
let clientConstructor: Promise<ClientConstructor> | undefined;

/** Loads `pg`'s client class on first use (the subpath has no type declarations; `pg`'s own types apply). */
function loadClientConstructor(): Promise<ClientConstructor> {
  const specifier = "pg/lib/client";
  clientConstructor ??= import(specifier).then(
    (module: { default?: ClientConstructor }) => (module.default ?? module) as ClientConstructor,
  );
  return clientConstructor;
}

/**
 * Connects to a PostgreSQL server through `pg` clients (a small pool of at most `maxConnections`). The `pg`
 * client class is loaded lazily from `pg/lib/client`, which loads the same under ESM, CJS and test runners that
 * resolve `pg-pool` to its ES module; nothing connects until the first query.
 *
 * @param connectionString - e.g. `postgres://user:password@127.0.0.1:5432/db`
 * @param maxConnections - pool size (default 4)
 * @returns a SQL client
 * @example
 * ```ts
 * import { openPgClient } from "@aifactory/memory-postgres";
 * const client = openPgClient("postgres://aif:aif@127.0.0.1:5432/aif_test"); // connects on the first query
 * client.backend; // "postgres"
 * await client.close();
 * ```
 * @since 0.1.0
 * @category SQL
 */
export function openPgClient(connectionString: string, maxConnections = 4): SqlClient {
  const target = describeTarget(connectionString);
  const idle: Client[] = [];
  const waiting: Array<{ resolve: (client: Client) => void; reject: (error: unknown) => void }> = [];
  let open = 0;
  let closed = false;
  // Connections the server or the network ended (pg reports it with an "error" or "end" event; an idle client's
  // error event without a listener would end the process): dropped instead of being handed out again.
  const lost = new WeakSet<Client>();
  const forget = (client: Client) => {
    if (lost.has(client)) return;
    lost.add(client);
    const at = idle.indexOf(client);
    if (at >= 0) {
      idle.splice(at, 1);
      open--;
    }
  };
  // Named (server-side prepared) statements until the server says a name is missing or taken.
  let named = true;

  const connect = async (): Promise<Client> => {
    open++;
    const PgClient = await loadClientConstructor();
    const client = new PgClient({ connectionString });
    client.on("error", () => forget(client));
    client.on("end", () => forget(client));
    try {
      await client.connect();
    } catch (error) {
      lost.add(client);
      open--;
      throw connectionError(error, target);
    }
    return client;
  };
  const acquire = async (): Promise<Client> => {
    const ready = idle.pop();
    if (ready) return ready;
    if (open < maxConnections) return connect();
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  // A connection left the pool: the next caller waiting for one gets a new one.
  const replace = (): void => {
    const next = closed ? undefined : waiting.shift();
    if (next) connect().then(next.resolve, next.reject);
  };
  const release = (client: Client, broken = false): void => {
    if (lost.has(client)) {
      // Counted out by `forget` only when it was idle; in use, it is counted out here.
      open--;
      replace();
      return;
    }
    if (broken || closed) {
      lost.add(client);
      open--;
      void client.end().catch(() => undefined);
      replace();
      return;
    }
    const next = waiting.shift();
    if (next) next.resolve(client);
    else idle.push(client);
  };
  const executor = (client: Client): SqlExecutor => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as Row[] };
    },
    async queryText(sql, params) {
      const result = await client.query<Array<string | null>>({
        text: sql,
        values: params as unknown[],
        rowMode: "array",
        types: TEXT_FIELDS,
      });
      return result.rows;
    },
  });

  return {
    backend: "postgres",
    async queryPrepared(statement, params) {
      const client = await acquire();
      const run = (name: string | undefined) =>
        client.query<Array<string | null>>({
          ...(name === undefined ? {} : { name }),
          text: statement.text,
          values: params as unknown[],
          rowMode: "array",
          types: TEXT_FIELDS,
        });
      try {
        // pg prepares a named statement on a connection's first use and then only binds and executes it.
        let result: Awaited<ReturnType<typeof run>>;
        try {
          result = await run(named ? statement.name : undefined);
        } catch (error) {
          // A pooler between (PgBouncer in transaction mode) moves sessions under a connection, so a name this
          // connection prepared may be missing or taken on the server: unnamed statements from then on.
          const code = (error as { code?: string }).code;
          if (!named || (code !== "26000" && code !== "42P05")) throw error;
          named = false;
          result = await run(undefined);
        }
        release(client);
        return result.rows;
      } catch (error) {
        release(client, endsConnection(error));
        throw error;
      }
    },
    async queryText(sql, params) {
      const client = await acquire();
      try {
        const rows = await executor(client).queryText?.(sql, params);
        release(client);
        return rows ?? [];
      } catch (error) {
        release(client, endsConnection(error));
        throw error;
      }
    },
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const client = await acquire();
      try {
        const result = await client.query(sql, params as unknown[]);
        release(client);
        return { rows: result.rows as Row[] };
      } catch (error) {
        release(client, endsConnection(error));
        throw error;
      }
    },
    async transaction(body) {
      const client = await acquire();
      try {
        await client.query("BEGIN");
        const value = await body(executor(client));
        await client.query("COMMIT");
        release(client);
        return value;
      } catch (error) {
        const rolledBack = await client.query("ROLLBACK").then(
          () => true,
          () => false,
        );
        release(client, !rolledBack);
        throw error;
      }
    },
    async close() {
      closed = true;
      for (const next of waiting.splice(0)) {
        next.reject(
          new AifError(
            "IO_FAILURE",
            `the PostgreSQL client for ${target} was closed while this query waited for a connection`,
            { hint: "close the client after its queries finish" },
          ),
        );
      }
      await Promise.all(idle.splice(0).map((c) => c.end().catch(() => undefined)));
    },
  };
}
