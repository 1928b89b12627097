import { afterAll, describe, expect, it } from "vitest";
import { openPgClient } from "./pg-client";
import { openPgliteClient } from "./pglite-client";
import type { PreparedStatement, SqlClient } from "./sql-client";
import { runSqlClientContract, sqlClientContractCases } from "./sql-client-contract";
import { decodeRows, encodeStatement, WireError } from "./wire";

const url = process.env.AIF_TEST_POSTGRES_URL;

describe("the protocol messages of a prepared statement", () => {
  it("Bind carries each parameter as text with its byte length (-1 for NULL), then Execute and Sync", () => {
    const bytes = encodeStatement({ name: "s1", text: "SELECT $1, $2, $3" }, ["é", null, "{1,2}"], false);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(String.fromCharCode(bytes[0] as number)).toBe("B");
    const bindLength = view.getInt32(1);
    // portal "" (1 byte), name "s1\0" (3), 0 formats (2), 3 params (2), "é" (4 + 2 bytes), NULL (4), "{1,2}" (4 + 5), 0 result formats (2)
    expect(bindLength).toBe(4 + 1 + 3 + 2 + 2 + 6 + 4 + 9 + 2);
    expect(view.getInt32(1 + 4 + 1 + 3 + 2 + 2)).toBe(2); // "é" is two bytes in UTF-8
    expect(view.getInt32(1 + 4 + 1 + 3 + 2 + 2 + 6)).toBe(-1);
    const rest = bytes.subarray(1 + bindLength);
    expect(String.fromCharCode(rest[0] as number)).toBe("E");
    expect(String.fromCharCode(rest[rest.length - 5] as number)).toBe("S");
    expect(new DataView(rest.buffer, rest.byteOffset + rest.length - 4).getInt32(0)).toBe(4);
  });

  it("a first use prepares: Parse names the statement and leaves the parameter types to the SQL, then Bind", () => {
    const bytes = encodeStatement({ name: "s1", text: "SELECT $1::int" }, ["1"], true);
    expect(String.fromCharCode(bytes[0] as number)).toBe("P");
    expect(new TextDecoder().decode(bytes.subarray(5, 8))).toBe("s1\0");
    expect(new TextDecoder().decode(bytes)).toContain("SELECT $1::int\0\0\0B");
  });

  it("an ErrorResponse becomes a WireError with the SQLSTATE, severity, detail and hint", () => {
    const fields = "SERROR\0VERROR\0C42883\0Mfunction f() does not exist\0HNo function matches.\0\0";
    const body = new TextEncoder().encode(fields);
    const message = new Uint8Array(5 + body.length + 6);
    message[0] = "E".charCodeAt(0);
    new DataView(message.buffer).setInt32(1, 4 + body.length);
    message.set(body, 5);
    // ReadyForQuery after it.
    message.set([0x5a, 0, 0, 0, 5, 0x49], 5 + body.length);
    let error: WireError | undefined;
    try {
      decodeRows(message);
    } catch (e) {
      error = e as WireError;
    }
    expect(error).toBeInstanceOf(WireError);
    expect(error?.code).toBe("42883");
    expect(error?.message).toBe("function f() does not exist");
    expect(error?.hint).toBe("No function matches.");
  });
});

/** The same checks on every backend that runs here. */
function preparedSuite(name: string, open: () => Promise<SqlClient>) {
  describe(`prepared statements on ${name}`, () => {
    let client: SqlClient | undefined;
    const opened = async () => {
      client ??= await open();
      return client;
    };
    afterAll(async () => {
      await client?.close();
    });
    const echo: PreparedStatement = {
      name: "aif_test_echo_v1",
      text: "SELECT $1::text AS t, $2::int[] AS a, $3::float8 AS f, $4::text[] AS texts, NULL::text AS n",
    };

    it("prepares a statement again after the session dropped it (DEALLOCATE ALL)", async () => {
      const db = await opened();
      const run = db.queryPrepared?.bind(db);
      if (run === undefined) throw new Error("no queryPrepared");
      expect(await run(echo, ["x", "{}", "1", "{}"])).toHaveLength(1);
      await db.query("DEALLOCATE ALL");
      // PGlite's client prepares it again; the server's turns to unnamed statements (what a pooler in between
      // that moves sessions needs too).
      expect(await run(echo, ["y", "{}", "1", "{}"])).toEqual([["y", "{}", "1", "{}", null]]);
      expect(await run(echo, ["z", "{}", "1", "{}"])).toEqual([["z", "{}", "1", "{}", null]]);
    });

    it("waits for an open transaction instead of running inside it", async () => {
      const db = await opened();
      const run = db.queryPrepared?.bind(db);
      if (run === undefined) throw new Error("no queryPrepared");
      await db.query("CREATE TABLE IF NOT EXISTS aif_test_prepared (v int)");
      await db.query("DELETE FROM aif_test_prepared");
      const count = { name: "aif_test_count_v1", text: "SELECT count(*) FROM aif_test_prepared WHERE v > $1::int" };
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const writing = db.transaction(async (tx) => {
        await tx.query("INSERT INTO aif_test_prepared VALUES (1), (2)");
        await gate;
        await tx.query("INSERT INTO aif_test_prepared VALUES (3)");
      });
      // Let the transaction begin and insert.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const counted = run(count, ["0"]);
      release();
      await writing;
      // PGlite (one session): the count waits for the commit. A server: another connection, which never sees
      // the uncommitted rows.
      if (db.backend === "pglite") expect(await counted).toEqual([["3"]]);
      else expect(["0", "3"]).toContain((await counted)[0]?.[0]);
      expect(await run(count, ["0"])).toEqual([["3"]]);
      await db.query("DROP TABLE aif_test_prepared");
    });
  });
}

preparedSuite("PGlite in memory", () => openPgliteClient(undefined, { pgvector: false }));

// The SqlClient contract on both built-in clients (one PGlite for every case: it takes seconds to start).
let contractPglite: Promise<SqlClient> | undefined;
afterAll(async () => {
  await (await contractPglite)?.close();
});
runSqlClientContract(
  async () => {
    contractPglite ??= openPgliteClient(undefined, { pgvector: false });
    return { ...(await contractPglite), close: async () => {} };
  },
  { describe, it },
  { name: "SqlClient contract: PGlite" },
);
if (url !== undefined)
  runSqlClientContract(() => openPgClient(url), { describe, it }, { name: "SqlClient contract: server" });
if (url !== undefined) preparedSuite("a PostgreSQL server", async () => openPgClient(url));
else
  describe("prepared statements on a PostgreSQL server", () => {
    it.skip("skipped: AIF_TEST_POSTGRES_URL is not set (e.g. postgres://aif:aif@127.0.0.1:5432/aif_test)", () => {});
  });

describe("the SqlClient contract catches a client that breaks it", () => {
  it("a queryPrepared that parses fields by type (numbers, not text) fails the echo case", async () => {
    const db = await openPgliteClient(undefined, { pgvector: false });
    try {
      const parsing: SqlClient = {
        ...db,
        async queryPrepared(statement, params) {
          const { rows } = await db.query<Record<string, unknown>>(statement.text, params);
          return rows.map((row) => Object.values(row)) as Array<Array<string | null>>;
        },
      };
      const echo = sqlClientContractCases().find((c) => c.name.startsWith("queryPrepared"));
      await expect(echo?.run(parsing)).rejects.toThrow(/contract violated/);
    } finally {
      await db.close();
    }
  });
});
