import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPgliteClient } from "./pglite-client";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("PGlite in a data directory", () => {
  it("keeps what was written across a reopen, runs prepared statements, and skips zero-filling new log files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aif-pglite-"));
    dirs.push(dir);
    const first = await openPgliteClient(dir, { pgvector: false });
    expect(first.ephemeral).toBe(false);
    expect((await first.query<{ wal_init_zero: string }>("SHOW wal_init_zero")).rows[0]?.wal_init_zero).toBe("off");
    await first.query("CREATE TABLE kept (v text)");
    await first.query("INSERT INTO kept VALUES ($1)", ["naïve ☃"]);
    const read = { name: "aif_test_kept_v1", text: "SELECT v FROM kept WHERE v LIKE $1" };
    expect(await first.queryPrepared?.(read, ["na%"])).toEqual([["naïve ☃"]]);
    // A second process (here: a second open) is refused while the first holds the directory.
    await expect(openPgliteClient(dir, { pgvector: false })).rejects.toMatchObject({ code: "CONFLICT" });
    await first.close();

    const second = await openPgliteClient(dir, { pgvector: false });
    expect(await second.queryPrepared?.(read, ["%"])).toEqual([["naïve ☃"]]);
    await second.close();
  });

  it("an in-memory database keeps the server's defaults", async () => {
    const client = await openPgliteClient(undefined, { pgvector: false });
    expect(client.ephemeral).toBe(true);
    expect((await client.query<{ wal_init_zero: string }>("SHOW wal_init_zero")).rows[0]?.wal_init_zero).toBe("on");
    await client.close();
  });
});
