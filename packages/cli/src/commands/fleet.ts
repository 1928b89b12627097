import { readFileSync, writeFileSync } from "node:fs";
import { parseMeasuredServing } from "@aifactory/bench";
import {
  assertFiniteResult,
  formatCount,
  formatDuration,
  formatSignificant,
  InvalidInputError,
  type LengthDistribution,
  parseInput,
  parseRequestTrace,
  type RequestTraceFormat,
} from "@aifactory/core";
import { parseKvTierList } from "@aifactory/memory";
import type { FactoryCatalog } from "@aifactory/planner";
import { type ScenarioInput, scenarioEconomicsSchema, scenarioSchema, sizeAndPriceFleet } from "@aifactory/planner";
import {
  compareLatencySamples,
  type FleetInput,
  type FleetPoolInput,
  type FleetResult,
  type FleetTrafficInput,
  type LatencySamples,
  type PercentileSummary,
  simulateFleet,
} from "@aifactory/workloads";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { FLEET_FLAG_NAMES, withFlagNames } from "../flag-names";
import { parseChoiceOption, parseNumberOption, readDataFile, requiredOption } from "../options";
import { packAccelerator } from "../packs";
import { durationColumn, renderKeyValues, renderTable } from "../table";
import { loadServingModel } from "./serve";

/** The planner's default ownership (one default for the library, the CLI and the app). */
const DEFAULT_OWNERSHIP = scenarioEconomicsSchema.parse({}).ownership;

interface TrafficFlags {
  rate?: string;
  concurrency?: string;
  arrival: string;
  cv?: string;
  shape?: string;
  onS?: string;
  offS?: string;
  requests: string;
  isl?: string;
  osl?: string;
  sharedPrefix?: string;
  turns?: string;
  turnTokens?: string;
  idleS?: string;
  trace?: string;
  traceFormat?: string;
  timeScale?: string;
  seed: string;
}

interface FleetFlags extends TrafficFlags {
  spec?: string;
  model?: string;
  pool?: string[];
  gpu?: string;
  replicas: string;
  tp: string;
  weights: string;
  kv: string;
  kvAdmission: string;
  prefixCaching: boolean;
  chunkedPrefill: boolean;
  kvTiers?: string;
  router: string;
  sloTtftMs?: string;
  sloTpotMs?: string;
  sloE2eMs?: string;
  warmup: string;
  kvTransferMs: string;
  out?: string;
}

const ARRIVALS = ["poisson", "gamma", "weibull", "on-off"] as const;
const ROUTERS = ["round-robin", "least-loaded", "prefix-aware", "central-queue"] as const;
const LENGTH_HINT =
  "a token count (1000), uniform:MIN-MAX, normal:MEAN,STD, lognormal:MEDIAN,SIGMA or exponential:MEAN";

/**
 * Parses a length flag: `1000` (fixed), `uniform:100-2000`, `normal:1000,200`, `lognormal:1000,0.7` (median,
 * sigma) or `exponential:500`.
 *
 * @param flag - the flag, for errors
 * @param raw - the value
 * @returns the distribution
 * @throws InvalidInputError naming the flag
 * @example
 * ```ts
 * import { parseLengthOption } from "./fleet";
 * parseLengthOption("--isl", "lognormal:1000,0.7"); // { kind: "lognormal", medianTokens: 1000, sigma: 0.7 }
 * ```
 * @since 0.3.0
 * @category CLI
 */
export function parseLengthOption(flag: string, raw: string): LengthDistribution {
  const text = raw.trim();
  const fail = () =>
    new InvalidInputError(`option ${flag}`, [
      { path: flag, message: "is not a length", received: raw, hint: `give ${LENGTH_HINT}` },
    ]);
  const num = (value: string | undefined, int: boolean, min: number) => {
    if (value === undefined) throw fail();
    return parseNumberOption(flag, value, { int, min });
  };
  if (/^[\d_.e+]+$/i.test(text)) return { kind: "fixed", tokens: num(text, true, 1) };
  const [kind, args = ""] = text.split(":", 2) as [string, string | undefined];
  switch (kind) {
    case "uniform": {
      const [lo, hi] = args.split("-");
      return { kind: "uniform", minTokens: num(lo, true, 1), maxTokens: num(hi, true, 1) };
    }
    case "normal": {
      const [mean, std] = args.split(",");
      return { kind: "normal", meanTokens: num(mean, false, Number.MIN_VALUE), stdTokens: num(std, false, 0) };
    }
    case "lognormal": {
      const [median, sigma] = args.split(",");
      return { kind: "lognormal", medianTokens: num(median, false, Number.MIN_VALUE), sigma: num(sigma, false, 0) };
    }
    case "exponential":
      return { kind: "exponential", meanTokens: num(args, false, Number.MIN_VALUE) };
    default:
      throw fail();
  }
}

function trafficFromFlags(flags: TrafficFlags): FleetTrafficInput {
  if (flags.trace !== undefined) {
    const format =
      flags.traceFormat === undefined
        ? undefined
        : parseChoiceOption("--trace-format", flags.traceFormat, ["aif-jsonl", "mooncake", "azure-csv"] as const);
    let text: string;
    try {
      text = readFileSync(flags.trace, "utf8");
    } catch {
      throw new InvalidInputError("option --trace", [
        { path: "--trace", message: "cannot read the file", received: flags.trace, hint: "check the path" },
      ]);
    }
    return {
      trace: parseRequestTrace(text, format as RequestTraceFormat | undefined),
      timeScale:
        flags.timeScale === undefined
          ? 1
          : parseNumberOption("--time-scale", flags.timeScale, { min: Number.MIN_VALUE }),
      ...(format === "mooncake" || /"input_length"/.test(text.slice(0, 2000)) ? { blockTokens: 512 } : {}),
    };
  }
  if ((flags.rate === undefined) === (flags.concurrency === undefined)) {
    throw new InvalidInputError("traffic options", [
      {
        path: "--rate",
        message: "give one of --rate (requests/s, open loop), --concurrency (closed loop) or --trace",
        hint: "e.g. --rate 20 or --concurrency 64",
      },
    ]);
  }
  const requests = parseNumberOption("--requests", flags.requests, { int: true, min: 1, max: 5_000_000 });
  let arrival: Extract<FleetTrafficInput, { arrival: unknown }>["arrival"];
  if (flags.concurrency !== undefined) {
    arrival = {
      kind: "closed-loop",
      concurrency: parseNumberOption("--concurrency", flags.concurrency, { int: true, min: 1 }),
    };
  } else {
    const rate = parseNumberOption("--rate", flags.rate as string, { min: Number.MIN_VALUE });
    const kind = parseChoiceOption("--arrival", flags.arrival, ARRIVALS);
    if (kind === "gamma")
      arrival = {
        kind,
        ratePerSecond: rate,
        cv: parseNumberOption("--cv", requiredOption("--cv", flags.cv), { min: Number.MIN_VALUE }),
      };
    else if (kind === "weibull")
      arrival = {
        kind,
        ratePerSecond: rate,
        shape: parseNumberOption("--shape", requiredOption("--shape", flags.shape), { min: Number.MIN_VALUE }),
      };
    else if (kind === "on-off")
      arrival = {
        kind,
        ratePerSecond: rate,
        onSeconds: parseNumberOption("--on-s", requiredOption("--on-s", flags.onS), { min: Number.MIN_VALUE }),
        offSeconds: parseNumberOption("--off-s", requiredOption("--off-s", flags.offS), { min: 0 }),
      };
    else arrival = { kind: "poisson", ratePerSecond: rate };
  }
  return {
    arrival,
    requests,
    inputTokens: parseLengthOption("--isl", requiredOption("--isl", flags.isl)),
    outputTokens: parseLengthOption("--osl", requiredOption("--osl", flags.osl)),
    sharedPrefixTokens:
      flags.sharedPrefix === undefined
        ? 0
        : parseNumberOption("--shared-prefix", flags.sharedPrefix, { int: true, min: 0 }),
    ...(flags.turns === undefined
      ? {}
      : {
          sessions: {
            turns: parseLengthOption("--turns", flags.turns),
            newInputTokens: parseLengthOption("--turn-tokens", requiredOption("--turn-tokens", flags.turnTokens)),
            idleSeconds: flags.idleS === undefined ? 0 : parseNumberOption("--idle-s", flags.idleS, { min: 0 }),
          },
        }),
    seed: parseNumberOption("--seed", flags.seed, { int: true }),
  };
}

const POOL_KEYS = [
  "gpu",
  "count",
  "role",
  "tp",
  "ep",
  "attention-dp",
  "weights",
  "kv",
  "kv-admission",
  "name",
] as const;

/**
 * Parses a `--pool` spec: `gpu=nvidia-h100-sxm,count=4,tp=2,role=prefill,kv-admission=on-demand`.
 *
 * @param raw - the spec
 * @param defaults - engine defaults from the other flags
 * @returns the pool
 * @throws InvalidInputError naming the key
 * @example
 * ```ts
 * import { parsePoolOption } from "./fleet";
 * parsePoolOption("gpu=nvidia-h100-sxm,count=2,tp=2", {}).count; // 2
 * ```
 * @since 0.3.0
 * @category CLI
 */
export function parsePoolOption(raw: string, defaults: Record<string, unknown>): FleetPoolInput {
  const engine: Record<string, unknown> = { ...defaults };
  let accelerator: string | undefined;
  let count = 1;
  let role: "mixed" | "prefill" | "decode" = "mixed";
  let name: string | undefined;
  for (const part of raw
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "")) {
    const [key = "", value = ""] = part.split("=", 2).map((p) => p.trim());
    if (!(POOL_KEYS as readonly string[]).includes(key)) {
      throw new InvalidInputError("option --pool", [
        {
          path: "--pool",
          message: `unknown key "${key}"`,
          received: raw,
          hint: `use comma-separated ${POOL_KEYS.join(", ")} (e.g. gpu=nvidia-h100-sxm,count=4,tp=2)`,
        },
      ]);
    }
    if (key === "gpu") accelerator = value;
    else if (key === "count") count = parseNumberOption("--pool count", value, { int: true, min: 1 });
    else if (key === "role") role = parseChoiceOption("--pool role", value, ["mixed", "prefill", "decode"] as const);
    else if (key === "name") name = value;
    else if (key === "attention-dp") engine.attentionDp = true;
    else if (key === "tp" || key === "ep")
      engine[key] = parseNumberOption(`--pool ${key}`, value, { int: true, min: 1 });
    else if (key === "kv-admission")
      engine.kvAdmission = parseChoiceOption("--pool kv-admission", value, ["reserve", "on-demand"] as const);
    else engine[key] = value;
  }
  return {
    accelerator: requiredOption("--pool gpu", accelerator),
    count,
    role,
    ...(name === undefined ? {} : { name }),
    engine,
  };
}

function engineDefaults(flags: FleetFlags): Record<string, unknown> {
  return {
    tp: parseNumberOption("--tp", flags.tp, { int: true, min: 1 }),
    weights: flags.weights,
    kv: flags.kv,
    kvAdmission: parseChoiceOption("--kv-admission", flags.kvAdmission, ["reserve", "on-demand"] as const),
    prefixCaching: flags.prefixCaching,
    chunkedPrefill: flags.chunkedPrefill,
    ...(flags.kvTiers === undefined ? {} : { kvTiers: parseKvTierList(flags.kvTiers) }),
  };
}

/** Pools whose accelerator a `--pack` adds get the pack's entry (the simulator knows only the built-in ids). */
function withPackAccelerators(pools: FleetPoolInput[], catalog: FactoryCatalog | undefined): FleetPoolInput[] {
  if (catalog === undefined || !Array.isArray(pools)) return pools;
  return pools.map((pool) => {
    const entry = typeof pool.accelerator === "string" ? packAccelerator(catalog, pool.accelerator) : undefined;
    return entry === undefined ? pool : { ...pool, accelerator: entry };
  });
}

function fleetInputFromFlags(flags: FleetFlags, catalog: FactoryCatalog | undefined): FleetInput {
  if (flags.spec !== undefined) {
    const spec = readDataFile(flags.spec, "fleet spec") as Record<string, unknown>;
    const model = (spec.architecture ?? spec.model) as string | undefined;
    if (model === undefined) {
      throw new InvalidInputError(`fleet spec ${flags.spec}`, [
        { path: "model", message: "is missing", hint: "give model: <architecture id> (or architecture: {...})" },
      ]);
    }
    return {
      architecture: typeof model === "string" ? loadServingModel(model, catalog) : (model as never),
      pools: withPackAccelerators(spec.pools as FleetPoolInput[], catalog),
      traffic: spec.traffic as FleetTrafficInput,
      options: (spec.options ?? {}) as never,
    };
  }
  const defaults = engineDefaults(flags);
  const pools =
    flags.pool !== undefined && flags.pool.length > 0
      ? flags.pool.map((raw) => parsePoolOption(raw, defaults))
      : [
          {
            accelerator: requiredOption("--gpu", flags.gpu),
            count: parseNumberOption("--replicas", flags.replicas, { int: true, min: 1 }),
            engine: defaults,
          },
        ];
  return {
    architecture: loadServingModel(requiredOption("--model", flags.model), catalog),
    pools: withPackAccelerators(pools, catalog),
    traffic: trafficFromFlags(flags),
    options: {
      router: parseChoiceOption("--router", flags.router, ROUTERS),
      slo: {
        ...(flags.sloTtftMs === undefined
          ? {}
          : { ttftMs: parseNumberOption("--slo-ttft-ms", flags.sloTtftMs, { min: Number.MIN_VALUE }) }),
        ...(flags.sloTpotMs === undefined
          ? {}
          : { tpotMs: parseNumberOption("--slo-tpot-ms", flags.sloTpotMs, { min: Number.MIN_VALUE }) }),
        ...(flags.sloE2eMs === undefined
          ? {}
          : { e2eMs: parseNumberOption("--slo-e2e-ms", flags.sloE2eMs, { min: Number.MIN_VALUE }) }),
      },
      warmupRequests: parseNumberOption("--warmup", flags.warmup, { int: true, min: 0 }),
      kvTransferLatencyMs: parseNumberOption("--kv-transfer-ms", flags.kvTransferMs, { min: 0 }),
      perRequest: flags.out !== undefined,
    },
  };
}

const ms = (value: number) => formatSignificant(value, 3);

/** One latency row (a metric in milliseconds), in the one unit its largest value calls for. */
function summaryRow(
  metric: string,
  s: Pick<PercentileSummary, "mean" | "p50" | "p90" | "p99" | "max"> & { p99Interval?: readonly [number, number] },
): Record<string, unknown> {
  const values = [s.mean, s.p50, s.p90, s.p99, s.max, ...(s.p99Interval ?? [])];
  const unit = durationColumn(values.map((v) => v / 1000));
  const f = (valueMs: number) => unit.format(valueMs / 1000);
  return {
    metric: `${metric} (${unit.symbol})`,
    mean: f(s.mean),
    p50: f(s.p50),
    p90: f(s.p90),
    p99: f(s.p99),
    "p99 95% CI": s.p99Interval === undefined ? "" : `${f(s.p99Interval[0])}-${f(s.p99Interval[1])}`,
    max: f(s.max),
  };
}

/** The P99 latencies and cost of a sized design as the offered rate grows. */
function renderHeadroom(
  headroom: ReadonlyArray<{
    ratePerSecond: number;
    ttftP99Ms: number;
    tpotP99Ms: number;
    sloAttainmentRatio: number;
    usdPerMillionTokens: number;
  }>,
): string {
  const ttft = latencyColumn(
    "P99 TTFT",
    headroom.map((h) => h.ttftP99Ms),
  );
  const tpot = latencyColumn(
    "P99 TPOT",
    headroom.map((h) => h.tpotP99Ms),
  );
  return renderTable(
    headroom.map((h) => ({
      "requests/s": formatCount(h.ratePerSecond),
      [ttft.header]: ttft.format(h.ttftP99Ms),
      [tpot.header]: tpot.format(h.tpotP99Ms),
      "SLO met": `${formatSignificant(100 * h.sloAttainmentRatio, 3)}%`,
      "$/Mtok": formatSignificant(h.usdPerMillionTokens, 3),
    })),
  );
}

/** A column of latencies in milliseconds, in one unit: the header says which. */
function latencyColumn(
  header: string,
  valuesMs: readonly number[],
): { header: string; format: (ms: number) => string } {
  const unit = durationColumn(valuesMs.map((v) => v / 1000));
  return { header: `${header} ${unit.symbol}`, format: (valueMs: number) => unit.format(valueMs / 1000) };
}

function renderFleet(result: FleetResult): string {
  const head = renderKeyValues([
    ["model", result.architectureId],
    [
      "fleet",
      result.pools.map((p) => `${p.replicas} x ${p.acceleratorId} (${p.role}, ${p.acceleratorCount} GPUs)`).join(" + "),
    ],
    [
      "requests",
      `${result.measuredRequests.toLocaleString("en-US")} measured of ${result.requests.toLocaleString("en-US")} over ${formatDuration(result.simulatedSeconds)} simulated (${result.events.toLocaleString("en-US")} events)`,
    ],
    [
      "throughput",
      `${formatCount(result.requestsPerSecond)} requests/s, ${formatCount(result.outputTokensPerSecond)} output tokens/s`,
    ],
    [
      "goodput",
      `${formatSignificant(result.goodputRequestsPerSecond, 3)} requests/s meeting the SLO (${formatSignificant(100 * result.sloAttainmentRatio, 3)}%)`,
    ],
    [
      "prefix cache",
      `${formatSignificant(100 * result.prefixHitRatio, 3)}% of prompt tokens hit; ${result.preemptions.toLocaleString("en-US")} preemptions`,
    ],
  ]);
  const latency = renderTable([
    summaryRow("TTFT", result.ttftMs),
    summaryRow("TPOT", result.tpotMs),
    summaryRow("E2E", result.e2eMs),
    summaryRow("queue", result.queueMs),
    summaryRow("ITL", result.itlMs),
  ]);
  const pools = renderTable(
    result.pools.map((p) => ({
      pool: p.pool,
      role: p.role,
      replicas: p.replicas,
      busy: `${formatSignificant(100 * p.busyRatio, 3)}%`,
      "KV used": `${formatSignificant(100 * p.meanKvOccupancyRatio, 3)}%`,
      "decode batch": formatSignificant(p.meanDecodeBatch, 3),
      "prefix hit": `${formatSignificant(100 * p.prefixHitRatio, 3)}%`,
      preemptions: p.preemptions,
    })),
  );
  const warnings = result.warnings.map((w) => `warning: ${w}`).join("\n");
  return `${head}\n\n${latency}\n\n${pools}${warnings ? `\n${warnings}` : ""}`;
}

function addTrafficOptions(command: Command): Command {
  return command
    .option("--rate <r>", "requests per second (open loop)")
    .option("--concurrency <n>", "clients in a closed loop (each sends its next request when the last finishes)")
    .option("--arrival <kind>", "poisson | gamma | weibull | on-off", "poisson")
    .option("--cv <c>", "gamma: coefficient of variation of inter-arrival times (1 = Poisson, > 1 bursty)")
    .option("--shape <k>", "weibull: shape (< 1 bursty)")
    .option("--on-s <s>", "on-off: seconds on")
    .option("--off-s <s>", "on-off: seconds off")
    .option("--requests <n>", "requests to simulate", "2000")
    .option("--isl <len>", `prompt tokens: ${LENGTH_HINT}`)
    .option("--osl <len>", `output tokens: ${LENGTH_HINT}`)
    .option("--shared-prefix <tokens>", "leading prompt tokens every request shares (system prompt)")
    .option("--turns <len>", "multi-turn sessions: turns per session (same syntax as --isl)")
    .option("--turn-tokens <len>", "sessions: tokens each later turn adds")
    .option("--idle-s <s>", "sessions: mean idle seconds between turns")
    .option("--trace <file>", "replay a request trace (Mooncake JSONL, Azure CSV or aif JSONL)")
    .option("--trace-format <f>", "aif-jsonl | mooncake | azure-csv (default: detected)")
    .option("--time-scale <x>", "trace replay speed-up (2 = twice the rate)")
    .option("--seed <n>", "seed of the synthetic traffic", "1");
}

function addEngineOptions(command: Command): Command {
  return command
    .option("--tp <n>", "tensor-parallel GPUs per replica", "1")
    .option("--weights <format>", "bf16 | fp8 | fp8-block | fp4 | int4", "fp8")
    .option("--kv <format>", "bf16 | fp8", "fp8")
    .option("--kv-admission <a>", "reserve (TensorRT-LLM) | on-demand (vLLM, SGLang: preemption)", "reserve")
    .option("--no-prefix-caching", "turn prefix caching off")
    .option("--no-chunked-prefill", "admit whole prompts only")
    .option(
      "--kv-tiers <list>",
      "cache tiers below HBM for evicted prefixes, e.g. dram:512GB@64,ssd:4TB@6 (capacity@read GB/s)",
    );
}

/**
 * Registers `aif fleet simulate` (one fleet, one traffic, request by request) and `aif fleet size` (the smallest
 * fleet per accelerator meeting P99 SLOs, priced, with its headroom curve).
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif fleet simulate --model llama-3.1-8b --gpu nvidia-h100-sxm --replicas 4 --rate 30 --isl lognormal:1000,0.7 --osl 200
 * aif fleet size --model llama-3.1-8b --gpu nvidia-h100-sxm,nvidia-b200 --rate 40 --isl 1000 --osl 200 --slo-ttft-ms 1000 --slo-tpot-ms 30
 * ```
 * @since 0.3.0
 * @category CLI
 */
export function registerFleetCommands(program: Command, context: CliContext): void {
  const fleet = program
    .command("fleet")
    .description("inference fleets under traffic: queueing, tails, mixed GPUs, sizing (event-driven simulation)");

  const simulate = fleet
    .command("simulate")
    .description("simulate one fleet under one traffic: latency percentiles, goodput, utilisation, prefix hits")
    .option("--spec <file>", "a JSON/YAML fleet spec {model, pools, traffic, options} instead of flags")
    .option("--model <id|file>", "architecture id or JSON/YAML file")
    .option("--gpu <id>", "accelerator of a one-pool fleet")
    .option("--replicas <n>", "replicas of a one-pool fleet", "1")
    .option(
      "--pool <spec>",
      "a pool: gpu=ID,count=N,tp=N[,role=prefill|decode][,kv-admission=on-demand] (repeatable)",
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option("--router <r>", "round-robin | least-loaded | prefix-aware | central-queue", "least-loaded")
    .option("--slo-ttft-ms <ms>", "SLO for goodput: TTFT bound")
    .option("--slo-tpot-ms <ms>", "SLO for goodput: TPOT bound")
    .option("--slo-e2e-ms <ms>", "SLO for goodput: end-to-end bound")
    .option("--warmup <n>", "requests left out of the statistics", "0")
    .option("--kv-transfer-ms <ms>", "fixed latency of a prefill-to-decode KV transfer", "0")
    .option("--out <file>", "write per-request results (JSON) for aif fleet compare");
  addEngineOptions(addTrafficOptions(simulate)).action((flags: FleetFlags) => {
    const input = fleetInputFromFlags(flags, context.catalog);
    // A spec file's fields are the file's, not flags: only flag-built input is renamed.
    const result =
      flags.spec === undefined ? withFlagNames(FLEET_FLAG_NAMES, () => simulateFleet(input)) : simulateFleet(input);
    if (flags.out !== undefined && result.perRequest !== undefined) {
      writeFileSync(flags.out, `${JSON.stringify(simulatedRunFile(result), null, 1)}\n`);
      context.note(`wrote ${result.requests} per-request results to ${flags.out}`);
    }
    const { perRequest: _perRequest, ...printed } = result;
    context.print(assertFiniteResult(printed, "fleet simulation"), () => renderFleet(result));
  });

  fleet
    .command("compare <measured> <simulated>")
    .description("compare a measured run (aif bench serve --out) with a simulated one (aif fleet simulate --out)")
    .option("--run <n>", "which run of a measured sweep file", "0")
    .option("--tolerance <r>", "relative error that counts as agreement", "0.1")
    .action((measuredPath: string, simulatedPath: string, flags: { run: string; tolerance: string }) => {
      const run = parseNumberOption("--run", flags.run, { int: true, min: 0 });
      const measured = readLatencySamples(measuredPath, run);
      const simulated = readLatencySamples(simulatedPath, run);
      const comparison = compareLatencySamples(measured.samples, simulated.samples, {
        quantiles: [0.5, 0.9, 0.99],
        toleranceRatio: parseNumberOption("--tolerance", flags.tolerance, { min: 0 }),
      });
      context.print(comparison, () => {
        const table = renderTable(
          comparison.rows.map((r) => ({
            metric: r.metric.replace("Ms", " ms"),
            quantile: `p${Math.round(r.quantile * 100)}`,
            measured: ms(r.measured),
            simulated: ms(r.simulated),
            error: `${(100 * r.errorRatio).toFixed(1)}%`,
            "within tolerance": r.withinTolerance ? "yes" : "no",
          })),
        );
        return `${measured.label} vs ${simulated.label}\n${table}\n${comparison.agrees ? "agree" : "disagree"} within ${(100 * comparison.toleranceRatio).toFixed(0)}%`;
      });
    });

  const size = fleet
    .command("size")
    .description("the smallest fleet of each accelerator meeting P99 TTFT/TPOT at a rate, priced, with its headroom")
    .option("--model <id>", "architecture id")
    .option("--gpu <ids>", "accelerators to size, comma-separated (the first is the plan's)")
    .option("--slo-ttft-ms <ms>", "P99 TTFT bound")
    .option("--slo-tpot-ms <ms>", "P99 TPOT bound")
    .option("--max-replicas <n>", "largest scale tried", "256")
    .option(
      "--design <pools>",
      "a design to size instead of one accelerator: pools joined by +, e.g. gpu=nvidia-h100-sxm,role=prefill+gpu=nvidia-h200-sxm,role=decode,count=2 (repeatable)",
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option("--router <r>", "round-robin | least-loaded | prefix-aware | central-queue", "least-loaded")
    .option("--region <id>", "grid region for energy and electricity price", "us")
    .option(
      "--ownership <o>",
      `owned | cloud (default ${DEFAULT_OWNERSHIP}, as in planner scenarios: owned TCO, or cloud list prices)`,
      DEFAULT_OWNERSHIP,
    )
    .option("--days <d>", "planning period", "30");
  addEngineOptions(addTrafficOptions(size)).action(
    (
      flags: FleetFlags & { maxReplicas: string; region: string; ownership: string; days: string; design?: string[] },
    ) => {
      const custom = flags.design?.map((spec) => ({
        pools: spec
          .split("+")
          .map((pool) => pool.trim())
          .filter((pool) => pool !== "")
          .map((pool) => parsePoolOption(pool, engineDefaults(flags))),
      }));
      const gpus =
        custom !== undefined && flags.gpu === undefined
          ? [custom[0]?.pools[0]?.accelerator as string]
          : requiredOption("--gpu", flags.gpu)
              .split(",")
              .map((g) => g.trim())
              .filter((g) => g !== "");
      const traffic = trafficFromFlags(flags);
      if ("trace" in traffic || traffic.arrival.kind === "closed-loop") {
        throw new InvalidInputError("traffic options", [
          { path: "--rate", message: "sizing needs an offered rate", hint: "give --rate (and optionally --arrival)" },
        ]);
      }
      const maxReplicas = parseNumberOption("--max-replicas", flags.maxReplicas, { int: true, min: 1, max: 10_000 });
      const tp = parseNumberOption("--tp", flags.tp, { int: true, min: 1 });
      const scenario: ScenarioInput = {
        id: "fleet-size",
        name: "fleet sizing",
        workload: {
          kind: "fleet",
          model: requiredOption("--model", flags.model),
          engine: engineDefaults(flags) as never,
          traffic: traffic as never,
          ttftP99Ms: parseNumberOption("--slo-ttft-ms", requiredOption("--slo-ttft-ms", flags.sloTtftMs), {
            min: Number.MIN_VALUE,
          }),
          tpotP99Ms: parseNumberOption("--slo-tpot-ms", requiredOption("--slo-tpot-ms", flags.sloTpotMs), {
            min: Number.MIN_VALUE,
          }),
          maxReplicas,
          alsoAccelerators: gpus.slice(1),
          router: parseChoiceOption("--router", flags.router, ROUTERS),
          days: parseNumberOption("--days", flags.days, { min: Number.MIN_VALUE }),
        },
        hardware: { accelerator: gpus[0] as string, count: tp },
        site: { region: flags.region },
        economics: { ownership: parseChoiceOption("--ownership", flags.ownership, ["owned", "cloud"] as const) },
      };
      const progress = context.progress("sizing designs", custom?.length ?? gpus.length);
      const designs = (() => {
        try {
          return withFlagNames(FLEET_FLAG_NAMES, () =>
            sizeAndPriceFleet(
              parseInput(scenarioSchema, scenario, "fleet sizing"),
              custom,
              (done) => progress.update(done),
              context.catalog,
            ),
          );
        } finally {
          progress.stop();
        }
      })();
      context.print(assertFiniteResult({ designs }, "fleet sizing"), () => {
        const ttft = latencyColumn(
          "P99 TTFT",
          designs.map((d) => d.ttftP99Ms),
        );
        const tpot = latencyColumn(
          "P99 TPOT",
          designs.map((d) => d.tpotP99Ms),
        );
        const table = renderTable(
          designs.map((d) => ({
            design: d.name,
            "meets SLO": d.meetsSlo ? "yes" : "no",
            [custom === undefined ? "replicas" : "scale"]: d.replicas,
            GPUs: d.acceleratorCount,
            [ttft.header]: ttft.format(d.ttftP99Ms),
            [tpot.header]: tpot.format(d.tpotP99Ms),
            "$/GPU-h": `${formatSignificant(d.costPerGpuHourUsd, 3)}${d.costBasis === "cloud" ? "" : ` (${d.costBasis === "owned" ? "owned TCO" : "mixed"})`}`,
            "$/Mtok": formatSignificant(d.usdPerMillionTokens, 3),
            "facility kW": formatSignificant(d.facilityPowerKW, 3),
          })),
        );
        const headroom = designs
          .map(
            (d) =>
              `${d.name}${custom === undefined ? ` x ${d.replicas}` : ` (scale ${d.replicas})`}:\n${renderHeadroom(d.headroom)}`,
          )
          .join("\n\n");
        const misses = designs
          .filter((d) => !d.meetsSlo)
          .map((d) => `warning: no fleet of up to ${maxReplicas} replicas of ${d.acceleratorId} meets the SLOs`)
          .join("\n");
        return `${table}\n\nheadroom (P99 vs offered rate):\n${headroom}${misses ? `\n${misses}` : ""}`;
      });
    },
  );
}

/** Per-request latencies from a measured file (`aif bench serve --out`) or a simulated one (`aif fleet simulate --out`). */
function readLatencySamples(path: string, run: number): { samples: LatencySamples; label: string } {
  const data = readDataFile(path, "run file") as Record<string, unknown>;
  if (data.kind === "aifactory-measured-serving") {
    const file = parseMeasuredServing(data, path);
    const chosen = file.runs[run];
    if (chosen === undefined) {
      throw new InvalidInputError(`option --run`, [
        {
          path: "--run",
          message: `${path} has ${file.runs.length} runs`,
          received: run,
          hint: `give --run 0..${file.runs.length - 1}`,
        },
      ]);
    }
    return {
      samples: {
        ttftMs: chosen.requests.map((r) => r.ttftMs),
        tpotMs: chosen.requests.map((r) => r.tpotMs),
        e2eMs: chosen.requests.map((r) => r.e2eMs),
      },
      label: `measured (${chosen.setup.baseUrl}, ${chosen.requests.length} requests${file.runs.length > 1 ? `, run ${run} of ${file.runs.length}` : ""})`,
    };
  }
  if (data.source === "aif fleet simulate" && Array.isArray(data.requests)) {
    const requests = data.requests as Array<Record<string, unknown>>;
    const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
    return {
      samples: {
        ttftMs: requests.map((r) => num(r.ttftMs)),
        tpotMs: requests.map((r) => num(r.tpotMs)),
        e2eMs: requests.map((r) => num(r.e2eMs)),
      },
      label: `simulated (${requests.length} requests)`,
    };
  }
  throw new InvalidInputError(`run file ${path}`, [
    {
      path: "kind",
      message: "is neither a measured run (aif bench serve --out) nor a simulated one (aif fleet simulate --out)",
      hint: "pass the files those commands write",
    },
  ]);
}

/** The per-request file `aif fleet simulate --out` writes (the shape `aif bench serve --out` writes). */
function simulatedRunFile(result: FleetResult): unknown {
  const per = result.perRequest;
  const requests = [];
  if (per !== undefined) {
    for (let i = 0; i < per.ttftMs.length; i++) {
      if (Number.isNaN(per.ttftMs[i] as number)) continue;
      requests.push({
        index: i,
        arrivalSeconds: per.arrivalSeconds[i],
        ttftMs: per.ttftMs[i],
        tpotMs: Number.isNaN(per.tpotMs[i] as number) ? null : per.tpotMs[i],
        e2eMs: per.e2eMs[i],
        ok: true,
      });
    }
  }
  const { perRequest: _p, ...summary } = result;
  return { source: "aif fleet simulate", summary, requests };
}
