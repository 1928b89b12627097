import type { SqlExecutor } from "./sql-client";

/**
 * The longest embedding pgvector's HNSW index takes for the `vector` type (pgvector README, "Indexing": up to
 * 2,000 dimensions). Longer embeddings are searched exactly, without an index.
 */
export const HNSW_MAX_DIMENSIONS = 2_000;

/** HNSW build parameters: pgvector's defaults (m = 16, ef_construction = 64), written out so they are visible. */
const HNSW_BUILD = "m = 16, ef_construction = 64";

function checkDimensions(dims: number): number {
  // Type modifiers and index names cannot be bound parameters; this integer is the only value spliced into SQL.
  if (!Number.isSafeInteger(dims) || dims < 1 || dims > HNSW_MAX_DIMENSIONS) {
    throw new RangeError(`embedding dimensions ${dims} outside 1..${HNSW_MAX_DIMENSIONS}`);
  }
  return dims;
}

/**
 * The name of the partial HNSW index over embeddings of one length.
 *
 * @param dims - embedding length (1..2000)
 * @returns e.g. `aif_memories_embedding_hnsw_256`
 */
export function hnswIndexName(dims: number): string {
  return `aif_memories_embedding_hnsw_${checkDimensions(dims)}`;
}

/**
 * The expression the HNSW index of one length is built on; a query must order by exactly this to use it.
 *
 * @param dims - embedding length (1..2000)
 * @returns `embedding_vec::vector(<dims>)`
 */
export function hnswIndexedExpression(dims: number): string {
  return `embedding_vec::vector(${checkDimensions(dims)})`;
}

/**
 * Creates (if missing) the partial HNSW index, inner-product operator class, over the embeddings of one length.
 * Inner product on the unit vectors the store writes ranks exactly as cosine similarity does, and, unlike
 * pgvector's cosine distance, is defined for a zero vector (0, as in the in-memory store, where `<=>` gives NaN).
 *
 * @param db - a transaction (the memory setting is transaction-local)
 * @param dims - embedding length (1..2000)
 */
export async function createHnswIndex(db: SqlExecutor, dims: number): Promise<void> {
  // pgvector builds fastest while the graph fits in maintenance_work_mem (its README, "Index Build Time"); the
  // default 64 MB holds about 50k 256-dimension vectors. Raised to 256 MB for this transaction, never lowered.
  await db.query(
    `SELECT set_config('maintenance_work_mem', '256MB', true)
     WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < 256 * 1024 * 1024`,
  );
  await db.query(
    `CREATE INDEX IF NOT EXISTS ${hnswIndexName(dims)} ON aif_memories
       USING hnsw ((${hnswIndexedExpression(dims)}) vector_ip_ops) WITH (${HNSW_BUILD})
       WHERE vector_dims(embedding_vec) = ${checkDimensions(dims)}`,
  );
}
