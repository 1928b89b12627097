import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AifError } from "@aifactory/core";
import { afterAll, describe, expect, it } from "vitest";
import { createPgliteMemoryStore } from "../src/store/create-stores";

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
const writer = fileURLToPath(new URL("./ingest-writer.ts", import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "aif-lock-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts the ingest writer on `dir` and resolves once it has opened the store. */
async function startWriter(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", tsxLoader, "--conditions=source", writer, "pglite", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("READY")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`writer exited (${code}): ${stderr.slice(-2000)}`)));
  });
  return child;
}

describe("PGlite directories take one process at a time", () => {
  it("a second process is refused, naming the holder; after the holder dies (SIGKILL) the lock is taken over", async () => {
    const dir = tempDir();
    const child = await startWriter(dir);
    try {
      const error = await createPgliteMemoryStore({ dataDir: dir }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AifError);
      expect((error as AifError).code).toBe("CONFLICT");
      expect((error as AifError).message).toContain(`pid ${child.pid}`);
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    }
    const store = await createPgliteMemoryStore({ dataDir: dir });
    const listed = await store.list({ scope: { userId: "durability" }, limit: 10 });
    expect(Array.isArray(listed)).toBe(true);
    await store.close();
    expect(existsSync(join(dir, "aif-store.lock"))).toBe(false);
  }, 120_000);

  it("one process cannot open the same directory twice; closing releases it", async () => {
    const dir = tempDir();
    const first = await createPgliteMemoryStore({ dataDir: dir });
    await expect(createPgliteMemoryStore({ dataDir: dir })).rejects.toThrow(/open in another process/);
    await first.close();
    const second = await createPgliteMemoryStore({ dataDir: dir });
    await second.close();
  }, 60_000);

  it("a lock left by a process that no longer runs is taken over", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "aif-store.lock"),
      JSON.stringify({ pid: 2 ** 22 + 12345, hostname: hostname(), startedAt: "2026-01-01T00:00:00.000Z" }),
    );
    const store = await createPgliteMemoryStore({ dataDir: dir });
    await store.close();
  }, 60_000);
});
