import { AifError, finiteNonNegative, nonNegativeInt, parseInput, positiveInt } from "@aifactory/core";
import {
  attentionDtypeSchema,
  collectiveTableSchema,
  gemmDtypeSchema,
  type KernelTables,
  kernelTablesSchema,
  moeDtypeSchema,
} from "@aifactory/kernels";
import { z } from "zod";
import { type RunCommandOptions, runCommandOrThrow } from "./run-command";

/**
 * The Python program of `aif bench kernels`: for each case of a JSON spec (its only argument) it times one
 * kernel on the GPU with CUDA events (eager mode, no CUDA graphs; a GPU-side sleep queues the launches first so
 * that launch gaps of short kernels are not timed) and prints one JSON line: the median of `iterations` timed
 * runs after `warmup`, in microseconds, or `{kind, ..., skipped: reason}` when a case cannot run (no FP8 on this
 * GPU, out of memory, ...). Cases: `torch.mm` (bf16) and `torch._scaled_mm` (fp8 e4m3, per-tensor scales)
 * GEMMs; `scaled_dot_product_attention` prefill (causal) and decode (one query token) attention, GQA through
 * `enable_gqa` or, before torch 2.5, KV heads repeated outside the timed region; a whole bf16 MoE layer
 * (router GEMM, softmax, top-k, sort, gather, grouped GEMMs through `torch._grouped_mm` or one `torch.mm` per
 * expert, SwiGLU/GELU, weighted scatter-add) with a routing drawn from a power law of expert loads; and, when
 * the process sees more than one GPU, single-process NCCL collectives through `torch.cuda.nccl` (all-reduce,
 * all-gather, reduce-scatter; all-to-all has no single-process call and needs `nccl-tests`). Passed to
 * `python3 -c`, never through a shell. Exits 3 when torch sees no GPU.
 *
 * @example
 * ```ts
 * import { TORCH_KERNELS_SCRIPT } from "@aifactory/bench";
 * TORCH_KERNELS_SCRIPT.includes("scaled_dot_product_attention"); // true
 * ```
 * @since 0.1.0
 * @category Runners
 */
export const TORCH_KERNELS_SCRIPT = `
import importlib, json, random, sys
spec = json.loads(sys.argv[1])
import torch
import torch.nn.functional as F


def emit(row):
    print(json.dumps(row), flush=True)


def reason_of(error):
    lines = (type(error).__name__ + ": " + str(error)).strip().splitlines()
    return (lines[0] if lines else type(error).__name__)[:300]


if not torch.cuda.is_available():
    sys.stderr.write("aif: torch sees no CUDA or ROCm device\\n")
    sys.exit(3)

dev = torch.device("cuda")
name = torch.cuda.get_device_name(dev)
warmup = int(spec.get("warmupIterations", 10))
iterations = int(spec.get("iterations", 30))
# About 10 ms of GPU sleep at 2 GHz: longer than queueing the timed launches of one case takes.
sleep_cycles = 20000000
bf16 = torch.bfloat16
emit({"kind": "device", "device": name, "torch": torch.__version__,
      "runtime": ("hip " + str(torch.version.hip)) if torch.version.hip else ("cuda " + str(torch.version.cuda)),
      "gpus": torch.cuda.device_count(), "warmup": warmup, "iterations": iterations})


def sync_all(gpus):
    for index in range(gpus):
        torch.cuda.synchronize(index)


def time_us(fn, gpus):
    for _ in range(warmup):
        fn()
    sync_all(gpus)
    starts = [torch.cuda.Event(enable_timing=True) for _ in range(iterations)]
    ends = [torch.cuda.Event(enable_timing=True) for _ in range(iterations)]
    # The GPU sleeps while the CPU queues the timed launches, so short kernels are timed back to back.
    try:
        torch.cuda._sleep(sleep_cycles)
    except Exception:
        pass
    for index in range(iterations):
        starts[index].record()
        fn()
        ends[index].record()
    sync_all(gpus)
    samples = sorted(start.elapsed_time(end) * 1000.0 for start, end in zip(starts, ends))
    middle = len(samples) // 2
    median = samples[middle] if len(samples) % 2 == 1 else (samples[middle - 1] + samples[middle]) / 2
    return median, len(samples)


def run_case(fields, make, gpus=1):
    row = dict(fields)
    fn = None
    try:
        fn, extra = make()
        row.update(extra)
        median, count = time_us(fn, gpus)
        row.update({"device": name, "latencyUs": round(median, 4), "samples": count})
    except Exception as error:  # one case that cannot run (out of memory, unsupported) must not end the sweep
        row["skipped"] = reason_of(error)
    fn = None
    torch.cuda.empty_cache()
    emit(row)


# GEMM
fp8 = getattr(torch, "float8_e4m3fnuz" if torch.version.hip else "float8_e4m3fn", None)


def fp8_missing():
    if fp8 is None or not hasattr(torch, "_scaled_mm"):
        return "this torch has no FP8 matmul (torch._scaled_mm)"
    if not torch.version.hip and tuple(torch.cuda.get_device_capability(dev)) < (8, 9):
        return "FP8 GEMMs need compute capability 8.9 or newer"
    return None


def gemm_case(dtype, m, n, k):
    def make():
        if dtype == "bf16":
            a = torch.randn(m, k, device=dev, dtype=bf16)
            b = torch.randn(k, n, device=dev, dtype=bf16)
            return (lambda: torch.mm(a, b)), {}
        a = torch.randn(m, k, device=dev).to(fp8)
        # cuBLASLt takes the second FP8 operand column-major.
        b = torch.randn(n, k, device=dev).to(fp8).t()
        one = torch.ones((), device=dev, dtype=torch.float32)
        return (lambda: torch._scaled_mm(a, b, scale_a=one, scale_b=one, out_dtype=bf16)), {}
    return make


gemm = spec.get("gemm")
if gemm:
    for dtype in gemm["dtypes"]:
        missing = fp8_missing() if dtype == "fp8" else None
        if dtype not in ("bf16", "fp8"):
            missing = "this sweep measures bf16 and fp8 (per-tensor) GEMMs only"
        if missing:
            emit({"kind": "gemm", "dtype": dtype, "skipped": missing})
            continue
        for m in gemm["m"]:
            for n in gemm["n"]:
                for k in gemm["k"]:
                    run_case({"kind": "gemm", "dtype": dtype, "m": m, "n": n, "k": k}, gemm_case(dtype, m, n, k))


# Attention
def probe_gqa():
    q = torch.zeros(1, 2, 1, 64, device=dev, dtype=bf16)
    kv = torch.zeros(1, 1, 1, 64, device=dev, dtype=bf16)
    try:
        F.scaled_dot_product_attention(q, kv, kv, enable_gqa=True)
        return True
    except (TypeError, RuntimeError):
        return False


native_gqa = probe_gqa() if spec.get("contextAttention") or spec.get("generationAttention") else False


def attention_case(shape, batch, query_tokens, kv_tokens, causal):
    heads, kv_heads, head_dim = shape["heads"], shape["kvHeads"], shape["headDim"]

    def make():
        if heads % kv_heads != 0:
            raise ValueError("heads must be a multiple of kvHeads")
        q = torch.randn(batch, heads, query_tokens, head_dim, device=dev, dtype=bf16)
        k = torch.randn(batch, kv_heads, kv_tokens, head_dim, device=dev, dtype=bf16)
        v = torch.randn(batch, kv_heads, kv_tokens, head_dim, device=dev, dtype=bf16)
        options = {"is_causal": causal}
        gqa = "none"
        if kv_heads != heads and native_gqa:
            options["enable_gqa"] = True
            gqa = "native"
        elif kv_heads != heads:
            # Before torch 2.5: KV heads repeated once, outside the timed region (decode then reads more KV).
            k = k.repeat_interleave(heads // kv_heads, dim=1)
            v = v.repeat_interleave(heads // kv_heads, dim=1)
            gqa = "repeated-kv"
        return (lambda: F.scaled_dot_product_attention(q, k, v, **options)), {"gqa": gqa}
    return make


def head_fields(kind, shape):
    return {"kind": kind, "heads": shape["heads"], "kvHeads": shape["kvHeads"], "headDim": shape["headDim"],
            "windowTokens": 0}


for shape in spec.get("contextAttention", []):
    for batch in shape["batch"]:
        for tokens in shape["sequenceTokens"]:
            fields = head_fields("contextAttention", shape)
            fields.update({"dtype": "bf16", "kvDtype": "bf16", "batch": batch, "sequenceTokens": tokens})
            run_case(fields, attention_case(shape, batch, tokens, tokens, True))

for shape in spec.get("generationAttention", []):
    for batch in shape["batch"]:
        for tokens in shape["contextTokens"]:
            fields = head_fields("generationAttention", shape)
            fields.update({"kvDtype": "bf16", "batch": batch, "contextTokens": tokens})
            # One new query token per sequence: not causal (a causal mask would be aligned top-left).
            run_case(fields, attention_case(shape, batch, 1, tokens, False))


# MoE
def draw_routing(tokens, experts, top_k, alpha, seed):
    rng = random.Random(seed)
    if alpha == 0:
        return [rng.sample(range(experts), top_k) for _ in range(tokens)]
    weights = [(expert + 1) ** -alpha for expert in range(experts)]
    # Weighted sampling without replacement (Efraimidis-Spirakis): the top_k largest u^(1/w).
    return [sorted(range(experts), key=lambda e: -(rng.random() ** (1.0 / weights[e])))[:top_k]
            for _ in range(tokens)]


def moe_case(shape, series, tokens):
    def make():
        hidden, experts, top_k, gated = shape["hiddenSize"], shape["experts"], shape["topK"], shape["gated"]
        tp, ep, alpha = series["tp"], series["ep"], float(series["routingAlpha"])
        if shape.get("dtype", "bf16") != "bf16":
            raise ValueError("this sweep measures bf16 MoE layers only")
        if experts % ep != 0 or shape["expertFfnSize"] % tp != 0:
            raise ValueError("experts must divide by ep and expertFfnSize by tp")
        local = experts // ep
        ffn = shape["expertFfnSize"] // tp
        routing = draw_routing(tokens, experts, top_k, alpha, 0)
        # This GPU holds experts 0..local-1, the most popular ones: the rank that sets the layer's latency.
        buckets = [[] for _ in range(local)]
        for token, choice in enumerate(routing):
            for slot, expert in enumerate(choice):
                if expert < local:
                    buckets[expert].append((token, token * top_k + slot))
        if not any(buckets):
            buckets[0].append((0, 0))
        # torch._grouped_mm wants each expert's rows aligned to 16; padding rows carry weight 0.
        rows, sources, mask, bounds, ends = [], [], [], [], []
        for picked in buckets:
            begin = len(rows)
            padded = -(-len(picked) // 16) * 16
            for token, flat in picked:
                rows.append(token)
                sources.append(flat)
                mask.append(1.0)
            for _ in range(padded - len(picked)):
                rows.append(0)
                sources.append(0)
                mask.append(0.0)
            bounds.append((begin, len(rows)))
            ends.append(len(rows))
        flat_ids = torch.tensor([expert for choice in routing for expert in choice], device=dev, dtype=torch.int64)
        rows_t = torch.tensor(rows, device=dev, dtype=torch.int64)
        sources_t = torch.tensor(sources, device=dev, dtype=torch.int64)
        mask_t = torch.tensor(mask, device=dev, dtype=torch.float32)
        offs = torch.tensor(ends, device=dev, dtype=torch.int32)
        x = torch.randn(tokens, hidden, device=dev, dtype=bf16)
        router = torch.randn(hidden, experts, device=dev, dtype=bf16)
        up_width = 2 * ffn if gated else ffn
        # Stored (experts, out, in) and viewed transposed: the layout torch._grouped_mm takes.
        w_up = (torch.randn(local, up_width, hidden, device=dev, dtype=bf16) * hidden ** -0.5).transpose(-2, -1)
        w_down = (torch.randn(local, hidden, ffn, device=dev, dtype=bf16) * ffn ** -0.5).transpose(-2, -1)

        def expert_mm(a, w, grouped):
            if grouped:
                return torch._grouped_mm(a, w, offs=offs, out_dtype=bf16)
            out = torch.empty(a.shape[0], w.shape[-1], device=dev, dtype=bf16)
            for expert, (begin, end) in enumerate(bounds):
                if end > begin:
                    torch.mm(a[begin:end], w[expert], out=out[begin:end])
            return out

        def layer(grouped):
            logits = torch.mm(x, router)
            probs = torch.softmax(logits.float(), dim=-1)
            top_p, _ = torch.topk(probs, top_k, dim=-1)
            # The sort a dispatch does; the layout it yields is the one precomputed from the drawn routing.
            torch.argsort(flat_ids)
            gate = top_p.flatten().index_select(0, sources_t) * mask_t
            h = expert_mm(x.index_select(0, rows_t), w_up, grouped)
            if gated:
                a, b = h.chunk(2, dim=-1)
                h = F.silu(a) * b
            else:
                h = F.gelu(h)
            y = expert_mm(h, w_down, grouped)
            out = torch.zeros_like(x)
            out.index_add_(0, rows_t, (y.float() * gate.unsqueeze(1)).to(bf16))
            return out

        implementation = "torch.mm per expert"
        if hasattr(torch, "_grouped_mm"):
            try:
                layer(True)
                torch.cuda.synchronize()
                implementation = "torch._grouped_mm"
            except Exception:
                pass
        grouped = implementation == "torch._grouped_mm"
        return (lambda: layer(grouped)), {"implementation": implementation}
    return make


for shape in spec.get("moe", []):
    for series in shape["series"]:
        for tokens in shape["tokens"]:
            fields = {"kind": "moe", "dtype": shape.get("dtype", "bf16"), "gated": shape["gated"],
                      "hiddenSize": shape["hiddenSize"], "expertFfnSize": shape["expertFfnSize"],
                      "topK": shape["topK"], "experts": shape["experts"], "tp": series["tp"], "ep": series["ep"],
                      "routingAlpha": series["routingAlpha"], "tokens": tokens}
            run_case(fields, moe_case(shape, series, tokens))


# Collectives: one process drives every GPU through torch.cuda.nccl (no torch.distributed).
def collective_case(operation, gpus, message_bytes):
    def make():
        nccl = importlib.import_module("torch.cuda.nccl")
        elements = max(gpus, message_bytes // 2 // gpus * gpus)
        devices = [torch.device("cuda", index) for index in range(gpus)]
        if operation == "all-reduce":
            buffers = [torch.ones(elements, device=d, dtype=bf16) for d in devices]
            return (lambda: nccl.all_reduce(buffers)), {}
        if operation == "all-gather":
            inputs = [torch.ones(elements // gpus, device=d, dtype=bf16) for d in devices]
            outputs = [torch.empty(elements, device=d, dtype=bf16) for d in devices]
            return (lambda: nccl.all_gather(inputs, outputs)), {}
        if operation == "reduce-scatter":
            inputs = [torch.ones(elements, device=d, dtype=bf16) for d in devices]
            outputs = [torch.empty(elements // gpus, device=d, dtype=bf16) for d in devices]
            return (lambda: nccl.reduce_scatter(inputs, outputs)), {}
        raise ValueError(operation + " has no single-process torch.cuda.nccl call; use nccl-tests")
    return make


collectives = spec.get("collectives")
if collectives:
    visible = torch.cuda.device_count()
    counts = [g for g in collectives.get("gpus", [2, 4, 8, 16, 32, 64, 72]) if 2 <= g <= visible]
    if not counts:
        emit({"kind": "collective", "skipped": "collectives need more than one GPU visible to this process"})
    for operation in collectives["operations"] if counts else []:
        for gpus in counts:
            for message_bytes in collectives["messageBytes"]:
                fields = {"kind": "collective", "operation": operation, "implementation": "nccl", "dtype": "bf16",
                          "gpus": gpus, "messageBytes": message_bytes}
                run_case(fields, collective_case(operation, gpus, message_bytes), gpus)
`;

/** Sorted, strictly increasing positive integers. */
const axisSchema = z
  .array(positiveInt)
  .min(1)
  .refine((values) => values.every((v, i) => i === 0 || v > (values[i - 1] ?? 0)), {
    message: "must be strictly increasing",
  });

const headsSchema = {
  heads: positiveInt,
  kvHeads: positiveInt,
  headDim: positiveInt,
  batch: axisSchema,
};

const kvHeadsDivide = (shape: { heads: number; kvHeads: number }) => shape.heads % shape.kvHeads === 0;
const kvHeadsMessage = { message: "heads must be a multiple of kvHeads" };

/**
 * What `aif bench kernels` measures: GEMM grids (bf16, fp8), prefill and decode attention head layouts, whole
 * bf16 MoE layers and single-process NCCL collectives, with the warmup and timed iterations of every case.
 * Every part is optional; a missing part is not measured.
 *
 * @example
 * ```ts
 * import { torchKernelSweepSpecSchema } from "@aifactory/bench";
 * torchKernelSweepSpecSchema.parse({ gemm: { dtypes: ["bf16"], m: [1, 128], n: [4096], k: [4096] } }).iterations; // 30
 * ```
 * @since 0.1.0
 * @category Runners
 */
export const torchKernelSweepSpecSchema = z
  .object({
    gemm: z
      .object({
        dtypes: z.array(z.enum(["bf16", "fp8"])).min(1),
        m: axisSchema,
        n: axisSchema,
        k: axisSchema,
      })
      .strict()
      .optional(),
    contextAttention: z
      .array(
        z
          .object({ ...headsSchema, sequenceTokens: axisSchema })
          .strict()
          .refine(kvHeadsDivide, kvHeadsMessage),
      )
      .default([]),
    generationAttention: z
      .array(
        z
          .object({ ...headsSchema, contextTokens: axisSchema })
          .strict()
          .refine(kvHeadsDivide, kvHeadsMessage),
      )
      .default([]),
    moe: z
      .array(
        z
          .object({
            dtype: z.literal("bf16").default("bf16"),
            gated: z.boolean(),
            hiddenSize: positiveInt,
            expertFfnSize: positiveInt,
            topK: positiveInt,
            experts: positiveInt,
            series: z
              .array(z.object({ tp: positiveInt, ep: positiveInt, routingAlpha: finiteNonNegative }).strict())
              .min(1),
            tokens: axisSchema,
          })
          .strict()
          .refine((shape) => shape.topK <= shape.experts, { message: "topK must not exceed experts" }),
      )
      .default([]),
    collectives: z
      .object({
        operations: z.array(z.enum(["all-reduce", "all-gather", "reduce-scatter"])).min(1),
        gpus: axisSchema.optional(),
        messageBytes: axisSchema,
      })
      .strict()
      .optional(),
    warmupIterations: nonNegativeInt.default(10),
    iterations: positiveInt.default(30),
  })
  .strict();

/**
 * A kernel sweep as written (defaults optional). See {@link torchKernelSweepSpecSchema}.
 *
 * @example
 * ```ts
 * import type { TorchKernelSweepSpec } from "@aifactory/bench";
 * const spec: TorchKernelSweepSpec = { gemm: { dtypes: ["fp8"], m: [16, 4096], n: [8192], k: [8192] }, iterations: 50 };
 * ```
 * @since 0.1.0
 * @category Runners
 */
export type TorchKernelSweepSpec = z.input<typeof torchKernelSweepSpecSchema>;

const LLAMA_ATTENTION = [
  // Llama 3 70B after TP8: 64 query heads and 8 KV heads over 8 GPUs.
  { heads: 8, kvHeads: 1, headDim: 128 },
  // Llama 3 8B on one GPU.
  { heads: 32, kvHeads: 8, headDim: 128 },
];

/**
 * The default sweep of `aif bench kernels` (a few minutes on one H100): bf16 and fp8 GEMMs over
 * m 1..8192 x n {4096, 28672} x k {4096, 14336} (Llama 3 8B's output, fused gate/up and down projections:
 * 24 shapes per dtype); prefill attention (batch 1..16 x 512..8192 tokens) and decode attention (batch 1..64 x
 * 1024..16384 cached tokens) for Llama 3 70B after TP8 (8 heads, 1 KV head, head dim 128) and Llama 3 8B
 * (32/8/128); two bf16 MoE layers (Mixtral 8x7B-like 8 experts top-2, Qwen3-30B-A3B-like 128 experts top-8, the
 * latter also as one EP8 rank); all-reduce, all-gather and reduce-scatter of 1 KiB..256 MiB when more than one
 * GPU is visible. 10 warmup and 30 timed iterations per case.
 *
 * @example
 * ```ts
 * import { DEFAULT_KERNEL_SWEEP } from "@aifactory/bench";
 * DEFAULT_KERNEL_SWEEP.gemm?.m.length; // 6
 * ```
 * @since 0.1.0
 * @category Runners
 */
export const DEFAULT_KERNEL_SWEEP: TorchKernelSweepSpec = {
  gemm: { dtypes: ["bf16", "fp8"], m: [1, 16, 128, 1024, 4096, 8192], n: [4096, 28672], k: [4096, 14336] },
  contextAttention: LLAMA_ATTENTION.map((heads) => ({
    ...heads,
    batch: [1, 4, 16],
    sequenceTokens: [512, 2048, 8192],
  })),
  generationAttention: LLAMA_ATTENTION.map((heads) => ({
    ...heads,
    batch: [1, 8, 64],
    contextTokens: [1024, 4096, 16384],
  })),
  moe: [
    {
      gated: true,
      hiddenSize: 4096,
      expertFfnSize: 14336,
      topK: 2,
      experts: 8,
      series: [{ tp: 1, ep: 1, routingAlpha: 0 }],
      tokens: [1, 16, 128, 1024, 4096],
    },
    {
      gated: true,
      hiddenSize: 2048,
      expertFfnSize: 768,
      topK: 8,
      experts: 128,
      series: [
        { tp: 1, ep: 1, routingAlpha: 0 },
        { tp: 1, ep: 8, routingAlpha: 0 },
      ],
      tokens: [1, 16, 128, 1024, 4096],
    },
  ],
  collectives: {
    operations: ["all-reduce", "all-gather", "reduce-scatter"],
    messageBytes: [1024, 16384, 262144, 4194304, 67108864, 268435456],
  },
  warmupIterations: 10,
  iterations: 30,
};

/**
 * A sweep of a few points of each kind (under a minute plus PyTorch start-up): for checking a setup, not for
 * tables to rely on.
 *
 * @example
 * ```ts
 * import { QUICK_KERNEL_SWEEP } from "@aifactory/bench";
 * QUICK_KERNEL_SWEEP.iterations; // 10
 * ```
 * @since 0.1.0
 * @category Runners
 */
export const QUICK_KERNEL_SWEEP: TorchKernelSweepSpec = {
  gemm: { dtypes: ["bf16", "fp8"], m: [1, 1024], n: [4096], k: [4096] },
  contextAttention: [{ heads: 8, kvHeads: 1, headDim: 128, batch: [1], sequenceTokens: [512, 2048] }],
  generationAttention: [{ heads: 8, kvHeads: 1, headDim: 128, batch: [1, 16], contextTokens: [2048] }],
  moe: [
    {
      gated: true,
      hiddenSize: 2048,
      expertFfnSize: 768,
      topK: 8,
      experts: 128,
      series: [{ tp: 1, ep: 8, routingAlpha: 0 }],
      tokens: [16, 256],
    },
  ],
  collectives: { operations: ["all-reduce"], messageBytes: [1048576] },
  warmupIterations: 3,
  iterations: 10,
};

/**
 * The check sweep of `aif bench kernels --sweep check` (about two minutes on one GPU): 20 GEMM and attention
 * shapes that sit on the built-in tables' grid points, so that `--compare` sets a real GPU against the shipped
 * measurements point by point: bf16 and fp8 GEMMs m {16, 1024, 8192} x n {4096, 8192} x k {8192} (12 shapes),
 * prefill attention of Llama 3 70B after TP8 (8 heads, 1 KV head, head dim 128) at batch {1, 4} x {2048, 8192}
 * tokens, decode attention at batch {8, 64} x 4096 cached tokens. No MoE layers or collectives.
 *
 * @example
 * ```ts
 * import { CHECK_KERNEL_SWEEP } from "@aifactory/bench";
 * CHECK_KERNEL_SWEEP.gemm?.dtypes.length; // 2
 * ```
 * @since 0.5.0
 * @category Runners
 */
export const CHECK_KERNEL_SWEEP: TorchKernelSweepSpec = {
  gemm: { dtypes: ["bf16", "fp8"], m: [16, 1024, 8192], n: [4096, 8192], k: [8192] },
  contextAttention: [{ heads: 8, kvHeads: 1, headDim: 128, batch: [1, 4], sequenceTokens: [2048, 8192] }],
  generationAttention: [{ heads: 8, kvHeads: 1, headDim: 128, batch: [8, 64], contextTokens: [4096] }],
  moe: [],
  warmupIterations: 10,
  iterations: 30,
};

const measuredFields = {
  device: z.string().optional(),
  // null (or absent) on a case that was tried and skipped: a missing grid point.
  latencyUs: z.number().finite().positive().nullable().default(null),
  samples: nonNegativeInt.optional(),
};

const headFields = {
  heads: positiveInt,
  kvHeads: positiveInt,
  headDim: positiveInt,
  windowTokens: nonNegativeInt.default(0),
  batch: positiveInt,
  gqa: z.string().optional(),
};

/** One measured case line of {@link TORCH_KERNELS_SCRIPT}. */
const caseLineSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("gemm"),
    dtype: gemmDtypeSchema,
    m: positiveInt,
    n: positiveInt,
    k: positiveInt,
    ...measuredFields,
  }),
  z.object({
    kind: z.literal("contextAttention"),
    ...headFields,
    dtype: attentionDtypeSchema.default("bf16"),
    kvDtype: attentionDtypeSchema.default("bf16"),
    sequenceTokens: positiveInt,
    ...measuredFields,
  }),
  z.object({
    kind: z.literal("generationAttention"),
    ...headFields,
    kvDtype: attentionDtypeSchema.default("bf16"),
    contextTokens: positiveInt,
    ...measuredFields,
  }),
  z.object({
    kind: z.literal("moe"),
    dtype: moeDtypeSchema,
    gated: z.boolean(),
    hiddenSize: positiveInt,
    expertFfnSize: positiveInt,
    topK: positiveInt,
    experts: positiveInt,
    tp: positiveInt,
    ep: positiveInt,
    routingAlpha: finiteNonNegative,
    tokens: positiveInt,
    implementation: z.string().optional(),
    ...measuredFields,
  }),
  z.object({
    kind: z.literal("collective"),
    operation: collectiveTableSchema.shape.operation,
    implementation: collectiveTableSchema.shape.implementation,
    dtype: collectiveTableSchema.shape.dtype,
    gpus: positiveInt,
    messageBytes: positiveInt,
    ...measuredFields,
  }),
]);

type CaseLine = z.infer<typeof caseLineSchema>;
type LineOf<K extends CaseLine["kind"]> = Extract<CaseLine, { kind: K }>;

const CASE_KINDS: ReadonlySet<string> = new Set([
  "gemm",
  "contextAttention",
  "generationAttention",
  "moe",
  "collective",
]);

const deviceLineSchema = z.looseObject({
  kind: z.literal("device"),
  device: z.string(),
  torch: z.string().optional(),
  runtime: z.string().optional(),
  gpus: nonNegativeInt.optional(),
  warmup: nonNegativeInt.optional(),
  iterations: nonNegativeInt.optional(),
});

interface SweepLines {
  cases: CaseLine[];
  skipped: string[];
  device?: z.infer<typeof deviceLineSchema>;
}

const DESCRIBED_FIELDS = [
  "dtype",
  "operation",
  "m",
  "n",
  "k",
  "heads",
  "kvHeads",
  "headDim",
  "batch",
  "sequenceTokens",
  "contextTokens",
  "experts",
  "topK",
  "tp",
  "ep",
  "tokens",
  "gpus",
  "messageBytes",
];

function describeSkip(row: Record<string, unknown>): string {
  const fields = DESCRIBED_FIELDS.filter((key) => row[key] !== undefined).map((key) =>
    key === "dtype" || key === "operation" ? String(row[key]) : `${key}=${String(row[key])}`,
  );
  return `${[String(row.kind), ...fields].join(" ")}: ${String(row.skipped)}`;
}

function readLines(stdout: string): SweepLines {
  const lines: SweepLines = { cases: [], skipped: [] };
  stdout.split(/\r?\n/).forEach((text, index) => {
    const line = text.trim();
    if (!line.startsWith("{")) return;
    let row: Record<string, unknown>;
    try {
      // Python's json writes NaN and Infinity bare; read them as null (not measured).
      row = JSON.parse(line.replace(/\bNaN\b|-?Infinity\b/g, "null")) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof row.kind !== "string") return;
    if (row.kind === "device" && row.skipped === undefined) {
      lines.device = parseInput(deviceLineSchema, row, `PyTorch kernel sweep line ${index + 1}`);
      return;
    }
    const skipped =
      typeof row.skipped === "string"
        ? row.skipped
        : CASE_KINDS.has(row.kind) && row.latencyUs === null
          ? "non-finite latency"
          : undefined;
    if (skipped !== undefined) {
      lines.skipped.push(describeSkip({ ...row, skipped }));
      // A skipped case that names its grid point becomes a null there.
      const point = caseLineSchema.safeParse({ ...row, latencyUs: null });
      if (point.success) lines.cases.push(point.data);
      return;
    }
    if (!CASE_KINDS.has(row.kind)) return;
    const parsed = caseLineSchema.safeParse(row);
    if (!parsed.success || parsed.data.latencyUs === null) {
      const problems = parsed.success
        ? "latencyUs: missing"
        : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
      throw new AifError(
        "EXTERNAL_TOOL_FAILURE",
        `the PyTorch kernel sweep printed a malformed ${row.kind} line ${index + 1}: ${problems}`,
        { hint: "the script and this version of @aifactory/bench disagree; report it", details: { line } },
      );
    }
    lines.cases.push(parsed.data);
  });
  return lines;
}

/** Sorted distinct values of one field. */
function axisOf<T>(rows: readonly T[], pick: (row: T) => number): number[] {
  return [...new Set(rows.map(pick))].sort((a, b) => a - b);
}

/** Most grid points one kernel table may have (a million: far above any sweep, far below running out of memory). */
const MAX_GRID_CELLS = 1_000_000;

/** Latencies at row-major grid points (null where not measured; a point measured twice keeps its last value). */
function gridOf<T extends { latencyUs: number | null }>(
  rows: readonly T[],
  axes: ReadonlyArray<{ values: readonly number[]; pick: (row: T) => number }>,
): Array<number | null> {
  const size = axes.reduce((product, axis) => product * axis.values.length, 1);
  // A table is the product of its axes: a few hundred distinct shapes on three axes would be hundreds of
  // millions of cells and exhaust memory (fuzz suite, #22). The sweep script's grids stay under a thousand.
  if (size > MAX_GRID_CELLS) {
    throw new AifError(
      "EXTERNAL_TOOL_FAILURE",
      `the PyTorch kernel sweep's shapes make a table of ${size} grid points (axes of ${axes.map((axis) => axis.values.length).join(" x ")} values), more than ${MAX_GRID_CELLS}`,
      { hint: "sweep fewer distinct shapes per table (the script's own grids are a few hundred points)" },
    );
  }
  const latencyUs: Array<number | null> = new Array<number | null>(size).fill(null);
  for (const row of rows) {
    if (row.latencyUs === null) continue;
    const index = axes.reduce((flat, axis) => flat * axis.values.length + axis.values.indexOf(axis.pick(row)), 0);
    latencyUs[index] = row.latencyUs;
  }
  return latencyUs;
}

/** Rows grouped by the fields that name their table, in first-seen order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => unknown): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = JSON.stringify(key(row));
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [row]);
    else group.push(row);
  }
  return [...groups.values()];
}

function casesOf<K extends CaseLine["kind"]>(cases: readonly CaseLine[], kind: K): Array<LineOf<K>> {
  return cases.filter((row): row is LineOf<K> => row.kind === kind);
}

/** Groups of rows per table, leaving out a table none of whose points was measured. */
function tablesOf<K extends CaseLine["kind"]>(
  cases: readonly CaseLine[],
  kind: K,
  key: (row: LineOf<K>) => unknown,
): Array<LineOf<K>[]> {
  return groupBy(casesOf(cases, kind), key).filter((rows) => rows.some((row) => row.latencyUs !== null));
}

function tablesFromCases(cases: readonly CaseLine[]) {
  const gemmOrder = gemmDtypeSchema.options;
  const gemm = tablesOf(cases, "gemm", (row) => row.dtype)
    .sort((a, b) => gemmOrder.indexOf(a[0]?.dtype ?? "bf16") - gemmOrder.indexOf(b[0]?.dtype ?? "bf16"))
    .map((rows) => {
      const m = axisOf(rows, (row) => row.m);
      const n = axisOf(rows, (row) => row.n);
      const k = axisOf(rows, (row) => row.k);
      const latencyUs = gridOf(rows, [
        { values: m, pick: (row) => row.m },
        { values: n, pick: (row) => row.n },
        { values: k, pick: (row) => row.k },
      ]);
      return { dtype: rows[0]?.dtype ?? "bf16", m, n, k, latencyUs };
    });
  const contextAttention = tablesOf(cases, "contextAttention", (row) => [
    row.heads,
    row.kvHeads,
    row.headDim,
    row.windowTokens,
    row.dtype,
    row.kvDtype,
  ]).map((rows) => {
    const first = rows[0] as LineOf<"contextAttention">;
    const batch = axisOf(rows, (row) => row.batch);
    const sequenceTokens = axisOf(rows, (row) => row.sequenceTokens);
    return {
      heads: first.heads,
      kvHeads: first.kvHeads,
      headDim: first.headDim,
      windowTokens: first.windowTokens,
      dtype: first.dtype,
      kvDtype: first.kvDtype,
      batch,
      sequenceTokens,
      latencyUs: gridOf(rows, [
        { values: batch, pick: (row) => row.batch },
        { values: sequenceTokens, pick: (row) => row.sequenceTokens },
      ]),
    };
  });
  const generationAttention = tablesOf(cases, "generationAttention", (row) => [
    row.heads,
    row.kvHeads,
    row.headDim,
    row.windowTokens,
    row.kvDtype,
  ]).map((rows) => {
    const first = rows[0] as LineOf<"generationAttention">;
    const batch = axisOf(rows, (row) => row.batch);
    const contextTokens = axisOf(rows, (row) => row.contextTokens);
    return {
      heads: first.heads,
      kvHeads: first.kvHeads,
      headDim: first.headDim,
      windowTokens: first.windowTokens,
      kvDtype: first.kvDtype,
      batch,
      contextTokens,
      latencyUs: gridOf(rows, [
        { values: batch, pick: (row) => row.batch },
        { values: contextTokens, pick: (row) => row.contextTokens },
      ]),
    };
  });
  const moe = tablesOf(cases, "moe", (row) => [
    row.dtype,
    row.gated,
    row.hiddenSize,
    row.expertFfnSize,
    row.topK,
    row.experts,
  ]).map((rows) => {
    const first = rows[0] as LineOf<"moe">;
    const seriesKey = (row: { tp: number; ep: number; routingAlpha: number }) =>
      `${row.tp}/${row.ep}/${row.routingAlpha}`;
    const series = groupBy(rows, seriesKey)
      .map((group) => group[0] as LineOf<"moe">)
      .sort((a, b) => a.tp - b.tp || a.ep - b.ep || a.routingAlpha - b.routingAlpha)
      .map((row) => ({ tp: row.tp, ep: row.ep, routingAlpha: row.routingAlpha }));
    const seriesIndex = series.map(seriesKey);
    const tokens = axisOf(rows, (row) => row.tokens);
    return {
      dtype: first.dtype,
      gated: first.gated,
      hiddenSize: first.hiddenSize,
      expertFfnSize: first.expertFfnSize,
      topK: first.topK,
      experts: first.experts,
      series,
      tokens,
      latencyUs: gridOf(rows, [
        { values: seriesIndex.map((_, index) => index), pick: (row) => seriesIndex.indexOf(seriesKey(row)) },
        { values: tokens, pick: (row) => row.tokens },
      ]),
    };
  });
  const collectives = tablesOf(cases, "collective", (row) => [row.operation, row.implementation, row.dtype]).map(
    (rows) => {
      const first = rows[0] as LineOf<"collective">;
      const gpus = axisOf(rows, (row) => row.gpus);
      const messageBytes = axisOf(rows, (row) => row.messageBytes);
      return {
        operation: first.operation,
        implementation: first.implementation,
        dtype: first.dtype,
        acceleratorCount: gpus,
        messageBytes,
        latencyUs: gridOf(rows, [
          { values: gpus, pick: (row) => row.gpus },
          { values: messageBytes, pick: (row) => row.messageBytes },
        ]),
      };
    },
  );
  return { gemm, moe, contextAttention, generationAttention, collectives };
}

/** Skip reasons, identical ones counted: "reason (x3)". */
function summarizeSkips(skipped: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const text of skipped) {
    const reason = text.slice(text.indexOf(": ") + 2);
    const kind = text.split(" ", 1)[0] ?? "";
    const key = `${kind}: ${reason}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => (count > 1 ? `${key} (x${count})` : key));
}

/**
 * Options of {@link parseTorchKernelsOutput}.
 *
 * @example
 * ```ts
 * import type { TorchKernelsParseOptions } from "@aifactory/bench";
 * const options: TorchKernelsParseOptions = { acceleratorId: "nvidia-h100-sxm", title: "lab H100 #3", date: "2026-01-15" };
 * ```
 * @since 0.1.0
 * @category Runners
 */
export interface TorchKernelsParseOptions {
  /** Catalog accelerator the sweep ran on, e.g. `"nvidia-h100-sxm"`: the tables' `acceleratorId`. */
  acceleratorId: string;
  /** Source title; default `"PyTorch kernel sweep on <device>"`. */
  title?: string;
  /** Date of the measurement written in the source (ISO 8601); default today (UTC). */
  date?: string;
}

/**
 * Turns the JSON lines of {@link TORCH_KERNELS_SCRIPT} into kernel tables (format v1, validated with
 * `kernelTablesSchema`): one GEMM table per dtype over the measured m x n x k, one attention table per head
 * layout (batch x sequence or context tokens), one MoE table per layer shape (series x tokens), one collective
 * table per operation (gpus x message bytes). Each axis is the sorted set of measured values; a grid point
 * without a measurement is `null`. Skipped cases are summarized in `source.note`.
 *
 * @param stdout - the script's output (other lines are ignored)
 * @param options - accelerator id, title, date
 * @returns validated kernel tables
 * @throws AifError `EXTERNAL_TOOL_FAILURE` when no case was measured, a case line is malformed, or the shapes of
 *   one table make more than a million grid points
 * @example
 * ```ts
 * import { parseTorchKernelsOutput } from "@aifactory/bench";
 * const tables = parseTorchKernelsOutput(
 *   '{"kind":"gemm","dtype":"bf16","m":1024,"n":4096,"k":4096,"device":"NVIDIA H100 80GB HBM3","latencyUs":52.1,"samples":30}',
 *   { acceleratorId: "nvidia-h100-sxm" },
 * );
 * tables.gemm[0]?.latencyUs; // [52.1]
 * ```
 * @since 0.1.0
 * @category Runners
 */
export function parseTorchKernelsOutput(stdout: string, options: TorchKernelsParseOptions): KernelTables {
  return buildTables(readLines(stdout), options);
}

function buildTables(lines: SweepLines, options: TorchKernelsParseOptions): KernelTables {
  if (!lines.cases.some((row) => row.latencyUs !== null)) {
    throw new AifError(
      "EXTERNAL_TOOL_FAILURE",
      lines.skipped.length === 0
        ? "the PyTorch kernel sweep printed no result"
        : `the PyTorch kernel sweep measured nothing: ${summarizeSkips(lines.skipped).join("; ")}`,
      {
        hint: "check that torch sees a CUDA/ROCm device (python3 -c 'import torch; print(torch.cuda.is_available())')",
      },
    );
  }
  const device = lines.device?.device ?? lines.cases.find((row) => row.device !== undefined)?.device;
  const info = lines.device;
  const implementations = [
    ...new Set(casesOf(lines.cases, "moe").flatMap((row) => (row.implementation ? [row.implementation] : []))),
  ];
  const gqa = [
    ...new Set(
      [...casesOf(lines.cases, "contextAttention"), ...casesOf(lines.cases, "generationAttention")].flatMap((row) =>
        row.gqa !== undefined && row.gqa !== "none" ? [row.gqa] : [],
      ),
    ),
  ];
  const skips = summarizeSkips(lines.skipped);
  const note = [
    `PyTorch${info?.torch ? ` ${info.torch}` : ""}${info?.runtime ? ` (${info.runtime})` : ""}, eager mode (no CUDA graphs): median of ${
      info?.iterations ?? "the"
    } CUDA-event-timed iterations after ${info?.warmup ?? "some"} warmup; GEMM torch.mm (bf16) and torch._scaled_mm (fp8, per-tensor scales); attention scaled_dot_product_attention${
      gqa.length > 0 ? ` (GQA: ${gqa.join(", ")})` : ""
    }${implementations.length > 0 ? `; MoE experts through ${implementations.join(", ")}` : ""}.`,
    ...(skips.length > 0
      ? [
          `Skipped ${lines.skipped.length} case(s): ${skips.slice(0, 12).join("; ")}${skips.length > 12 ? "; ..." : ""}.`,
        ]
      : []),
  ].join(" ");
  return kernelTablesSchema.parse({
    formatVersion: 1,
    acceleratorId: options.acceleratorId,
    ...(device === undefined ? {} : { device }),
    source: {
      title: options.title ?? `PyTorch kernel sweep on ${device ?? options.acceleratorId}`,
      measuredBy: "aif bench kernels (PyTorch)",
      date: options.date ?? new Date().toISOString().slice(0, 10),
      note,
    },
    ...tablesFromCases(lines.cases),
  });
}

/**
 * Options of {@link runTorchKernelSweep}.
 *
 * @example
 * ```ts
 * import { QUICK_KERNEL_SWEEP, type TorchKernelsOptions } from "@aifactory/bench";
 * const options: TorchKernelsOptions = { acceleratorId: "nvidia-h200-sxm", python: "/opt/venv/bin/python", spec: QUICK_KERNEL_SWEEP };
 * ```
 * @since 0.1.0
 * @category Runners
 */
export interface TorchKernelsOptions extends TorchKernelsParseOptions {
  /** Python executable with torch; default `python3`. */
  python?: string;
  /** What to measure; default {@link DEFAULT_KERNEL_SWEEP}. */
  spec?: TorchKernelSweepSpec;
  /** Called after each case line with the cases done and the cases expected (collectives counted once per GPU count given). */
  onProgress?: (doneCases: number, totalCases: number) => void;
}

/**
 * What {@link runTorchKernelSweep} measured.
 *
 * @example
 * ```ts
 * // not run in tests: needs python3 with torch and a CUDA GPU
 * import { runTorchKernelSweep, type TorchKernelSweepResult } from "@aifactory/bench";
 * const result: TorchKernelSweepResult = await runTorchKernelSweep({ acceleratorId: "nvidia-h100-sxm" });
 * result.skipped.length; // e.g. 1: "collective: collectives need more than one GPU visible to this process"
 * ```
 * @since 0.1.0
 * @category Runners
 */
export interface TorchKernelSweepResult {
  /** The kernel tables (format v1). */
  tables: KernelTables;
  /** Cases that did not run, each as `"<kind> <shape>: <reason>"`. */
  skipped: string[];
}

function countCases(spec: z.infer<typeof torchKernelSweepSpecSchema>): number {
  const gemm =
    spec.gemm === undefined
      ? 0
      : spec.gemm.dtypes.length * spec.gemm.m.length * spec.gemm.n.length * spec.gemm.k.length;
  const context = spec.contextAttention.reduce((sum, s) => sum + s.batch.length * s.sequenceTokens.length, 0);
  const generation = spec.generationAttention.reduce((sum, s) => sum + s.batch.length * s.contextTokens.length, 0);
  const moe = spec.moe.reduce((sum, s) => sum + s.series.length * s.tokens.length, 0);
  const collectives =
    spec.collectives === undefined
      ? 0
      : spec.collectives.operations.length *
        (spec.collectives.gpus?.length ?? 1) *
        spec.collectives.messageBytes.length;
  return gemm + context + generation + moe + collectives;
}

/**
 * Runs the PyTorch kernel sweep ({@link TORCH_KERNELS_SCRIPT}) on this machine's GPU and turns its output into
 * kernel tables, the measured counterpart of `@aifactory/kernels`' built-in tables. The script is passed with
 * `-c` and the spec as one JSON argument (no shell).
 *
 * @param options - accelerator id, python, spec (default {@link DEFAULT_KERNEL_SWEEP}), title, progress callback
 * @param commandOptions - timeout (default 1800 s), env, abort signal
 * @returns the tables and the skipped cases
 * @throws AifError `INVALID_INPUT` (bad spec), `UNSUPPORTED` (no python) or `EXTERNAL_TOOL_FAILURE` (torch
 * missing, no GPU, crash, nothing measured)
 * @example
 * ```ts
 * // not run in tests: needs python3 with torch and a CUDA GPU
 * import { QUICK_KERNEL_SWEEP, runTorchKernelSweep } from "@aifactory/bench";
 * const { tables, skipped } = await runTorchKernelSweep({ acceleratorId: "nvidia-h100-sxm", spec: QUICK_KERNEL_SWEEP });
 * ```
 * @since 0.1.0
 * @category Runners
 */
export async function runTorchKernelSweep(
  options: TorchKernelsOptions,
  commandOptions: RunCommandOptions = {},
): Promise<TorchKernelSweepResult> {
  const spec = parseInput(torchKernelSweepSpecSchema, options.spec ?? DEFAULT_KERNEL_SWEEP, "kernel sweep spec");
  const python = options.python ?? "python3";
  const totalCases = countCases(spec);
  let doneCases = 0;
  let pending = "";
  const onStdout = (chunk: string): void => {
    commandOptions.onStdout?.(chunk);
    if (options.onProgress === undefined) return;
    pending += chunk;
    const complete = pending.split("\n");
    pending = complete.pop() ?? "";
    for (const line of complete) {
      if (line.startsWith("{") && !line.includes('"kind": "device"')) doneCases += 1;
    }
    options.onProgress(Math.min(doneCases, totalCases), totalCases);
  };
  let stdout: string;
  try {
    ({ stdout } = await runCommandOrThrow(python, ["-c", TORCH_KERNELS_SCRIPT, JSON.stringify(spec)], {
      timeoutSeconds: 1800,
      ...commandOptions,
      onStdout,
    }));
  } catch (error) {
    const stderrTail = error instanceof AifError ? String(error.details?.stderrTail ?? "") : "";
    if (error instanceof AifError && error.code === "EXTERNAL_TOOL_FAILURE" && stderrTail !== "") {
      const noTorch = /No module named '?torch'?/.test(stderrTail);
      const noGpu = stderrTail.includes("torch sees no CUDA or ROCm device");
      if (noTorch || noGpu) {
        throw new AifError(
          "EXTERNAL_TOOL_FAILURE",
          noTorch ? `${python} has no torch module` : `torch in ${python} sees no GPU`,
          {
            hint: noTorch
              ? "install PyTorch with CUDA or ROCm for this python (pip install torch), or pass another python"
              : "run on a machine with a GPU and a CUDA/ROCm build of torch (check nvidia-smi and torch.version.cuda)",
            cause: error,
            details: { stderrTail },
          },
        );
      }
    }
    throw error;
  }
  const lines = readLines(stdout);
  return { tables: buildTables(lines, options), skipped: lines.skipped };
}
