import { afterAll, describe, expect, it } from "vitest";
import { openPgClient } from "./pg-client";
import { openPgliteClient } from "./pglite-client";
import type { SqlClient } from "./sql-client";
import { queryAsText, toTextParam } from "./text-params";

const url = process.env.AIF_TEST_POSTGRES_URL;

describe("parameters as PostgreSQL text input", () => {
  it("prints scalars, arrays and objects as the server reads them", () => {
    expect(toTextParam(null)).toBeNull();
    expect(toTextParam(undefined)).toBeNull();
    expect(toTextParam(1.5)).toBe("1.5");
    expect(toTextParam(12n)).toBe("12");
    expect(toTextParam(true)).toBe("t");
    expect(toTextParam([1, null, 3])).toBe("{1,NULL,3}");
    expect(toTextParam(['a"b', "c\\d", "e,f", null])).toBe('{"a\\"b","c\\\\d","e,f",NULL}');
    expect(toTextParam([[1, 2], [3]])).toBe("{{1,2},{3}}");
    expect(toTextParam({ a: 1 })).toBe('{"a":1}');
    expect(toTextParam([])).toBe("{}");
  });
});

const TRICKY = ['quote " and \\ backslash', "naïve ☃ 𝄞", "comma, {brace} NULL", "line\nbreak\ttab", "", "NULL"];

function roundTrip(name: string, open: () => Promise<SqlClient>) {
  describe(`text parameters on ${name}`, () => {
    let client: SqlClient | undefined;
    afterAll(async () => {
      await client?.close();
    });
    it("every value reads back as sent, inside a transaction and outside", async () => {
      client = await open();
      const db = client;
      await db.query("DROP TABLE IF EXISTS aif_test_text_params");
      await db.query("CREATE TABLE aif_test_text_params (t text, n float8, j jsonb, i int)");
      const numbers = [0.1, -2.5e-7, 1733400000000.25, 3, 4, 5];
      const json = TRICKY.map((t) => JSON.stringify({ t }));
      const inserted = await db.transaction((tx) =>
        queryAsText(
          tx,
          `INSERT INTO aif_test_text_params SELECT u.t, u.n, u.j::jsonb, $4::int
           FROM unnest($1::text[], $2::float8[], $3::text[]) AS u(t, n, j) RETURNING t`,
          [TRICKY, numbers, json, 7],
        ),
      );
      expect(inserted.map((r) => r[0])).toEqual(TRICKY);
      const rows = await queryAsText(db, "SELECT t, n, j->>'t', i FROM aif_test_text_params ORDER BY n", []);
      const expected = TRICKY.map((t, k) => ({ t, n: numbers[k] as number })).sort((a, b) => a.n - b.n);
      expect(rows.map((r) => r[0])).toEqual(expected.map((e) => e.t));
      expect(rows.map((r) => Number(r[1]))).toEqual(expected.map((e) => e.n));
      expect(rows.map((r) => r[2])).toEqual(expected.map((e) => e.t));
      expect(rows.every((r) => r[3] === "7")).toBe(true);
      // A client without queryText gets the same through query().
      const plain = { query: db.query.bind(db) };
      expect(
        await queryAsText(plain, "SELECT ($1::text[])[1], ($1::text[])[2] IS NULL, $2::int", [["a", null], 3]),
      ).toEqual([["a", "t", "3"]]);
      await db.query("DROP TABLE aif_test_text_params");
    });
  });
}

roundTrip("PGlite in memory", () => openPgliteClient(undefined, { pgvector: false }));
if (url !== undefined) roundTrip("a PostgreSQL server", async () => openPgClient(url));
