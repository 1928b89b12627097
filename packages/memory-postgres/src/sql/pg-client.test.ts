import { AifError, InvalidInputError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { openPgClient } from "./pg-client";

describe("PostgreSQL connection errors say what to fix", () => {
  it("a connection string that is not a postgres:// URL is an input error (not 'ENOTFOUND base')", () => {
    expect(() => openPgClient("not a url")).toThrow(InvalidInputError);
    expect(() => openPgClient("mysql://u:secret@host/db")).toThrow(/must be a postgres:\/\/ or postgresql:\/\/ URL/);
    try {
      openPgClient("http://u:secret@host/db");
    } catch (error) {
      // The password never appears in the error.
      expect(JSON.stringify((error as InvalidInputError).problems)).not.toContain("secret");
    }
  });

  it("a refused connection is an IO failure naming the server, with a hint", async () => {
    const client = openPgClient("postgres://aif@127.0.0.1:1/aifactory");
    const error = await client.query("SELECT 1").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AifError);
    expect((error as AifError).code).toBe("IO_FAILURE");
    expect((error as AifError).message).toContain("cannot connect to PostgreSQL at aif@127.0.0.1:1/aifactory");
    expect((error as AifError).hint).toMatch(/running/);
    await client.close();
  });
});

const url = process.env.AIF_TEST_POSTGRES_URL;
describe.skipIf(url === undefined)("a PostgreSQL connection that ends under the pool", () => {
  it("an idle connection the server terminates is dropped without an unhandled error; the next query reconnects", async () => {
    const client = openPgClient(url as string, 1);
    const admin = openPgClient(url as string, 1);
    try {
      const pid = Number((await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
      await admin.query("SELECT pg_terminate_backend($1::int)", [pid]);
      // The idle client's socket sees the server end it: wait for pg's "error"/"end" event to reach the pool.
      for (let i = 0; i < 100; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const alive = await admin.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1",
          [pid],
        );
        if (Number(alive.rows[0]?.n) === 0) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      // On a loaded machine the socket's close may reach the pool after the next query took the connection: that
      // query fails and releases it as broken (at most once); the one after it connects again.
      const pidOf = async () =>
        Number((await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
      const next = await pidOf().catch(pidOf);
      expect(next).not.toBe(pid);
      expect(await client.queryPrepared?.({ name: "aif_test_after_loss_v1", text: "SELECT $1::text" }, ["ok"])).toEqual(
        [["ok"]],
      );
    } finally {
      await client.close();
      await admin.close();
    }
  });

  it("a query whose connection ends mid-statement fails, and a caller waiting for that connection gets a new one", async () => {
    const client = openPgClient(url as string, 1);
    const admin = openPgClient(url as string, 1);
    try {
      const pid = Number((await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
      const sleeping = client.query("SELECT pg_sleep(30)").then(
        () => undefined,
        (error: unknown) => error,
      );
      // Waits for the pool's only connection.
      const waiting = client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      for (let i = 0; i < 100; i++) {
        const active = await admin.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND query LIKE 'SELECT pg_sleep%'",
          [pid],
        );
        if (Number(active.rows[0]?.n) === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await admin.query("SELECT pg_terminate_backend($1::int)", [pid]);
      expect(await sleeping).toBeInstanceOf(Error);
      const next = Number((await waiting).rows[0]?.pid);
      expect(next).not.toBe(pid);
    } finally {
      await client.close();
      await admin.close();
    }
  });

  it("close() rejects a caller still waiting for a connection, naming the server", async () => {
    const client = openPgClient(url as string, 1);
    const first = client.query("SELECT pg_sleep(0.2)");
    const waiting = client.query("SELECT 1").then(
      () => undefined,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = client.close();
    expect(await waiting).toMatchObject({ code: "IO_FAILURE", message: expect.stringContaining("was closed") });
    await first;
    await closing;
  });
});
