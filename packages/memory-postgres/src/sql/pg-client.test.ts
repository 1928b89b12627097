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
