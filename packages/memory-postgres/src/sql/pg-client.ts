import type { Client, ClientConfig } from "pg";
import type { SqlClient, SqlExecutor } from "./sql-client";

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
 * const client = openPgClient("postgres://aif:aif@127.0.0.1:5432/aif_test");
 * ```
 * @since 0.1.0
 * @category SQL
 */
export function openPgClient(connectionString: string, maxConnections = 4): SqlClient {
  const idle: Client[] = [];
  const waiting: Array<(client: Client) => void> = [];
  let open = 0;
  let closed = false;

  const acquire = async (): Promise<Client> => {
    const ready = idle.pop();
    if (ready) return ready;
    if (open < maxConnections) {
      open++;
      const PgClient = await loadClientConstructor();
      const client = new PgClient({ connectionString });
      try {
        await client.connect();
      } catch (error) {
        open--;
        throw error;
      }
      return client;
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (client: Client, broken = false): void => {
    if (broken || closed) {
      open--;
      void client.end().catch(() => undefined);
      return;
    }
    const next = waiting.shift();
    if (next) next(client);
    else idle.push(client);
  };
  const executor = (client: Client): SqlExecutor => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as Row[] };
    },
  });

  return {
    backend: "postgres",
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const client = await acquire();
      try {
        const result = await client.query(sql, params as unknown[]);
        release(client);
        return { rows: result.rows as Row[] };
      } catch (error) {
        release(client);
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
      await Promise.all(idle.splice(0).map((c) => c.end().catch(() => undefined)));
    },
  };
}
