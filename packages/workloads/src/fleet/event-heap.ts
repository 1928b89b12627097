/**
 * A binary min-heap of (key, value) pairs in growable typed arrays: no object per entry, so a simulation of
 * millions of events allocates almost nothing. Ties pop in insertion order (a sequence number breaks them), which
 * keeps simulations deterministic.
 *
 * @internal
 */
export class MinHeap {
  private keys = new Float64Array(64);
  private seqs = new Float64Array(64);
  private values = new Int32Array(64);
  private kinds = new Uint8Array(64);
  private nextSeq = 0;
  size = 0;

  push(key: number, kind: number, value: number): void {
    if (this.size === this.keys.length) this.grow();
    let i = this.size++;
    const seq = this.nextSeq++;
    const keys = this.keys;
    const seqs = this.seqs;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (pk < key || (pk === key && (seqs[parent] as number) < seq)) break;
      keys[i] = pk;
      seqs[i] = seqs[parent] as number;
      this.values[i] = this.values[parent] as number;
      this.kinds[i] = this.kinds[parent] as number;
      i = parent;
    }
    keys[i] = key;
    seqs[i] = seq;
    this.values[i] = value;
    this.kinds[i] = kind;
  }

  /** Key of the smallest entry (undefined behaviour when empty). */
  peekKey(): number {
    return this.keys[0] as number;
  }

  peekKind(): number {
    return this.kinds[0] as number;
  }

  peekValue(): number {
    return this.values[0] as number;
  }

  /** Removes the smallest entry (read it with the peek methods first). */
  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    const keys = this.keys;
    const seqs = this.seqs;
    const key = keys[last] as number;
    const seq = seqs[last] as number;
    const value = this.values[last] as number;
    const kind = this.kinds[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (
        right < last &&
        ((keys[right] as number) < (keys[child] as number) ||
          ((keys[right] as number) === (keys[child] as number) && (seqs[right] as number) < (seqs[child] as number)))
      ) {
        child = right;
      }
      const ck = keys[child] as number;
      if (key < ck || (key === ck && seq < (seqs[child] as number))) break;
      keys[i] = ck;
      seqs[i] = seqs[child] as number;
      this.values[i] = this.values[child] as number;
      this.kinds[i] = this.kinds[child] as number;
      i = child;
    }
    keys[i] = key;
    seqs[i] = seq;
    this.values[i] = value;
    this.kinds[i] = kind;
  }

  private grow(): void {
    const n = this.keys.length * 2;
    const keys = new Float64Array(n);
    keys.set(this.keys);
    const seqs = new Float64Array(n);
    seqs.set(this.seqs);
    const values = new Int32Array(n);
    values.set(this.values);
    const kinds = new Uint8Array(n);
    kinds.set(this.kinds);
    this.keys = keys;
    this.seqs = seqs;
    this.values = values;
    this.kinds = kinds;
  }
}
