import type { ContractTestApi } from "@aifactory/memory";
import type { SqlClient } from "./sql-client";

/**
 * Makes a fresh client for one contract case (closed by the suite afterwards).
 *
 * @since 0.2.0
 * @category Contract
 */
export type SqlClientFactory = () => SqlClient | Promise<SqlClient>;

/**
 * Options of {@link runSqlClientContract}.
 *
 * @since 0.2.0
 * @category Contract
 */
export interface SqlClientContractOptions {
  /** Suite name (default `SqlClient contract`). */
  name?: string;
  /** Per-test timeout in ms (default 30 000: PGlite boots in a few seconds). */
  timeoutMs?: number;
}

/**
 * One contract case: a name and a body that throws on failure.
 *
 * @since 0.2.0
 * @category Contract
 */
export interface SqlClientContractCase {
  name: string;
  run(client: SqlClient): Promise<void>;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`contract violated: ${message}`);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A table name of its own per case: cases may share one database (a server's). */
const tableName = () => `aif_contract_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

async function withTable(client: SqlClient, body: (table: string) => Promise<void>): Promise<void> {
  const table = tableName();
  await client.query(`CREATE TABLE ${table} (v integer, t text)`);
  try {
    await body(table);
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

/** Values that text input and output must carry unchanged. */
const TEXTS = ['quote " and \\ backslash', "naïve ☃ 𝄞", "comma, {brace} NULL", "line\nbreak", ""];

/**
 * The cases of the `SqlClient` contract: what the Postgres memory store needs of a connection, its optional
 * fast paths (`queryPrepared`, `queryText`) included when the client has them. For clients of your own
 * (a pool with tracing, another driver) and for the built-in ones.
 *
 * @returns the cases
 * @example
 * ```ts
 * import { sqlClientContractCases } from "@aifactory/memory-postgres";
 * sqlClientContractCases().length > 0; // true
 * ```
 * @since 0.2.0
 * @category Contract
 */
export function sqlClientContractCases(): SqlClientContractCase[] {
  return [
    {
      name: "query binds parameters (NULL included) and names fields",
      async run(client) {
        const { rows } = await client.query<{ a: number; b: string | null; c: string }>(
          "SELECT $1::int + 1 AS a, $2::text AS b, $3::text AS c",
          [41, null, TEXTS[0]],
        );
        check(rows.length === 1, "one row");
        check(Number(rows[0]?.a) === 42 && rows[0]?.b === null && rows[0]?.c === TEXTS[0], "fields by name, as sent");
      },
    },
    {
      name: "a transaction commits when its body resolves and rolls back when it throws",
      async run(client) {
        await withTable(client, async (table) => {
          const value = await client.transaction(async (tx) => {
            await tx.query(`INSERT INTO ${table} (v) VALUES ($1)`, [1]);
            const seen = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
            check(Number(seen.rows[0]?.n) === 1, "a transaction sees its own writes");
            return "done";
          });
          check(value === "done", "transaction returns what its body returns");
          let thrown: unknown;
          try {
            await client.transaction(async (tx) => {
              await tx.query(`INSERT INTO ${table} (v) VALUES ($1)`, [2]);
              throw new Error("body failed");
            });
          } catch (error) {
            thrown = error;
          }
          check(thrown instanceof Error && thrown.message === "body failed", "the body's error comes out");
          const { rows } = await client.query<{ v: number }>(`SELECT v FROM ${table} ORDER BY v`);
          check(
            same(
              rows.map((r) => Number(r.v)),
              [1],
            ),
            "the committed row stays, the rolled-back one is gone",
          );
        });
      },
    },
    {
      name: "a failing statement rejects with the server's SQLSTATE in `code`, and the client stays usable",
      async run(client) {
        let code: unknown;
        try {
          await client.query("SELECT 1 / $1::int", [0]);
        } catch (error) {
          code = (error as { code?: unknown }).code;
        }
        check(code === "22012", `division by zero reports SQLSTATE 22012 (got ${String(code)})`);
        if (client.queryPrepared !== undefined) {
          code = undefined;
          try {
            await client.queryPrepared({ name: "aif_contract_div_v1", text: "SELECT (1 / $1::int)::text" }, ["0"]);
          } catch (error) {
            code = (error as { code?: unknown }).code;
          }
          check(code === "22012", `queryPrepared: SQLSTATE 22012 (got ${String(code)})`);
          const again = await client.queryPrepared(
            { name: "aif_contract_div_v1", text: "SELECT (1 / $1::int)::text" },
            ["1"],
          );
          check(same(again, [["1"]]), "the same prepared statement runs after its failure");
        }
        const { rows } = await client.query<{ one: number }>("SELECT 1 AS one");
        check(Number(rows[0]?.one) === 1, "usable after errors");
      },
    },
    {
      name: "queryPrepared (when present): text in, text out, NULL as null, many runs of one name, rows in order",
      async run(client) {
        if (client.queryPrepared === undefined) return;
        const echo = { name: "aif_contract_echo_v1", text: "SELECT $1::text, $2::int[], $3::float8, NULL::text" };
        for (const text of TEXTS) {
          const rows = await client.queryPrepared(echo, [text, "{1,2,3}", "1733400000000.5"]);
          check(same(rows, [[text, "{1,2,3}", "1733400000000.5", null]]), `echo of ${JSON.stringify(text)}`);
        }
        check(same(await client.queryPrepared(echo, [null, "{}", "2"]), [[null, "{}", "2", null]]), "NULL parameter");
        const series = { name: "aif_contract_series_v1", text: "SELECT g::text FROM generate_series(1, $1::int) g" };
        check(same(await client.queryPrepared(series, ["3"]), [["1"], ["2"], ["3"]]), "rows in order");
      },
    },
    {
      name: "queryText (when present): text parameters, in a transaction and outside",
      async run(client) {
        await withTable(client, async (table) => {
          const insert = `INSERT INTO ${table} (v, t) SELECT u.v, u.t FROM unnest($1::int[], $2::text[]) AS u(v, t) RETURNING t`;
          const literal = `{${TEXTS.map((t) => `"${t.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
          const numbers = `{${TEXTS.map((_, i) => i).join(",")}}`;
          const inserted = await client.transaction(async (tx) => {
            if (tx.queryText === undefined) {
              await tx.query(insert, [numbers, literal]);
              return undefined;
            }
            return tx.queryText(insert, [numbers, literal]);
          });
          if (inserted !== undefined)
            check(
              same(
                inserted.map((r) => r[0]),
                TEXTS,
              ),
              "RETURNING fields as text",
            );
          if (client.queryText !== undefined) {
            const rows = await client.queryText(`SELECT t, v::text FROM ${table} ORDER BY v`, []);
            check(
              same(
                rows.map((r) => r[0]),
                TEXTS,
              ),
              "every text back as sent",
            );
            check(
              same(
                rows.map((r) => r[1]),
                TEXTS.map((_, i) => String(i)),
              ),
              "numbers as text",
            );
          }
        });
      },
    },
    {
      name: "concurrent statements, queries and transactions each get their own answer",
      async run(client) {
        const square = {
          name: "aif_contract_square_v1",
          text: "SELECT ($1::int * $1::int)::text, repeat('x', $1::int)",
        };
        const work: Array<Promise<unknown>> = [];
        const expected: unknown[] = [];
        for (let i = 0; i < 40; i++) {
          if (i % 4 === 1) {
            work.push(client.query<{ v: number }>("SELECT $1::int + 1 AS v", [i]).then((r) => Number(r.rows[0]?.v)));
            expected.push(i + 1);
          } else if (i % 4 === 2) {
            work.push(
              client.transaction(async (tx) => {
                const a = await tx.query<{ v: number }>("SELECT $1::int AS v", [i]);
                const b = await tx.query<{ v: number }>("SELECT $1::int * 2 AS v", [Number(a.rows[0]?.v)]);
                return Number(b.rows[0]?.v);
              }),
            );
            expected.push(i * 2);
          } else if (client.queryPrepared !== undefined) {
            work.push(client.queryPrepared(square, [String(i)]));
            expected.push([[String(i * i), "x".repeat(i)]]);
          }
        }
        check(same(await Promise.all(work), expected), "every caller got its own answer");
      },
    },
  ];
}

/**
 * Registers the `SqlClient` contract suite with a test runner: each case gets a fresh client from `factory`
 * and closes it afterwards.
 *
 * @param factory - makes a client (on a database where the cases may create and drop tables)
 * @param api - the runner's `describe` and `it` (e.g. from vitest)
 * @param options - suite name and timeout
 * @example
 * ```ts
 * // not run in tests: registers vitest suites, so it belongs at the top level of a test file
 * import { describe, it } from "vitest";
 * import { openPgliteClient, runSqlClientContract } from "@aifactory/memory-postgres";
 * runSqlClientContract(() => openPgliteClient(undefined, { pgvector: false }), { describe, it });
 * ```
 * @since 0.2.0
 * @category Contract
 */
export function runSqlClientContract(
  factory: SqlClientFactory,
  api: ContractTestApi,
  options: SqlClientContractOptions = {},
): void {
  api.describe(options.name ?? "SqlClient contract", () => {
    for (const c of sqlClientContractCases()) {
      api.it(
        c.name,
        async () => {
          const client = await factory();
          try {
            await c.run(client);
          } finally {
            await client.close();
          }
        },
        options.timeoutMs ?? 30_000,
      );
    }
  });
}
