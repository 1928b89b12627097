/**
 * Multilinear interpolation of log2(latency) on a grid of log2(axis) values: the lookup core of every kernel
 * table. Internal: the public face is the `lookup*` functions.
 */

/** A decoded grid: log2 axes and log2 latencies (NaN = not measured), row-major. */
export interface LogGrid {
  axes: Float64Array[];
  /** The axes as measured (for messages and clamping). */
  rawAxes: number[][];
  values: Float64Array;
  strides: number[];
  /** Per cell with an unmeasured corner: the flat index of the nearest measured point (memoised). */
  nearest: Map<number, number>;
}

export function makeGrid(rawAxes: number[][], values: Float64Array): LogGrid {
  const axes = rawAxes.map((a) => Float64Array.from(a, (v) => Math.log2(v)));
  const strides = rawAxes.map((_, axis) => rawAxes.slice(axis + 1).reduce((p, a) => p * a.length, 1));
  const expected = rawAxes.reduce((p, a) => p * a.length, 1);
  if (values.length !== expected) {
    throw new Error(`a table has ${values.length} latencies for a grid of ${expected} points`);
  }
  return { axes, rawAxes, values, strides, nearest: new Map() };
}

/** Where a lookup landed. */
export interface GridResult {
  /** log2 latency (us) at the point, NaN when a needed grid point was not measured. */
  log2Us: number;
  /** True when every axis hit a measured value exactly. */
  exact: boolean;
  /** True when at least one coordinate lay outside its axis and was clamped to the edge. */
  clamped: boolean;
  /** The clamped coordinates (equal to the query inside the range). */
  clampedPoint: number[];
}

/**
 * Interpolates at `point` (raw units). Coordinates outside an axis are clamped to its edge (the caller anchors
 * the roofline there). Corners with zero weight are not read, so a hole next to an exact hit does not matter.
 */
export function interpolate(grid: LogGrid, point: readonly number[], out: GridResult): GridResult {
  const d = grid.axes.length;
  let base = 0;
  let exact = true;
  let clamped = false;
  // Per axis: lower index, weight of the upper neighbour (0 = exactly on the lower).
  const lower = SCRATCH_LOWER;
  const weight = SCRATCH_WEIGHT;
  for (let a = 0; a < d; a++) {
    const axis = grid.axes[a] as Float64Array;
    const raw = grid.rawAxes[a] as number[];
    const n = axis.length;
    let x = point[a] ?? 0;
    if (x <= (raw[0] ?? 0)) {
      if (x < (raw[0] ?? 0)) clamped = true;
      x = raw[0] ?? 0;
      lower[a] = 0;
      weight[a] = 0;
    } else if (x >= (raw[n - 1] ?? 0)) {
      if (x > (raw[n - 1] ?? 0)) clamped = true;
      x = raw[n - 1] ?? 0;
      lower[a] = n - 1;
      weight[a] = 0;
    } else {
      let lo = 0;
      let hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if ((raw[mid] ?? 0) <= x) lo = mid;
        else hi = mid;
      }
      lower[a] = lo;
      const lx = Math.log2(x);
      const l0 = axis[lo] ?? 0;
      const w = (lx - l0) / ((axis[lo + 1] ?? 0) - l0);
      weight[a] = w;
      if (w > 0) exact = false;
    }
    out.clampedPoint[a] = x;
    base += (lower[a] ?? 0) * (grid.strides[a] ?? 0);
  }
  out.clampedPoint.length = d;
  let sum = 0;
  const corners = 1 << d;
  for (let c = 0; c < corners; c++) {
    let w = 1;
    let at = base;
    for (let a = 0; a < d; a++) {
      const wa = weight[a] ?? 0;
      if ((c >> a) & 1) {
        if (wa === 0) {
          w = 0;
          break;
        }
        w *= wa;
        at += grid.strides[a] ?? 0;
      } else {
        w *= 1 - wa;
      }
    }
    if (w === 0) continue;
    const v = grid.values[at] ?? Number.NaN;
    if (Number.isNaN(v)) {
      sum = Number.NaN;
      break;
    }
    sum += w * v;
  }
  out.log2Us = sum;
  out.exact = exact && !clamped;
  out.clamped = clamped;
  return out;
}

/**
 * The measured grid point nearest to `point` (Euclidean distance in log2 of every axis), memoised per grid cell;
 * -1 when nothing is measured. Writes its raw coordinates into `coordinates`.
 */
export function nearestMeasured(grid: LogGrid, point: readonly number[], coordinates: number[]): number {
  const d = grid.axes.length;
  let cell = 0;
  for (let a = 0; a < d; a++) {
    const raw = grid.rawAxes[a] as number[];
    const x = point[a] ?? 0;
    let i = 0;
    while (i < raw.length - 1 && (raw[i + 1] ?? 0) <= x) i++;
    cell += i * (grid.strides[a] ?? 0);
  }
  let best = grid.nearest.get(cell);
  if (best === undefined) {
    best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    const logPoint = point.map((x) => Math.log2(Math.max(x, 1e-30)));
    for (let at = 0; at < grid.values.length; at++) {
      if (Number.isNaN(grid.values[at] ?? Number.NaN)) continue;
      let distance = 0;
      for (let a = 0; a < d; a++) {
        const axis = grid.axes[a] as Float64Array;
        const i = Math.floor(at / (grid.strides[a] ?? 1)) % axis.length;
        const delta = (axis[i] ?? 0) - (logPoint[a] ?? 0);
        distance += delta * delta;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = at;
      }
    }
    grid.nearest.set(cell, best);
  }
  if (best >= 0) {
    for (let a = 0; a < d; a++) {
      const raw = grid.rawAxes[a] as number[];
      coordinates[a] = raw[Math.floor(best / (grid.strides[a] ?? 1)) % raw.length] ?? 0;
    }
    coordinates.length = d;
  }
  return best;
}

const SCRATCH_LOWER: number[] = [0, 0, 0, 0];
const SCRATCH_WEIGHT: number[] = [0, 0, 0, 0];

export function createGridResult(): GridResult {
  return { log2Us: 0, exact: false, clamped: false, clampedPoint: [0, 0, 0, 0] };
}
