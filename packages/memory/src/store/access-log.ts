import { growTypedArray } from "../scoring/term-index";

/**
 * The retrieval times of every memory of the in-memory store (what ACT-R activation sums over), in typed-array
 * slabs instead of one JS array per memory: logging a use allocates nothing on the JS heap once the slabs have
 * grown, so searches that record their hits leave no survivors for the garbage collector to copy. Internal to
 * the in-memory store.
 *
 * A memory's log lives in a slot of a size class (capacities 2, 4, 8, … up to the log limit); a full slot moves
 * to the next class and its old slot goes on that class's free list. At the limit the oldest time is dropped,
 * as `Array.prototype.shift` did. Each class is a list of fixed-size chunks (about 512 KiB), so a pool never
 * grows by copying: no retrieval ever pays for moving every other memory's log.
 */
export interface AccessLogs {
  /** Most times kept per memory (`Infinity`: no limit). */
  limit: number;
  /** Per row: size class + 1 (0: no log yet). */
  slotClass: Uint8Array;
  /** Per row: slot number within its class. */
  slot: Int32Array;
  /** Per row: times logged (≤ the class capacity). */
  length: Int32Array;
  /** Per class: chunks of slots, `capacity` times per slot. */
  pools: Float64Array[][];
  /** Per class: slots handed out so far. */
  used: number[];
  /** Per class: slots given back. */
  free: number[][];
}

/** Times per pool chunk (512 KiB). */
const CHUNK_TIMES = 65_536;

/**
 * Empty access logs.
 *
 * @param limit - most retrieval times kept per memory (the store's `accessLogLimit`)
 * @returns the logs
 */
export function newAccessLogs(limit: number): AccessLogs {
  // `push` then `shift` while `length > limit`: a fractional limit keeps floor(limit), NaN keeps everything.
  const effective = Number.isNaN(limit) ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(limit));
  return {
    limit: effective,
    slotClass: new Uint8Array(64),
    slot: new Int32Array(64),
    length: new Int32Array(64),
    pools: [],
    used: [],
    free: [],
  };
}

function capacityOf(logs: AccessLogs, slotClass: number): number {
  return Math.min(logs.limit, 2 ** (slotClass + 1));
}

function slotsPerChunk(capacity: number): number {
  return Math.max(1, Math.floor(CHUNK_TIMES / capacity));
}

/**
 * Makes room for the per-row state of rows up to `row` (doubling). The store calls it as rows are added, so
 * the first retrieval of a memory in a large store never pays for growing these arrays.
 *
 * @param logs - the logs
 * @param row - the largest row that will be logged
 */
export function reserveAccessLogRows(logs: AccessLogs, row: number): void {
  if (row < logs.slotClass.length) return;
  logs.slotClass = growTypedArray(logs.slotClass, row + 1);
  logs.slot = growTypedArray(logs.slot, row + 1);
  logs.length = growTypedArray(logs.length, row + 1);
}

/** A slot of `slotClass` (adding a chunk when the class is full); returns its slot number. */
function takeSlot(logs: AccessLogs, slotClass: number): number {
  while (logs.pools.length <= slotClass) {
    logs.pools.push([]);
    logs.used.push(0);
    logs.free.push([]);
  }
  const reused = (logs.free[slotClass] as number[]).pop();
  if (reused !== undefined) return reused;
  const slot = logs.used[slotClass] as number;
  logs.used[slotClass] = slot + 1;
  const capacity = capacityOf(logs, slotClass);
  const perChunk = slotsPerChunk(capacity);
  const chunks = logs.pools[slotClass] as Float64Array[];
  if (Math.floor(slot / perChunk) >= chunks.length) chunks.push(new Float64Array(perChunk * capacity));
  return slot;
}

/** The chunk holding a slot. */
function chunkOf(logs: AccessLogs, slotClass: number, slot: number): Float64Array {
  const perChunk = slotsPerChunk(capacityOf(logs, slotClass));
  return (logs.pools[slotClass] as Float64Array[])[Math.floor(slot / perChunk)] as Float64Array;
}

/** The index of a slot's first time in its chunk. */
function baseOf(logs: AccessLogs, slotClass: number, slot: number): number {
  const capacity = capacityOf(logs, slotClass);
  return (slot % slotsPerChunk(capacity)) * capacity;
}

/**
 * Logs a retrieval of a row at `timeMs`, dropping the oldest time beyond the limit.
 *
 * @param logs - the logs
 * @param row - the memory's row
 * @param timeMs - the retrieval time (ms since epoch)
 */
export function logAccess(logs: AccessLogs, row: number, timeMs: number): void {
  if (logs.limit < 1) return;
  reserveAccessLogRows(logs, row);
  let slotClass = (logs.slotClass[row] as number) - 1;
  const length = logs.length[row] as number;
  if (slotClass < 0) {
    slotClass = 0;
    logs.slotClass[row] = 1;
    logs.slot[row] = takeSlot(logs, 0);
  }
  let capacity = capacityOf(logs, slotClass);
  if (length === capacity && capacity < logs.limit) {
    // Move to the next size class.
    const from = logs.slot[row] as number;
    const to = takeSlot(logs, slotClass + 1);
    const source = chunkOf(logs, slotClass, from);
    const sourceBase = baseOf(logs, slotClass, from);
    const target = chunkOf(logs, slotClass + 1, to);
    const targetBase = baseOf(logs, slotClass + 1, to);
    for (let i = 0; i < length; i++) target[targetBase + i] = source[sourceBase + i] as number;
    (logs.free[slotClass] as number[]).push(from);
    slotClass++;
    capacity = capacityOf(logs, slotClass);
    logs.slotClass[row] = slotClass + 1;
    logs.slot[row] = to;
  }
  const slot = logs.slot[row] as number;
  const chunk = chunkOf(logs, slotClass, slot);
  const base = baseOf(logs, slotClass, slot);
  if (length === capacity) {
    chunk.copyWithin(base, base + 1, base + capacity);
    chunk[base + capacity - 1] = timeMs;
  } else {
    chunk[base + length] = timeMs;
    logs.length[row] = length + 1;
  }
}

/**
 * The logged retrieval times of a row, oldest first (a fresh array).
 *
 * @param logs - the logs
 * @param row - the memory's row
 * @returns the times (ms since epoch)
 */
export function accessTimes(logs: AccessLogs, row: number): number[] {
  if (row >= logs.slotClass.length || logs.slotClass[row] === 0) return [];
  const slotClass = (logs.slotClass[row] as number) - 1;
  const slot = logs.slot[row] as number;
  const chunk = chunkOf(logs, slotClass, slot);
  const base = baseOf(logs, slotClass, slot);
  const length = logs.length[row] as number;
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) out[i] = chunk[base + i] as number;
  return out;
}

/**
 * Forgets a row's log (hard delete) and gives its slot back.
 *
 * @param logs - the logs
 * @param row - the memory's row
 */
export function clearAccessLog(logs: AccessLogs, row: number): void {
  if (row >= logs.slotClass.length || logs.slotClass[row] === 0) return;
  const slotClass = (logs.slotClass[row] as number) - 1;
  const slot = logs.slot[row] as number;
  const base = baseOf(logs, slotClass, slot);
  chunkOf(logs, slotClass, slot).fill(0, base, base + capacityOf(logs, slotClass));
  (logs.free[slotClass] as number[]).push(slot);
  logs.slotClass[row] = 0;
  logs.length[row] = 0;
}
