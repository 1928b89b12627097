import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { AifError } from "@aifactory/core";
import { type Extensions, MemoryFS, PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import type { PreparedStatement, SqlClient } from "./sql-client";
import { decodeRows, encodeStatement, sawParseComplete, WireError } from "./wire";

/**
 * Options of {@link openPgliteClient}.
 *
 * @since 0.1.0
 * @category SQL
 */
export interface PgliteClientOptions {
  /**
   * Load pgvector (0.8 from `@electric-sql/pglite-pgvector`, a 50 kB WebAssembly bundle) so that
   * `CREATE EXTENSION vector` works. Default true. A data directory whose store once ran with pgvector needs
   * it: its embeddings live in a `vector` column.
   */
  pgvector?: boolean;
}

/**
 * Opens an embedded PGlite database: in memory when `dataDir` is omitted, else persisted in that directory
 * (created if missing), with the pgvector extension loaded unless `options.pgvector` is false.
 *
 * @param dataDir - a directory for persistence, or undefined for an in-memory database
 * @param options - whether to load pgvector (default true)
 * @returns a SQL client
 * @example
 * ```ts
 * import { openPgliteClient } from "@aifactory/memory-postgres";
 * const client = await openPgliteClient();
 * await client.query("select 1 as one");
 * await client.close();
 * ```
 * @since 0.1.0
 * @category SQL
 */
export async function openPgliteClient(dataDir?: string, options: PgliteClientOptions = {}): Promise<SqlClient> {
  const extensions: Extensions = (options.pgvector ?? true) ? { vector } : {};
  // PGlite is single-process: two processes on one directory silently lose each other's writes. A lock file
  // makes the second open fail, naming the holder (a lock whose process is gone is taken over).
  const release = dataDir !== undefined && isFilesystemPath(dataDir) ? acquireDirectoryLock(dataDir) : () => {};
  let db: PGlite;
  try {
    db = dataDir === undefined ? await PGlite.create({ extensions }) : await PGlite.create(dataDir, { extensions });
  } catch (error) {
    release();
    throw error;
  }
  const ephemeral = dataDir === undefined || dataDir.startsWith("memory://");
  if (ephemeral) growFilesGeometrically(db);
  else if (isFilesystemPath(dataDir)) {
    // PostgreSQL fills each new 16 MB write-ahead log file with zeros before use, so that the file system has
    // allocated the space up front; through Emscripten's NODEFS that is 2,048 separate 8 kB writes per file
    // (about a tenth of the time of a large ingest). PGlite already runs with fsync off, so the allocation
    // guarantee buys nothing here; a full disk is reported when the log is written instead.
    await db.exec("SET wal_init_zero = off").catch(() => undefined);
  }
  const client = wrapDatabase(db, true);
  const close = client.close;
  return {
    ...client,
    ephemeral,
    async close() {
      try {
        await close();
      } finally {
        release();
      }
    },
  };
}

/** PGlite takes `memory://` and `idb://` URIs too: only a plain path is a directory that other processes share. */
/** The part of Emscripten's in-memory file system (MEMFS) that {@link growFilesGeometrically} replaces. */
interface MemFs {
  expandFileStorage(node: { contents: Uint8Array | null; usedBytes: number }, capacity: number): void;
}

/** Below this capacity a file of an in-memory database doubles when it grows; above, it grows by half. */
const DOUBLING_LIMIT_BYTES = 256 * 1024 * 1024;

/**
 * An in-memory PGlite keeps each file of the database in one `Uint8Array`, which Emscripten's MEMFS grows by
 * 12.5% once a file passes 1 MiB, copying it each time: PostgreSQL extends a table or an index 8 kB at a time,
 * so a file of S bytes costs about 9 S bytes of allocation and copying (a quarter of ingest time). This makes
 * the files of this database grow by doubling (by half above 256 MiB): about S bytes of copying, for at most
 * that much unused capacity. File contents and sizes are unchanged. It reaches into PGlite's Emscripten module
 * (`mod.FS`), so it checks every step and leaves the file system as it is when anything is not as expected.
 */
function growFilesGeometrically(db: PGlite): void {
  try {
    const fs = (
      db as unknown as { mod?: { FS?: { lookupPath(path: string): { node: { mount: { type: unknown } } } } } }
    ).mod?.FS;
    // PGlite keeps its data directory at /pglite/data inside the module's file system.
    const memfs = fs?.lookupPath("/pglite/data").node.mount.type as
      | (MemFs & { getFileDataAsTypedArray?: unknown })
      | undefined;
    if (memfs === undefined || typeof memfs.expandFileStorage !== "function") return;
    if (typeof memfs.getFileDataAsTypedArray !== "function") return; // not MEMFS
    memfs.expandFileStorage = (node, capacity) => {
      const current = node.contents?.length ?? 0;
      if (current >= capacity) return;
      const grown = current < DOUBLING_LIMIT_BYTES ? current * 2 : Math.floor(current * 1.5);
      const next = new Uint8Array(Math.max(capacity, grown, 256));
      if (node.contents !== null && node.usedBytes > 0) next.set(node.contents.subarray(0, node.usedBytes));
      node.contents = next;
    };
  } catch {
    // Not the PGlite this was written for: keep Emscripten's growth.
  }
}

function isFilesystemPath(dataDir: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(dataDir);
}

const LOCK_FILE = "aif-store.lock";

interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

/**
 * Takes the directory's single-writer lock (an exclusively created `aif-store.lock` with the holder's pid, host and
 * start time) or throws a CONFLICT error naming the holder. A lock left by a process that no longer runs on this
 * host is taken over.
 *
 * @returns a function that releases the lock (idempotent)
 */
function acquireDirectoryLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(holder), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener("exit", release);
        try {
          const current = JSON.parse(readFileSync(path, "utf8")) as LockHolder;
          if (current.pid === holder.pid && current.startedAt === holder.startedAt) unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let current: LockHolder | undefined;
      try {
        current = JSON.parse(readFileSync(path, "utf8")) as LockHolder;
      } catch {
        current = undefined;
      }
      if (current !== undefined && current.hostname === hostname() && !processRuns(current.pid)) {
        unlinkSync(path); // stale: its process is gone
        continue;
      }
      throw new AifError(
        "CONFLICT",
        `the PGlite directory ${dataDir} is open in another process${current === undefined ? "" : ` (pid ${current.pid} on ${current.hostname} since ${current.startedAt})`}`,
        {
          hint: `PGlite serves one process at a time: close the other process, use a PostgreSQL server for shared access, or remove ${path} if that process is gone`,
        },
      );
    }
  }
  throw new AifError("CONFLICT", `could not take the lock ${path}`, { hint: "retry, or remove the lock file" });
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A growable byte buffer that the backend's answer is copied into (PGlite passes views of its own memory). */
class ResponseBuffer {
  private bytes = new Uint8Array(64 * 1024);
  length = 0;
  append(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + chunk.length));
      next.set(this.bytes.subarray(0, this.length));
      this.bytes = next;
    }
    this.bytes.set(chunk, this.length);
    this.length += chunk.length;
  }
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * Wraps an existing PGlite instance (for callers who configure PGlite themselves, e.g. with extensions; pass
 * `extensions: { vector }` from `@electric-sql/pglite-pgvector` for native vector search).
 *
 * @param db - a PGlite instance
 * @returns a SQL client; `close()` closes the instance
 * @example
 * ```ts
 * // not run in tests: boots PGlite (PostgreSQL in WebAssembly), several seconds; the package's tests cover it
 * import { PGlite } from "@electric-sql/pglite";
 * import { wrapPglite } from "@aifactory/memory-postgres";
 * const client = wrapPglite(await PGlite.create());
 * client.backend; // "pglite"
 * ```
 * @since 0.1.0
 * @category SQL
 */
export function wrapPglite(db: PGlite): SqlClient {
  return wrapDatabase(db, false);
}

/**
 * The client over a PGlite instance. `owned`: no one else holds the instance (`openPgliteClient` made it), so
 * when none of this client's operations is under way PGlite is idle, and a prepared statement's exchange, which
 * runs synchronously inside PGlite, needs none of its locks (each lock round costs a few promises and closures
 * per statement, and they outlive young-generation collections: about two thirds of what a search left behind
 * for the collector to copy).
 */
function wrapDatabase(db: PGlite, owned: boolean): SqlClient {
  // As PGlite's query() does, the database's files are synced after a statement, unless its file system keeps
  // nothing to sync (memory and Node's real files: the no-op of Emscripten's built-in file systems).
  const syncs = db.fs === undefined || db.fs.syncToFs !== Object.getPrototypeOf(MemoryFS.prototype).syncToFs;
  // Statements prepared in this database's session (PGlite has one session per instance).
  const prepared = new Set<string>();
  // This client's operations under way (queries and transactions through PGlite's own entry points).
  let active = 0;
  const tracked = async <T>(work: () => Promise<T>): Promise<T> => {
    active++;
    try {
      return await work();
    } finally {
      active--;
    }
  };
  // The backend's answer, gathered as it streams out of PGlite's memory (reused: one exchange at a time).
  const response = new ResponseBuffer();
  const collect = (chunk: Uint8Array) => response.append(chunk);
  // The raw stream, unlike PGlite's other protocol entry points, leaves the answer to this callback (they parse
  // every message into objects, and execProtocolRaw keeps those until the next execProtocol call). With
  // syncToFs off it does all its work before it returns: the exchange is synchronous, and so is everything
  // from the choice to prepare to the reading of the answer (two first uses of a statement cannot both
  // prepare it, nor two exchanges share the buffer).
  const send = async (statement: PreparedStatement, params: readonly (string | null)[]) => {
    const prepare = !prepared.has(statement.name);
    response.length = 0;
    const done = db.execProtocolRawStream(encodeStatement(statement, params, prepare), {
      syncToFs: false,
      onRawData: collect,
    });
    let rows: Array<Array<string | null>> | undefined;
    let failure: unknown;
    if (response.length > 0) {
      try {
        rows = decodeRows(response.view());
        if (prepare && statement.name !== "") prepared.add(statement.name);
      } catch (error) {
        failure = error;
        // Prepared, then the statement failed (a division by zero, say): prepared all the same.
        if (prepare && statement.name !== "" && sawParseComplete(response.view())) prepared.add(statement.name);
      }
    }
    await done;
    if (failure !== undefined) throw failure;
    if (rows !== undefined) return rows;
    // (A PGlite that answered only after yielding.)
    rows = decodeRows(response.view());
    if (prepare && statement.name !== "") prepared.add(statement.name);
    return rows;
  };
  // One exchange under both of PGlite's locks, as its own query() takes them: no other statement runs in
  // between, and none lands inside another caller's open transaction. Without them when PGlite is idle.
  const runPrepared = async (statement: PreparedStatement, params: readonly (string | null)[]) => {
    const rows =
      owned && active === 0 && !syncs
        ? await send(statement, params)
        : await db._runExclusiveTransaction(() => db._runExclusiveQuery(() => send(statement, params)));
    if (syncs) await db.syncToFs();
    return rows;
  };
  const queryPrepared = async (statement: PreparedStatement, params: readonly (string | null)[]) => {
    if (db.closed) throw new Error("PGlite is closed");
    try {
      return await runPrepared(statement, params);
    } catch (error) {
      // Dropped behind this client's back (DEALLOCATE, DISCARD ALL): prepare it again, once.
      if (!(error instanceof WireError) || error.code !== "26000") throw error;
      prepared.delete(statement.name);
      return runPrepared(statement, params);
    }
  };
  return {
    backend: "pglite",
    queryPrepared,
    // The unnamed statement: never in `prepared`, so parsed in each exchange.
    queryText: (sql, params) => queryPrepared({ name: "", text: sql }, params),
    query<Row>(sql: string, params: readonly unknown[] = []) {
      return tracked(async () => {
        const result = await db.query<Row>(sql, params as unknown[]);
        return { rows: result.rows };
      });
    },
    transaction(body) {
      return tracked(() =>
        db.transaction((tx) =>
          body({
            async query<Row>(sql: string, params: readonly unknown[] = []) {
              const result = await tx.query<Row>(sql, params as unknown[]);
              return { rows: result.rows };
            },
            // Inside this transaction, which holds PGlite's transaction lock: an owned instance runs nothing else
            // meanwhile (its other callers wait for that lock); another holder's callers may take the query lock.
            queryText(sql, params) {
              if (tx.closed) throw new Error("Transaction is closed");
              const statement = { name: "", text: sql };
              return owned ? send(statement, params) : db._runExclusiveQuery(() => send(statement, params));
            },
          }),
        ),
      );
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
