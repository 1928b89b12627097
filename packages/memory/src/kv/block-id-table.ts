/**
 * Open-addressing hash table from 53-bit block keys (already well-mixed hashes) to the dense integer ids the KV
 * simulator gives blocks: linear probing, backward-shift deletion (no tombstones), doubling at 1/2 load. A
 * JavaScript `Map` with non-Smi number keys boxes and re-hashes every key; this table is several times faster.
 *
 * A slot is 8 B: the key's low 32 bits and the id, side by side in one `Int32Array`. The full key is the
 * caller's (its per-id state array, read only when the low bits match), so the table is half the size of one
 * that stores keys, and a probe touches one cache line: at a million blocks it is larger than the CPU caches,
 * and the lookup of a new block is a cache miss.
 *
 * @internal
 */
export class BlockIdTable {
  /** Slot s: low 32 bits of the key at `2s`, id at `2s + 1` (-1: empty). */
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  /** The empty slot where the last missed {@link BlockIdTable.get} ended: where `add` puts that key. */
  private lastMiss = -1;
  private lastMissKey = -1;

  /**
   * @param stride - numbers per id in the caller's state array
   * @param keyOffset - where an id's key sits in its stride
   */
  constructor(
    private readonly stride: number,
    private readonly keyOffset: number,
    initialCapacity = 1024,
  ) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.slots = emptySlots(capacity);
    this.mask = capacity - 1;
  }

  /** Entries held. */
  get size(): number {
    return this.count;
  }

  /** The id of `key`, or -1; `state` holds every live id's full key (`state[stride * id + keyOffset]`). */
  get(key: number, state: Float64Array): number {
    const slots = this.slots;
    const mask = this.mask;
    const low = key | 0;
    let slot = low & mask;
    for (;;) {
      const id = slots[2 * slot + 1] as number;
      if (id === -1) {
        this.lastMiss = slot;
        this.lastMissKey = key;
        return -1;
      }
      if (slots[2 * slot] === low && state[this.stride * id + this.keyOffset] === key) return id;
      slot = (slot + 1) & mask;
    }
  }

  /** Adds `key` -> `id` (the key must be absent); no probe when `get(key)` just missed. */
  add(key: number, id: number): void {
    if ((this.count + 1) * 4 > this.slots.length) {
      this.grow();
      this.lastMiss = -1;
    }
    const slots = this.slots;
    const mask = this.mask;
    const low = key | 0;
    let slot = this.lastMissKey === key ? this.lastMiss : -1;
    if (slot === -1 || (slots[2 * slot + 1] as number) !== -1) {
      slot = low & mask;
      while ((slots[2 * slot + 1] as number) !== -1) slot = (slot + 1) & mask;
    }
    this.lastMiss = -1;
    slots[2 * slot] = low;
    slots[2 * slot + 1] = id;
    this.count++;
  }

  /** Removes the entry of block `id` (whose key is `key`) when present. */
  delete(key: number, id: number): void {
    this.lastMiss = -1;
    const slots = this.slots;
    const mask = this.mask;
    let slot = (key | 0) & mask;
    for (;;) {
      const slotId = slots[2 * slot + 1] as number;
      if (slotId === -1) return;
      if (slotId === id) break;
      slot = (slot + 1) & mask;
    }
    // Backward-shift deletion: move later entries of the probe run into the hole when their home allows it.
    let hole = slot;
    let next = (hole + 1) & mask;
    while ((slots[2 * next + 1] as number) !== -1) {
      const nextLow = slots[2 * next] as number;
      const home = nextLow & mask;
      // The entry at `next` may move to `hole` when `hole` lies cyclically in [home, next).
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        slots[2 * hole] = nextLow;
        slots[2 * hole + 1] = slots[2 * next + 1] as number;
        hole = next;
      }
      next = (next + 1) & mask;
    }
    slots[2 * hole + 1] = -1;
    this.count--;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = old.length; // twice the slot count
    this.slots = emptySlots(capacity);
    this.mask = capacity - 1;
    const slots = this.slots;
    const mask = this.mask;
    for (let s = 1; s < old.length; s += 2) {
      const id = old[s] as number;
      if (id === -1) continue;
      const low = old[s - 1] as number;
      let slot = low & mask;
      while ((slots[2 * slot + 1] as number) !== -1) slot = (slot + 1) & mask;
      slots[2 * slot] = low;
      slots[2 * slot + 1] = id;
    }
  }
}

function emptySlots(capacity: number): Int32Array {
  const slots = new Int32Array(capacity * 2);
  for (let s = 1; s < slots.length; s += 2) slots[s] = -1;
  return slots;
}
