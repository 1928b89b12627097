import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { MemoryStoreV1 } from "@aifactory/memory";
import { afterAll, describe, expect, it } from "vitest";
import { openPgClient } from "../src/sql/pg-client";
import { createPgliteMemoryStore, createPostgresMemoryStore } from "../src/store/create-stores";
import { dropMemorySchema, isolatedSchemaUrl } from "../src/store/test-helpers";

// The writer runs in one node process with tsx's loader (not the tsx CLI, which forks a grandchild that a
// SIGKILL of its parent would leave running).
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
const writer = fileURLToPath(new URL("./ingest-writer.ts", import.meta.url));

/** Starts the writer, lets it acknowledge at least `minBatches` batches, kills it with SIGKILL mid-ingest. */
async function ingestThenKill(mode: "pglite" | "postgres", target: string, minBatches: number): Promise<number[]> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", tsxLoader, "--conditions=source", writer, mode, target],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const acked: number[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        const m = /^ACK (\d+)$/.exec(line);
        if (m) acked.push(Number(m[1]));
      }
      // Kill while the next batch is in flight: right after an acknowledgement the writer is inside addMany.
      if (acked.length >= minBatches) {
        child.kill("SIGKILL");
        resolve();
      }
    });
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`writer exited early (${code}): ${stderr.slice(-2000)}`));
    });
  });
  await new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve),
  );
  return acked;
}

async function expectAllAcknowledged(store: MemoryStoreV1, acked: readonly number[]) {
  const records = await store.list({ scope: { userId: "durability" }, limit: 10_000 });
  const perBatch = new Map<number, number>();
  for (const r of records)
    perBatch.set(r.metadata.batch as number, (perBatch.get(r.metadata.batch as number) ?? 0) + 1);
  for (const batch of acked) expect(perBatch.get(batch), `batch ${batch} was acknowledged`).toBe(50);
  // Atomic batches: a batch is either wholly there or wholly absent (the one in flight at the kill).
  for (const count of perBatch.values()) expect(count).toBe(50);
}

describe("durability: SIGKILL during batched ingest", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("PGlite directory keeps every acknowledged write", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aif-memory-durability-"));
    dirs.push(dir);
    const acked = await ingestThenKill("pglite", dir, 5);
    expect(acked.length).toBeGreaterThanOrEqual(5);
    const store = await createPgliteMemoryStore({ dataDir: dir });
    try {
      await expectAllAcknowledged(store, acked);
    } finally {
      await store.close();
    }
  }, 180_000);

  const url = process.env.AIF_TEST_POSTGRES_URL;
  it.skipIf(url === undefined)(
    `PostgreSQL server keeps every acknowledged write${url === undefined ? " (skipped: AIF_TEST_POSTGRES_URL is not set)" : ""}`,
    async () => {
      const schemaUrl = await isolatedSchemaUrl(url as string, "aif_test_durability");
      const admin = openPgClient(schemaUrl);
      await dropMemorySchema(admin);
      await admin.close();
      const acked = await ingestThenKill("postgres", schemaUrl, 20);
      const store = await createPostgresMemoryStore({ connectionString: schemaUrl });
      try {
        await expectAllAcknowledged(store, acked);
      } finally {
        await store.close();
      }
    },
    120_000,
  );
});
