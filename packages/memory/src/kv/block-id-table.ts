/**
 * Open-addressing hash table from 53-bit block keys (already well-mixed hashes) to dense integer ids: linear
 * probing on typed arrays, backward-shift deletion (no tombstones), doubling at 1/2 load. A JavaScript `Map` with
 * non-Smi number keys boxes and re-hashes every key; this table is several times faster on the simulator's
 * lookups and stores 12 B per slot.
 *
 * @internal
 */
export class BlockIdTable {
  private keys: Float64Array;
  private ids: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  /** Entries held. */
  get size(): number {
    return this.count;
  }

  /** The id of `key`, or -1. */
  get(key: number): number {
    const keys = this.keys;
    const ids = this.ids;
    let slot = (key >>> 0) & this.mask;
    for (;;) {
      const id = ids[slot] as number;
      if (id === -1) return -1;
      if (keys[slot] === key) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Adds `key` -> `id` (the key must be absent). */
  add(key: number, id: number): void {
    if ((this.count + 1) * 2 > this.ids.length) this.grow();
    let slot = (key >>> 0) & this.mask;
    while ((this.ids[slot] as number) !== -1) slot = (slot + 1) & this.mask;
    this.keys[slot] = key;
    this.ids[slot] = id;
    this.count++;
  }

  /** Removes `key` when present. */
  delete(key: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const mask = this.mask;
    let slot = (key >>> 0) & mask;
    for (;;) {
      if ((ids[slot] as number) === -1) return;
      if (keys[slot] === key) break;
      slot = (slot + 1) & mask;
    }
    // Backward-shift deletion: move later entries of the probe run into the hole when their home allows it.
    let hole = slot;
    let next = (hole + 1) & mask;
    while ((ids[next] as number) !== -1) {
      const home = ((keys[next] as number) >>> 0) & mask;
      // The entry at `next` may move to `hole` when `hole` lies cyclically in [home, next).
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        keys[hole] = keys[next] as number;
        ids[hole] = ids[next] as number;
        hole = next;
      }
      next = (next + 1) & mask;
    }
    ids[hole] = -1;
    this.count--;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    const capacity = oldIds.length * 2;
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < oldIds.length; i++) {
      const id = oldIds[i] as number;
      if (id !== -1) this.add(oldKeys[i] as number, id);
    }
  }
}
