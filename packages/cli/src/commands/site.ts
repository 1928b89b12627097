import { formatWatts, InvalidInputError } from "@aifactory/core";
import { listCoolingTechnologies } from "@aifactory/energy";
import {
  DEFAULT_SITE_CANDIDATES,
  designSite,
  KV_OFFLOAD_TIERS,
  type SiteDesign,
  type SiteDesignInput,
  type SiteDesignResult,
  siteBomToCsv,
} from "@aifactory/planner";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { withFlagNames } from "../flag-names";
import { parseChoiceOption, parseNumberOption, parseRatioOption, requiredOption } from "../options";
import { renderKeyValues, renderTable } from "../table";

interface SiteFlags {
  powerMw?: string;
  date?: string;
  region: string;
  cooling: string;
  climate: string;
  floorRacks?: string;
  pue?: string;
  wue?: string;
  rackKw?: string;
  systems?: string;
  serve?: string;
  train?: string;
  isl: string;
  osl: string;
  ttftMs: string;
  tpotMs: string;
  tokens?: string;
  globalBatch?: string;
  seq?: string;
  checkpointStall?: string;
  leafOversubscription?: string;
  storageNode?: string;
  prefixHitRatio?: string;
  kvRetainedContexts?: string;
  kvContextTokens?: string;
  kvTiers?: string;
  maxEp?: string;
  csv?: boolean;
}

/** `designSite` field paths and the flags that set them. */
const SITE_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  "site.gridPowerMW": "--power-mw",
  "site.availableQuarter": "--date",
  "site.regionId": "--region",
  "site.climate": "--climate",
  "site.cooling": "--cooling",
  "site.floorSpaceRacks": "--floor-racks",
  "site.pue": "--pue",
  "site.wueLitersPerKWh": "--wue",
  "site.rackPowerLimitKW": "--rack-kw",
  candidates: "--systems",
  "workload.model": "--serve/--train",
  "workload.tokens": "--tokens",
  "workload.globalBatchSequences": "--global-batch",
  "workload.sequenceTokens": "--seq",
  cooling: "--cooling",
  pue: "--pue",
  "network.leafOversubscriptionRatio": "--leaf-oversubscription",
  "storage.node": "--storage-node",
  "workload.prefixHitRatio": "--prefix-hit-ratio",
  "storage.kvOffload.retainedContextCount": "--kv-retained-contexts",
  "storage.kvOffload.contextTokens": "--kv-context-tokens",
  "storage.kvOffload.tiers": "--kv-tiers",
  "storage.kvOffload": "--kv-retained-contexts",
  "network.maxEp": "--max-ep",
});

const COOLING_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  liquid: "direct-to-chip-liquid",
  "direct-to-chip": "direct-to-chip-liquid",
  d2c: "direct-to-chip-liquid",
});

function parseCandidates(raw: string): NonNullable<SiteDesignInput["candidates"]> {
  return raw
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const [systemId, cap] = entry.split("@") as [string, string | undefined];
      if (cap === undefined) return { systemId };
      const watts = Number(cap.replace(/w$/i, ""));
      if (!(Number.isFinite(watts) && watts > 0)) {
        throw new InvalidInputError("option --systems", [
          {
            path: "--systems",
            message: "a power cap must be watts after @, e.g. nvidia-dgx-h100@600",
            received: entry,
            hint: "write systemId or systemId@capWatts, comma-separated",
          },
        ]);
      }
      return { systemId, powerCapWatts: watts };
    });
}

function buildInput(flags: SiteFlags): SiteDesignInput {
  const cooling = parseChoiceOption(
    "--cooling",
    COOLING_ALIASES[flags.cooling] ?? flags.cooling,
    listCoolingTechnologies().map((entry) => entry.id),
  );
  const climate = parseChoiceOption("--climate", flags.climate, ["cool", "temperate", "hot"] as const);
  if (flags.serve !== undefined && flags.train !== undefined) {
    throw new InvalidInputError("options", [
      { path: "--serve", message: "give --serve or --train, not both", hint: "design for one workload at a time" },
    ]);
  }
  const int = (flag: string, raw: string) => parseNumberOption(flag, raw, { int: true, min: 1 });
  let workload: SiteDesignInput["workload"];
  if (flags.serve !== undefined) {
    workload = {
      kind: "serving",
      model: flags.serve,
      inputTokens: int("--isl", flags.isl),
      outputTokens: int("--osl", flags.osl),
      ttftMs: parseNumberOption("--ttft-ms", flags.ttftMs, { min: 0.001 }),
      tpotMs: parseNumberOption("--tpot-ms", flags.tpotMs, { min: 0.001 }),
      ...(flags.prefixHitRatio === undefined
        ? {}
        : { prefixHitRatio: parseRatioOption("--prefix-hit-ratio", flags.prefixHitRatio) }),
    };
  } else if (flags.train !== undefined) {
    workload = {
      kind: "pretraining",
      model: flags.train,
      tokens: parseNumberOption("--tokens", requiredOption("--tokens", flags.tokens), { min: 1 }),
      globalBatchSequences: int("--global-batch", requiredOption("--global-batch", flags.globalBatch)),
      sequenceTokens: int("--seq", requiredOption("--seq", flags.seq)),
    };
  }
  if ((flags.kvContextTokens !== undefined || flags.kvTiers !== undefined) && flags.kvRetainedContexts === undefined) {
    throw new InvalidInputError("options", [
      {
        path: "--kv-retained-contexts",
        message: "--kv-context-tokens and --kv-tiers size a KV offload: give the number of retained contexts too",
        hint: "add --kv-retained-contexts <n> (with --serve)",
      },
    ]);
  }
  let kvOffload: NonNullable<SiteDesignInput["storage"]>["kvOffload"];
  if (flags.kvRetainedContexts !== undefined) {
    if (flags.serve === undefined) {
      throw new InvalidInputError("options", [
        {
          path: "--kv-retained-contexts",
          message: "a KV offload is sized for a serving site",
          hint: "add --serve <model> (with --isl, --osl and the SLO)",
        },
      ]);
    }
    kvOffload = {
      retainedContextCount: int("--kv-retained-contexts", flags.kvRetainedContexts),
      ...(flags.kvContextTokens === undefined
        ? {}
        : { contextTokens: int("--kv-context-tokens", flags.kvContextTokens) }),
      ...(flags.kvTiers === undefined
        ? {}
        : {
            tiers: flags.kvTiers
              .split(",")
              .map((tier) => tier.trim())
              .filter((tier) => tier !== "")
              .map((tier) => parseChoiceOption("--kv-tiers", tier, KV_OFFLOAD_TIERS)),
          }),
    };
  }
  const storage = {
    ...(flags.checkpointStall === undefined
      ? {}
      : { checkpointStallRatio: parseRatioOption("--checkpoint-stall", flags.checkpointStall) }),
    ...(flags.storageNode === undefined ? {} : { node: flags.storageNode }),
    ...(kvOffload === undefined ? {} : { kvOffload }),
  };
  return {
    site: {
      gridPowerMW: parseNumberOption("--power-mw", requiredOption("--power-mw", flags.powerMw), { min: 0.001 }),
      availableQuarter: requiredOption("--date", flags.date),
      regionId: flags.region,
      climate,
      cooling,
      ...(flags.floorRacks === undefined ? {} : { floorSpaceRacks: int("--floor-racks", flags.floorRacks) }),
      ...(flags.pue === undefined ? {} : { pue: parseNumberOption("--pue", flags.pue, { min: 1, max: 3 }) }),
      ...(flags.wue === undefined ? {} : { wueLitersPerKWh: parseNumberOption("--wue", flags.wue, { min: 0 }) }),
      ...(flags.rackKw === undefined
        ? {}
        : { rackPowerLimitKW: parseNumberOption("--rack-kw", flags.rackKw, { min: 0.001 }) }),
    },
    ...(flags.systems === undefined ? {} : { candidates: parseCandidates(flags.systems) }),
    ...(workload === undefined ? {} : { workload }),
    ...(Object.keys(storage).length === 0 ? {} : { storage }),
    ...(flags.leafOversubscription === undefined && flags.maxEp === undefined
      ? {}
      : {
          network: {
            ...(flags.leafOversubscription === undefined
              ? {}
              : {
                  leafOversubscriptionRatio: parseNumberOption("--leaf-oversubscription", flags.leafOversubscription, {
                    min: 1,
                  }),
                }),
            ...(flags.maxEp === undefined ? {} : { maxEp: int("--max-ep", flags.maxEp) }),
          },
        }),
  };
}

const usd = (value: number): string =>
  value >= 1e9
    ? `$${(value / 1e9).toFixed(2)}B`
    : value >= 1e6
      ? `$${(value / 1e6).toFixed(1)}M`
      : `$${Math.round(value)}`;

function output(design: SiteDesign): string {
  const production = design.production;
  if (production === undefined) return "-";
  if (production.kind === "serving") return `${(production.outputTokensPerSecond / 1e6).toFixed(2)}M tok/s`;
  return `${production.runsPerYear.toFixed(2)} runs/yr`;
}

function notes(title: string, assumptions: readonly string[], warnings: readonly string[]): string[] {
  return [
    ...(assumptions.length > 0 ? [`${title}assumptions:`, ...assumptions.map((line) => `  ${line}`)] : []),
    ...(warnings.length > 0 ? [`${title}warnings:`, ...warnings.map((line) => `  warning: ${line}`)] : []),
  ];
}

const terabytes = (bytes: number): string =>
  `${(bytes / 1e12).toLocaleString("en-US", { maximumFractionDigits: 1 })} TB`;

/** The KV offload of a serving design: bytes, reads and writes per tier, and the storage nodes it buys. */
function kvOffloadLines(design: SiteDesign): string[] {
  const kv = design.kvOffload;
  if (kv === undefined) return [];
  const gbps = (value: number | undefined): string =>
    value === undefined ? "n/a" : `${Math.round(value).toLocaleString("en-US")} GB/s`;
  return [
    `KV offload of ${design.key}: ${terabytes(kv.requiredBytes)} retained (${kv.retainedTokens.toLocaleString("en-US")} tokens x ${kv.kvBytesPerToken.toLocaleString("en-US")} B)${kv.storageNodeCount > 0 ? `, ${kv.storageNodeCount.toLocaleString("en-US")} storage nodes (set by ${kv.storageNodesSetBy})` : ""}${kv.unplacedBytes > 0 ? `, ${terabytes(kv.unplacedBytes)} fits no tier` : ""}:`,
    renderTable(
      kv.tiers.map((tier) => ({
        tier: tier.tier,
        used: terabytes(tier.usedBytes),
        capacity: terabytes(tier.capacityBytes),
        hits: `${(tier.hitShareRatio * 100).toFixed(0)}%`,
        reads: `${gbps(tier.readGBpsNeeded)} of ${gbps(tier.readGBpsAvailable)}`,
        writes: `${gbps(tier.writeGBpsNeeded)} of ${gbps(tier.writeGBpsAvailable)}`,
      })),
      [
        { key: "tier" },
        { key: "used", align: "right" },
        { key: "capacity", align: "right" },
        { key: "hits", header: "hit share", align: "right" },
        { key: "reads", header: "reads needed of offered", align: "right" },
        { key: "writes", header: "writes needed of offered", align: "right" },
      ],
    ),
  ];
}

function render(result: SiteDesignResult): string {
  const designs = result.designs;
  const rows = designs.map((design) => ({
    design: `${design.key}${result.paretoKeys.includes(design.key) ? " *" : ""}`,
    acceleratorCount: design.feasible ? design.acceleratorCount.toLocaleString("en-US") : "-",
    racks: design.feasible ? design.rackCount.toLocaleString("en-US") : "-",
    grid: design.feasible ? formatWatts(design.power.gridUsedWatts) : "-",
    output: design.feasible ? output(design) : "-",
    capex: design.feasible ? usd(design.cost.capexUsd) : "-",
    opex: design.feasible ? `${usd(design.cost.opexUsdPerYear)}/yr` : "-",
    online: design.feasible ? (design.supply.earliestOnlineQuarter ?? "n/a") : "-",
    note: design.feasible ? "" : (design.reason ?? "").split("; known")[0],
  }));
  const best =
    designs.find((design) => design.key === result.paretoKeys[0]) ?? designs.find((design) => design.feasible);
  const parts = [
    renderKeyValues([
      ["grid power", `${result.site.gridPowerMW} MW from ${result.site.availableQuarter}`],
      ["region", result.site.regionId],
      [
        "cooling",
        `${result.cooling.coolingId} (${result.site.climate}): PUE ${result.cooling.pue}, WUE ${result.cooling.wueLitersPerKWh} L/kWh`,
      ],
      [
        "leaf oversubscription",
        `${best?.network.scaleOutFabric?.leafOversubscriptionRatio.toFixed(2) ?? "1.00"}:1 as built (leaf groups of ${best?.network.scaleOutFabric?.leafGroupAccelerators ?? "-"} GPUs)`,
      ],
      [
        "rack limit",
        result.cooling.rackPowerLimitWatts === undefined
          ? "not published"
          : formatWatts(result.cooling.rackPowerLimitWatts),
      ],
    ]),
    renderTable(rows, [
      { key: "design", header: "design (* Pareto)" },
      { key: "acceleratorCount", header: "GPUs", align: "right" },
      { key: "racks", align: "right" },
      { key: "grid", header: "grid used", align: "right" },
      { key: "output", align: "right" },
      { key: "capex", align: "right" },
      { key: "opex", align: "right" },
      { key: "online" },
      { key: "note" },
    ]),
  ];
  if (best?.feasible) {
    parts.push(
      `power breakdown of ${best.key} (grid ${formatWatts(best.power.gridUsedWatts)}):`,
      renderTable(
        best.power.nodes
          .filter((node) => node.leaf)
          .map((node) => ({
            stage: node.label,
            power: formatWatts(node.watts),
            share: `${((node.watts / best.power.gridUsedWatts) * 100).toFixed(1)}%`,
          })),
        [{ key: "stage" }, { key: "power", align: "right" }, { key: "share", align: "right" }],
      ),
      `bill of materials of ${best.key}:`,
      renderTable(
        best.bom.map((line) => ({
          category: line.category,
          item: line.item,
          quantity: line.quantity.toLocaleString("en-US"),
          power: line.powerWatts === undefined ? "n/a" : formatWatts(line.powerWatts),
        })),
        [{ key: "category" }, { key: "item" }, { key: "quantity", align: "right" }, { key: "power", align: "right" }],
      ),
      ...kvOffloadLines(best),
      ...notes(`${best.key} `, best.assumptions, best.warnings),
    );
  }
  parts.push(...notes("site ", result.assumptions, result.warnings));
  return parts.join("\n");
}

/**
 * Registers `aif site --power-mw P --date YYYY-Qn [--region id] [--cooling c] [--climate c] [--serve model |
 * --train model ...] [--systems a,b@capW] [--leaf-oversubscription r] [--storage-node id|none] [--json | --csv]`: designs the AI factory a site's power allows with
 * `@aifactory/planner`'s `designSite` and prints each candidate's GPUs, racks, grid power, output, capex, opex and
 * online quarter, then the power breakdown and bill of materials of the first Pareto design. `--csv` prints the
 * bill of materials of every design as CSV.
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif site --power-mw 150 --region us-tx --date 2027-Q3 --cooling direct-to-chip-liquid --climate hot --serve llama-3.1-70b
 * ```
 * @since 0.7.0
 * @category CLI
 */
export function registerSiteCommands(program: Command, context: CliContext): void {
  program
    .command("site")
    .description("design the AI factory a site's power allows: racks, network, storage, cost, output, carbon, supply")
    .option("--power-mw <MW>", "grid power at the site, MW")
    .option("--date <quarter>", "quarter the power is available, e.g. 2027-Q3")
    .option("--region <id>", "grid region id for carbon and prices (aif grid list), e.g. us-tx", "us")
    .option("--cooling <c>", "air | direct-to-chip-liquid (liquid) | immersion", "direct-to-chip-liquid")
    .option("--climate <c>", "cool | temperate | hot: picks the point in the sourced PUE/WUE ranges", "temperate")
    .option("--floor-racks <n>", "floor space, racks")
    .option("--pue <p>", "facility PUE instead of the cooling default")
    .option("--wue <L/kWh>", "on-site water usage effectiveness instead of the cooling default")
    .option("--rack-kw <kW>", "rack power limit instead of the cooling default (needed for immersion)")
    .option(
      "--systems <list>",
      `candidate systems, comma-separated, each optionally @capW (default: ${DEFAULT_SITE_CANDIDATES.map((c) => (c.powerCapWatts === undefined ? c.systemId : `${c.systemId}@${c.powerCapWatts}`)).join(",")})`,
    )
    .option("--serve <model>", "report output tokens/s of this model under the SLO")
    .option("--train <model>", "report pretraining runs per year of this model (with --tokens, --global-batch, --seq)")
    .option("--isl <tokens>", "serving: input tokens per request", "1000")
    .option("--osl <tokens>", "serving: output tokens per request", "500")
    .option("--ttft-ms <ms>", "serving SLO: time to first token, ms", "2000")
    .option("--tpot-ms <ms>", "serving SLO: time per output token, ms", "50")
    .option("--tokens <n>", "training: tokens per run")
    .option("--global-batch <sequences>", "training: global batch, sequences")
    .option("--seq <tokens>", "training: sequence length")
    .option("--checkpoint-stall <r>", "training: share of time writing checkpoints, 0..1 (default 0.01)")
    .option(
      "--storage-node <id>",
      "storage node id (default ddn-ai400x2 for --train and for a KV offload on storage nodes), or none to leave storage out",
    )
    .option(
      "--leaf-oversubscription <r>",
      "leaf down:up ratio of the scale-out fabric, >= 1 (default 1, non-blocking); slows wide-EP all-to-all",
    )
    .option("--prefix-hit-ratio <r>", "serving: share of input tokens served from the prefix cache (0..1)")
    .option("--kv-retained-contexts <n>", "serving: contexts kept reusable in KV offload tiers (sizes them)")
    .option("--kv-context-tokens <n>", "serving: tokens per retained context (default --isl + --osl)")
    .option("--kv-tiers <list>", "serving: KV offload tiers, fastest first: host-dram,local-nvme,storage-nodes")
    .option(
      "--max-ep <n>",
      "serving: widest expert parallelism, GPUs (default: one NVLink domain, widened to 256 when nothing fits in one)",
    )
    .option("--csv", "print the bill of materials of every design as CSV")
    .action((flags: SiteFlags) => {
      const result = withFlagNames(SITE_FLAG_NAMES, () => designSite(buildInput(flags)));
      context.print(result, () => (flags.csv === true ? siteBomToCsv(result) : render(result)));
    });
}
