/**
 * The aifactory vocabulary: one name per quantity, the unit last. The glossary page of the docs is generated from
 * this file, and `packages/cli/src/vocabulary.test.ts` walks every exported zod schema of the SDK and fails on a
 * numeric field whose name is outside it. Plain data: tooling imports no package.
 */

/** A unit suffix: a numeric name ends with one of these (longest match wins). */
export interface UnitSuffix {
  suffix: string;
  meaning: string;
  example: string;
}

/** Unit suffixes. Bits and bytes are spelled so that they cannot be confused: `Gbitps` vs `GBps`. */
export const UNIT_SUFFIXES: readonly UnitSuffix[] = [
  { suffix: "Usd", meaning: "US dollars", example: "priceUsd, capexUsd" },
  { suffix: "UsdPerYear", meaning: "US dollars per year", example: "staffUsdPerYear" },
  { suffix: "UsdPerKWh", meaning: "US dollars per kilowatt-hour", example: "electricityUsdPerKWh" },
  {
    suffix: "UsdPerKWMonth",
    meaning: "US dollars per kilowatt of IT load per month",
    example: "colocationUsdPerKWMonth",
  },
  { suffix: "UsdPerMW", meaning: "US dollars per megawatt of IT load", example: "facilityCapexUsdPerMW" },
  {
    suffix: "UsdPerAcceleratorHour",
    meaning: "US dollars per accelerator-hour",
    example: "onDemandUsdPerAcceleratorHour",
  },
  { suffix: "UsdPerAccelerator", meaning: "US dollars per accelerator", example: "networkUsdPerAccelerator" },
  { suffix: "Watts", meaning: "watts (power)", example: "tdpWatts, rackPowerWatts" },
  { suffix: "KW", meaning: "kilowatts (rack and site power)", example: "rackPowerLimitKW" },
  { suffix: "MW", meaning: "megawatts (site power)", example: "gridPowerMW" },
  { suffix: "KWh", meaning: "kilowatt-hours (energy)", example: "energyKWh" },
  { suffix: "MWh", meaning: "megawatt-hours (energy)", example: "energyMWh" },
  { suffix: "Joules", meaning: "joules (energy)", example: "energyJoules" },
  { suffix: "Bytes", meaning: "bytes", example: "memoryBytes, messageBytes" },
  { suffix: "KiB", meaning: "kibibytes (2^10 bytes)", example: "blockKiB" },
  { suffix: "MiB", meaning: "mebibytes (2^20 bytes)", example: "bufferMiB" },
  { suffix: "GiB", meaning: "gibibytes (2^30 bytes)", example: "reservedMemoryGiB" },
  { suffix: "GB", meaning: "gigabytes (10^9 bytes)", example: "memoryGB" },
  { suffix: "TB", meaning: "terabytes (10^12 bytes)", example: "capacityTB" },
  {
    suffix: "GBps",
    meaning: "gigabytes per second (bytes, per direction unless Bidirectional)",
    example: "memoryBandwidthGBps",
  },
  { suffix: "GBpsPerDirection", meaning: "gigabytes per second, each direction", example: "bandwidthGBpsPerDirection" },
  { suffix: "Gbitps", meaning: "gigabits per second (bits: NIC and switch port rates)", example: "portGbitps" },
  { suffix: "Seconds", meaning: "seconds", example: "durationSeconds" },
  { suffix: "Ms", meaning: "milliseconds", example: "ttftMs" },
  { suffix: "Us", meaning: "microseconds", example: "latencyUs" },
  { suffix: "Hours", meaning: "hours", example: "halfLifeHours" },
  { suffix: "Days", meaning: "days", example: "durationDays" },
  { suffix: "Years", meaning: "years", example: "depreciationYears" },
  { suffix: "Quarters", meaning: "calendar quarters", example: "transformerLeadQuarters" },
  { suffix: "Minutes", meaning: "minutes (scheduler time limits)", example: "timeLimitMinutes" },
  { suffix: "MHz", meaning: "megahertz (clocks)", example: "smClockMHz" },
  { suffix: "Celsius", meaning: "degrees Celsius", example: "temperatureCelsius" },
  { suffix: "Ratio", meaning: "a dimensionless ratio, usually 0..1 (never a percent)", example: "utilizationRatio" },
  { suffix: "Tflops", meaning: "10^12 floating-point operations per second", example: "denseTflops" },
  { suffix: "Flops", meaning: "floating-point operations", example: "stepFlops" },
  { suffix: "Meters", meaning: "metres", example: "maxReachMeters" },
  { suffix: "Mm2", meaning: "square millimetres", example: "logicDieAreaMm2" },
  { suffix: "LitersPerKWh", meaning: "litres of water per kilowatt-hour", example: "wueLitersPerKWh" },
  { suffix: "Co2eKgPerKWh", meaning: "kilograms of CO2-equivalent per kilowatt-hour", example: "gridCo2eKgPerKWh" },
  { suffix: "Co2eGPerKWh", meaning: "grams of CO2-equivalent per kilowatt-hour", example: "gridCo2eGPerKWh" },
  { suffix: "Co2eKg", meaning: "kilograms of CO2-equivalent", example: "embodiedCo2eKg" },
  { suffix: "PerSecond", meaning: "a count per second", example: "outputTokensPerSecond" },
  { suffix: "PerHour", meaning: "a count per hour", example: "decayPerHour" },
  { suffix: "PerDay", meaning: "a count per day", example: "tasksPerDay" },
  { suffix: "PerYear", meaning: "a count or ratio per year", example: "maintenanceRatioPerYear" },
  { suffix: "PerMonth", meaning: "a count per month", example: "logicWafersPerMonth" },
  { suffix: "PerQuarter", meaning: "a count per quarter", example: "hbmStacksPerQuarter" },
  {
    suffix: "PerAccelerator",
    meaning: "a quantity per accelerator (unit before it)",
    example: "tokensPerSecondPerAccelerator",
  },
];

/**
 * Count nouns: a numeric name that counts things ends with one of these (`acceleratorCount`, `layers`,
 * `kvHeads`, `systemPromptTokens`). `Count` is the generic form; a plural noun is used where it reads better.
 */
export const COUNT_SUFFIXES: readonly string[] = [
  "Count",
  "Tokens",
  "Sequences",
  "Layers",
  "Heads",
  "Experts",
  "Requests",
  "Steps",
  "Passes",
  "Turns",
  "Users",
  "Sessions",
  "Tasks",
  "Instances",
  "Replicas",
  "Racks",
  "Systems",
  "Stacks",
  "Modules",
  "Prompts",
  "Accelerators",
  "Nodes",
  "Links",
  "Ports",
  "Weight",
  "Multiplier",
  "Units",
  "Chips",
  "Trays",
  "Cores",
  "Nics",
  "Packages",
  "Rows",
  "Interruptions",
  "DomainSize",
  "GroupSize",
  "Iterations",
  "Values",
  "Ranks",
];

/** One quantity with its one name, and the names it replaces. */
export interface VocabularyEntry {
  name: string;
  quantity: string;
  /** Names that mean the same quantity and must not be used (they fail the vocabulary test). */
  insteadOf: readonly string[];
}

/** Quantities that several packages name: the one name each uses. */
export const VOCABULARY: readonly VocabularyEntry[] = [
  {
    name: "acceleratorCount",
    quantity: "accelerators (GPUs, TPUs, ...) in a cluster, job or pool",
    insteadOf: ["gpus", "gpuCount", "numGpus"],
  },
  {
    name: "acceleratorsPerSystem",
    quantity: "accelerators in one server or rack-scale system",
    insteadOf: ["gpusPerSystem"],
  },
  {
    name: "acceleratorsPerNode",
    quantity: "accelerators in one host, as a scheduler or Kubernetes node sees it (launch files)",
    insteadOf: ["gpusPerNode"],
  },
  {
    name: "scaleUpDomainSize",
    quantity: "accelerators in one scale-up (NVLink/ICI) domain",
    insteadOf: ["domainSize", "nvlinkDomain"],
  },
  {
    name: "onDemandUsdPerAcceleratorHour",
    quantity: "on-demand cloud price of one accelerator-hour",
    insteadOf: ["cloudUsdPerGpuHour", "pricePerGpuHour", "usdPerAcceleratorHour"],
  },
  {
    name: "tokensPerSecondPerAccelerator",
    quantity: "throughput per accelerator",
    insteadOf: ["tokensPerSecondPerGpu"],
  },
  {
    name: "scaleOutGbitpsPerAccelerator",
    quantity: "scale-out NIC rate per accelerator, bits/s",
    insteadOf: ["scaleOutGbpsPerGpu", "scaleOutGbpsPerAccelerator"],
  },
  { name: "inputTokens", quantity: "prompt (input) tokens of a request", insteadOf: ["isl", "promptTokens"] },
  { name: "outputTokens", quantity: "generated (output) tokens of a request", insteadOf: ["osl", "generatedTokens"] },
  { name: "utilizationRatio", quantity: "a share of peak, 0..1", insteadOf: ["utilization", "utilizationPercent"] },
  {
    name: "kvCacheMemoryRatio",
    quantity: "share of free accelerator memory given to the KV cache",
    insteadOf: ["kvCacheFreeGpuMemFraction"],
  },
  { name: "gridPowerMW", quantity: "power a site can draw from the grid", insteadOf: [] },
  {
    name: "availablePowerMW",
    quantity: "grid power available to a deployment (supply planning)",
    insteadOf: ["availableMW"],
  },
  { name: "requiredPowerMW", quantity: "grid power a deployment needs, IT load x PUE", insteadOf: ["requiredMW"] },
  {
    name: "listUsdPerAcceleratorHour",
    quantity: "a cloud price list's price of one accelerator-hour (on-demand or capacity block)",
    insteadOf: ["usdPerGpuHour"],
  },
  {
    name: "costUsdPerAcceleratorHour",
    quantity: "what one accelerator-hour costs the user: a cloud price or an owned TCO per hour",
    insteadOf: ["gpuHourUsd"],
  },
];

/** Numeric names that need no unit: parallelism degrees, model shape integers, distribution parameters. */
export const DIMENSIONLESS: readonly string[] = [
  "tp",
  "pp",
  "dp",
  "cp",
  "ep",
  "etp",
  "vpp",
  "rolloutTp",
  "trainTp",
  "hiddenSize",
  "headDim",
  "vHeadDim",
  "qkNopeHeadDim",
  "qkRopeHeadDim",
  "kvLoraRank",
  "qLoraRank",
  "vocabSize",
  "ffnHiddenSize",
  "expertFfnHiddenSize",
  "expertFfnSize",
  "embeddingDimensions",
  "topK",
  "microBatch",
  "globalBatch",
  "maxBatchSize",
  "groupSize",
  "radix",
  "switchRadix",
  "rank",
  "planeCount",
  "alpha",
  "routingAlpha",
  // ACT-R model parameters of memory activation: the decay d and Pavlik & Anderson's decay scale c
  "decay",
  "c",
  "moeRoutingSkewAlpha",
  "popularityZipfExponent",
  "powerExponent",
  "rooflineExponent",
  "seed",
  // the shape parameter of a Weibull arrival process
  "shape",
  "cv",
  "sigma",
  "mean",
  "max",
  "min",
  "k1",
  "b",
  "rrfK",
  "weight",
  "score",
  "value",
  "offset",
  "limit",
  "threshold",
  "noise",
  "pue",
  "year",
  "launchYear",
  "mtpAcceptance",
  "capacityFactor",
  "importance",
  "minImportance",
  "concurrency",
  "timeScale",
  "bf16",
  "fp16",
  "fp32",
  "fp4",
  "fp6",
  "fp64",
  "fp8",
  "int8",
  "tf32",
  // GEMM dimensions
  "m",
  "n",
  "k",
  // Sample statistics: in the unit of the measurement they summarise, which a sibling `unit` field names.
  "median",
  "p1",
  "p5",
  "p25",
  "p50",
  "p75",
  "p90",
  "p95",
  "p99",
  "standardDeviation",
  "medianAbsoluteDeviation",
  "lower",
  "upper",
  "maxError",
  // Dimensionless statistics
  "pValue",
  "coefficientOfVariation",
  "relativeCiHalfWidth",
  "relativeChange",
  "level",
  // Ordinals and identifiers, not quantities
  "index",
  "root",
  "device",
  "turn",
  "version",
  "portNumber",
  // a LoCoMo question's category number, as the data set writes it
  "category",
];

/**
 * Field names of external formats the SDK parses as they are written (nccl-tests JSON, vLLM benchmark output):
 * snake_case names are kept verbatim and are outside the vocabulary.
 */
export const EXTERNAL_NAME = /_/;

/** A noun after `Per`: `acceleratorsPerSystem`, `bytesPerToken`, `mtbfHoursPerAccelerator`. */
const PER_NOUN = /^(.+)Per[A-Z][A-Za-z0-9]*$/;

function endsWithAny(name: string, suffixes: readonly string[]): boolean {
  for (const suffix of suffixes) {
    if (name.endsWith(suffix)) return true;
    // A whole name that is the unit or noun itself: `bytes`, `days`, `layers`, `weight`.
    if (name === suffix.charAt(0).toLowerCase() + suffix.slice(1)) return true;
  }
  return false;
}

/**
 * Whether a numeric field name follows the vocabulary: not a replaced synonym; a dimensionless name; or a name
 * that ends with a unit or count suffix, possibly followed by `Per<Noun>` (`acceleratorsPerSystem`).
 *
 * @param name - the field name
 * @returns undefined when it follows the vocabulary, else why not (with the name to use when known)
 */
export function vocabularyProblem(name: string): string | undefined {
  const entry = VOCABULARY.find((e) => e.insteadOf.includes(name));
  if (entry !== undefined) return `use ${entry.name} (${entry.quantity})`;
  if (VOCABULARY.some((e) => e.name === name)) return undefined;
  if (/Gpu/.test(name))
    return `say Accelerator, not Gpu (${name.replace(/Gpu/g, "Accelerator")}): the catalog holds TPUs and Gaudis too`;
  // A bound on a quantity follows the quantity's name: maxTokens, minImportance, maxEp.
  if (DIMENSIONLESS.includes(name) || EXTERNAL_NAME.test(name)) return undefined;
  let rest = /^(max|min)[A-Z]/.test(name) ? name.charAt(3).toLowerCase() + name.slice(4) : name;
  for (;;) {
    if (DIMENSIONLESS.includes(rest)) return undefined;
    if (
      endsWithAny(
        rest,
        UNIT_SUFFIXES.map((u) => u.suffix),
      ) ||
      endsWithAny(rest, COUNT_SUFFIXES)
    )
      return undefined;
    const match = PER_NOUN.exec(rest);
    if (match === null) break;
    rest = match[1] as string;
  }
  return "a numeric name ends with its unit (Watts, GBps, Gbitps, Seconds, Usd, Ratio, ...) or a count noun (Count, Tokens, ...)";
}

/**
 * Names in the SDK's schemas today that break the vocabulary, each with the name it will take. The vocabulary
 * test fails on a violation that is not listed here and on a listed name that no longer occurs, so this list
 * only shrinks. Renames are breaking changes and come with changesets.
 */
export const LEGACY_NAMES: Readonly<Record<string, string>> = {};

const cell = (text: string): string => text.replaceAll("|", "\\|");

/**
 * The glossary page (apps/docs/guides/glossary.md), generated from the lists above so that the page and the test
 * never disagree. Write it with `node --import tsx tooling/vocabulary/write-glossary.ts`.
 *
 * @returns markdown
 */
export function glossaryMarkdown(): string {
  const lines = [
    "# Glossary: one name per quantity",
    "",
    "Every numeric field in the SDK's schemas says its unit, last: `tdpWatts`, `memoryBandwidthGBps`, `ttftMs`,",
    "`priceUsd`, `utilizationRatio`. A quantity that several packages share has one name (below). CLI flags are",
    "these names in kebab case or their short forms (`--gpus` sets `acceleratorCount`, `--isl` and `--osl` set",
    "`inputTokens` and `outputTokens`), with the same unit spelling (`--checkpoint-write-gbps` is GB/s: bytes).",
    "Bits and bytes cannot be confused:",
    "bytes per second end in `GBps`, bits per second (NIC and switch ports) in `Gbitps`. Ratios are 0..1, never",
    "percent. Link bandwidth is per direction unless the name says `Bidirectional`.",
    "",
    "A test (`packages/cli/src/vocabulary.test.ts`) walks every exported zod schema of the SDK and fails on a",
    "numeric field name outside these rules; names that predate them would be listed at the end with the name",
    "each will take, and that list only shrinks.",
    "",
    "## Quantities with one name",
    "",
    "| name | quantity | instead of |",
    "|---|---|---|",
    ...VOCABULARY.map(
      (e) => `| \`${e.name}\` | ${cell(e.quantity)} | ${e.insteadOf.map((n) => `\`${n}\``).join(", ")} |`,
    ),
    "",
    "## Unit suffixes",
    "",
    "| suffix | unit | example |",
    "|---|---|---|",
    ...UNIT_SUFFIXES.map((u) => `| \`${u.suffix}\` | ${cell(u.meaning)} | ${cell(u.example)} |`),
    "",
    "## Counts",
    "",
    "A count ends with `Count` or with the plural noun it counts, optionally followed by `Per<Noun>`",
    `(\`acceleratorsPerSystem\`, \`bytesPerToken\`): ${COUNT_SUFFIXES.map((c) => `\`${c}\``).join(", ")}.`,
    "A bound takes the quantity's name after `max` or `min` (`maxTokens`, `minImportance`).",
    "",
    "## Names without a unit",
    "",
    "Parallelism degrees, model-shape integers, distribution parameters, sample statistics (in the unit a sibling",
    "`unit` field names) and ordinals:",
    `${DIMENSIONLESS.map((n) => `\`${n}\``).join(", ")}.`,
    "Field names of external formats the SDK parses verbatim (snake_case, e.g. vLLM's) are outside the vocabulary.",
    "",
    "## Names that predate the glossary",
    "",
    ...(Object.keys(LEGACY_NAMES).length === 0
      ? [
          "None: every numeric field of the exported schemas follows the rules. Saved scenarios that use an old name",
          "(`isl`, `osl`, `sequenceLength`, `cloudUsdPerGpuHour`, ...) still load, with a deprecation warning",
          "(`upgradeScenarioKeys` in `@aifactory/planner`).",
        ]
      : [
          "| today | will be |",
          "|---|---|",
          ...Object.entries(LEGACY_NAMES).map(([today, next]) => `| \`${today}\` | ${cell(next)} |`),
        ]),
    "",
  ];
  return lines.join("\n");
}
