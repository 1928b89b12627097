/**
 * WGSL of a tiled matmul C = A·B (row-major, M, N, K multiples of `tile`): each workgroup loads `tile`×`tile`
 * blocks of A and B into workgroup memory and accumulates in f32. For `f16` the inputs and output are f16
 * (needs the `shader-f16` feature) and accumulation stays f32.
 *
 * @param dtype - `f32` or `f16`
 * @param tile - tile edge (8 or 16; `tile²` invocations per workgroup)
 * @returns WGSL source
 * @example
 * ```ts
 * import { matmulShader } from "@aifactory/bench";
 * matmulShader("f32", 16).includes("@workgroup_size(16, 16)"); // true
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export function matmulShader(dtype: "f32" | "f16", tile: number): string {
  return `${dtype === "f16" ? "enable f16;\n" : ""}struct Dims { m: u32, n: u32, k: u32, pad: u32 }
@group(0) @binding(0) var<storage, read> a: array<${dtype}>;
@group(0) @binding(1) var<storage, read> b: array<${dtype}>;
@group(0) @binding(2) var<storage, read_write> c: array<${dtype}>;
@group(0) @binding(3) var<uniform> dims: Dims;
const TILE: u32 = ${tile}u;
var<workgroup> tileA: array<array<${dtype}, ${tile}>, ${tile}>;
var<workgroup> tileB: array<array<${dtype}, ${tile}>, ${tile}>;
@compute @workgroup_size(${tile}, ${tile})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = gid.y;
  let col = gid.x;
  var acc: f32 = 0.0;
  let tiles = dims.k / TILE;
  for (var t: u32 = 0u; t < tiles; t = t + 1u) {
    tileA[lid.y][lid.x] = a[row * dims.k + t * TILE + lid.x];
    tileB[lid.y][lid.x] = b[(t * TILE + lid.y) * dims.n + col];
    workgroupBarrier();
    for (var p: u32 = 0u; p < TILE; p = p + 1u) {
      acc = acc + f32(tileA[lid.y][p]) * f32(tileB[p][lid.x]);
    }
    workgroupBarrier();
  }
  c[row * dims.n + col] = ${dtype}(acc);
}
`;
}

/**
 * WGSL of a STREAM-style kernel over `vec4<f32>`: `copy` (dst = src) or `triad` (a = b + 3·c). The index
 * spans a 2-D dispatch so arrays beyond 65,535 workgroups work.
 *
 * @param kind - `copy` or `triad`
 * @param workgroupSize - invocations per workgroup (64 fits every adapter)
 * @returns WGSL source
 * @example
 * ```ts
 * import { streamShader } from "@aifactory/bench";
 * streamShader("triad", 64).includes("3.0"); // true
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export function streamShader(kind: "copy" | "triad", workgroupSize: number): string {
  const bindings =
    kind === "copy"
      ? `@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;`
      : `@group(0) @binding(0) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> c: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec4<f32>>;`;
  const body = kind === "copy" ? "dst[i] = src[i];" : "dst[i] = b[i] + 3.0 * c[i];";
  return `${bindings}
@compute @workgroup_size(${workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * ${workgroupSize}u;
  if (i < arrayLength(&dst)) {
    ${body}
  }
}
`;
}

/**
 * Converts a float to IEEE 754 binary16 bits (round to nearest even), for uploading f16 inputs.
 *
 * @param value - a float
 * @returns the 16-bit pattern
 * @example
 * ```ts
 * import { float32ToFloat16Bits } from "@aifactory/bench";
 * float32ToFloat16Bits(1); // 0x3c00
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export function float32ToFloat16Bits(value: number): number {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    let half = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && (half & 1) === 1)) half += 1;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  if (remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)) half += 1;
  return sign | half;
}

/**
 * Converts IEEE 754 binary16 bits to a number.
 *
 * @param bits - the 16-bit pattern
 * @returns the value
 * @example
 * ```ts
 * import { float16BitsToFloat32 } from "@aifactory/bench";
 * float16BitsToFloat32(0x3c00); // 1
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (mantissa / 1024);
  if (exponent === 0x1f) return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + mantissa / 1024);
}
