import { closestMatches, formatSignificant, formatWatts, InvalidInputError, NotFoundError } from "@aifactory/core";
import {
  type Accelerator,
  acceleratorMetrics,
  BUILT_IN_ACCELERATORS,
  BUILT_IN_FABRICS,
  BUILT_IN_STORAGE_TIERS,
  BUILT_IN_SYSTEMS,
  compareAccelerators,
  DTYPES,
  type Dtype,
  defineCluster,
  type Fabric,
  getAccelerator,
  type HardwareCatalog,
  listAccelerators,
  listFabrics,
  listStorageTiers,
  listSystems,
  roofline,
  type StorageTier,
  type System,
  validateHardwarePack,
} from "@aifactory/hardware";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { parseChoiceOption, parseNumberOption, readJsonFile } from "../options";
import { renderKeyValues, renderTable } from "../table";

const KINDS = ["accelerator", "system", "fabric", "storage"] as const;
type Kind = (typeof KINDS)[number];

type Entry =
  | { kind: "accelerator"; entry: Accelerator }
  | { kind: "system"; entry: System }
  | { kind: "fabric"; entry: Fabric }
  | { kind: "storage"; entry: StorageTier };

function num(value: number | undefined, digits = 4): string {
  return value === undefined ? "-" : formatSignificant(value, digits);
}

/** The built-in hardware catalog; `--pack` replaces it with one that also holds the packs' entries. */
const BUILT_IN: HardwareCatalog = {
  accelerators: BUILT_IN_ACCELERATORS,
  systems: BUILT_IN_SYSTEMS,
  fabrics: BUILT_IN_FABRICS,
  storageTiers: BUILT_IN_STORAGE_TIERS,
};

function findEntry(id: string, catalog: HardwareCatalog): Entry {
  const accelerator = catalog.accelerators.find((e) => e.id === id);
  if (accelerator) return { kind: "accelerator", entry: accelerator };
  const system = catalog.systems.find((e) => e.id === id);
  if (system) return { kind: "system", entry: system };
  const fabric = catalog.fabrics.find((e) => e.id === id);
  if (fabric) return { kind: "fabric", entry: fabric };
  const tier = catalog.storageTiers.find((e) => e.id === id);
  if (tier) return { kind: "storage", entry: tier };
  throw new NotFoundError("hardware id", id, [
    ...catalog.accelerators.map((e) => e.id),
    ...catalog.systems.map((e) => e.id),
    ...catalog.fabrics.map((e) => e.id),
    ...catalog.storageTiers.map((e) => e.id),
  ]);
}

function renderSources(sources: Accelerator["sources"]): string {
  return sources
    .map(
      (s, i) =>
        `  [${i + 1}] ${s.title}${s.url ? ` <${s.url}>` : ""}${s.locator ? `, ${s.locator}` : ""} (${s.evidence})`,
    )
    .join("\n");
}

function renderNotes(notes: readonly string[] | undefined): string[] {
  return notes && notes.length > 0 ? ["", "notes:", ...notes.map((n) => `  - ${n}`)] : [];
}

function renderFieldEvidence(fieldEvidence: Record<string, string> | undefined): string[] {
  if (!fieldEvidence || Object.keys(fieldEvidence).length === 0) return [];
  return [
    "",
    `field evidence: ${Object.entries(fieldEvidence)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}`,
  ];
}

function renderAccelerator(entry: Accelerator): string {
  const head = renderKeyValues([
    ["id", entry.id],
    ["name", entry.name],
    ["vendor", entry.vendor],
    ["launch year", entry.launchYear],
    ["memory", `${entry.memoryGB} GB${entry.memoryAsStated ? ` (${entry.memoryAsStated})` : ""}`],
    ...(entry.memoryUsableGB === undefined ? [] : [["memory usable", `${entry.memoryUsableGB} GB`] as const]),
    ...(entry.memoryPhysicalGB === undefined ? [] : [["memory physical", `${entry.memoryPhysicalGB} GB`] as const]),
    ["memory bandwidth", `${entry.memoryBandwidthGBps} GB/s`],
    ["TDP", entry.tdpWatts === undefined ? "not published" : formatWatts(entry.tdpWatts)],
    [
      "scale-up",
      `${entry.scaleUp.technology}: ${entry.scaleUp.bandwidthGBpsPerDirection} GB/s per direction, domain ${entry.scaleUp.scaleUpDomainSize}`,
    ],
    [
      "scale-out",
      entry.scaleOutGbitpsPerAccelerator === undefined
        ? "-"
        : `${entry.scaleOutGbitpsPerAccelerator} Gb/s per accelerator`,
    ],
  ]);
  const peaks = renderTable(
    acceleratorMetrics(entry).map((m) => ({
      dtype: m.dtype,
      denseTflops: num(m.denseTflops),
      sparseTflops: num(m.sparseTflops),
      ridgeFlopPerByte: num(m.ridgePointFlopsPerByte, 3),
      tflopsPerWatt: num(m.tflopsPerWatt, 3),
    })),
  );
  return [
    head,
    "",
    "peaks (TFLOPS; int8 in TOPS):",
    peaks,
    ...renderNotes(entry.notes),
    ...renderFieldEvidence(entry.fieldEvidence),
    "",
    "sources:",
    renderSources(entry.sources),
  ].join("\n");
}

function renderGeneric(kind: Kind, entry: System | Fabric | StorageTier): string {
  const pairs: Array<readonly [string, unknown]> = [["kind", kind]];
  for (const [key, value] of Object.entries(entry)) {
    if (key === "sources" || key === "notes" || key === "fieldEvidence") continue;
    pairs.push([key, typeof value === "object" ? JSON.stringify(value) : value]);
  }
  return [
    renderKeyValues(pairs),
    ...renderNotes(entry.notes),
    ...renderFieldEvidence(entry.fieldEvidence),
    "",
    "sources:",
    renderSources(entry.sources),
  ].join("\n");
}

function listRows(
  kind: Kind,
  vendor: string | undefined,
  catalog: HardwareCatalog,
): { items: unknown[]; render: () => string } {
  if (kind === "accelerator") {
    const items = listAccelerators(vendor === undefined ? {} : { vendor }, catalog);
    return {
      items,
      render: () =>
        renderTable(
          items.map((a) => ({
            id: a.id,
            vendor: a.vendor,
            year: a.launchYear,
            bf16: num(a.denseTflops.bf16),
            fp8: num(a.denseTflops.fp8),
            memoryGB: a.memoryGB,
            bandwidthGBps: a.memoryBandwidthGBps,
            tdpW: a.tdpWatts ?? "-",
            scaleUp: `${a.scaleUp.bandwidthGBpsPerDirection} x${a.scaleUp.scaleUpDomainSize}`,
          })),
          [
            { key: "id" },
            { key: "vendor" },
            { key: "year", align: "right" },
            { key: "bf16", header: "bf16 TFLOPS", align: "right" },
            { key: "fp8", header: "fp8 TFLOPS", align: "right" },
            { key: "memoryGB", header: "memory GB", align: "right" },
            { key: "bandwidthGBps", header: "HBM GB/s", align: "right" },
            { key: "tdpW", header: "TDP W", align: "right" },
            { key: "scaleUp", header: "scale-up GB/s/dir x domain", align: "right" },
          ],
        ),
    };
  }
  if (kind === "system") {
    const items = listSystems(vendor === undefined ? {} : { vendor }, catalog);
    return {
      items,
      render: () =>
        renderTable(
          items.map((s) => ({
            id: s.id,
            vendor: s.vendor,
            accelerator: `${s.acceleratorCount} x ${s.acceleratorId}`,
            power: s.systemPowerWatts === undefined ? "-" : formatWatts(s.systemPowerWatts),
            rackUnits: s.rackUnits ?? "-",
          })),
          [
            { key: "id" },
            { key: "vendor" },
            { key: "accelerator" },
            { key: "power", header: "max power", align: "right" },
            { key: "rackUnits", header: "U", align: "right" },
          ],
        ),
    };
  }
  if (kind === "fabric") {
    const items = listFabrics(vendor === undefined ? {} : { vendor }, catalog.fabrics);
    return {
      items,
      render: () =>
        renderTable(
          items.map((f) => ({
            id: f.id,
            tier: f.tier,
            family: f.family,
            bandwidth:
              f.tier === "scale-up"
                ? `${f.perAcceleratorBandwidthGBpsPerDirection} GB/s/dir per accelerator`
                : `${f.portGbitps} Gb/s per port`,
            topologies: f.topologies.join(", "),
          })),
        ),
    };
  }
  const items = listStorageTiers({}, catalog.storageTiers);
  return {
    items,
    render: () =>
      renderTable(
        items.map((t) => ({
          id: t.id,
          kind: t.kind,
          scope: t.scope,
          capacityGB: t.capacityGB ?? (t.capacityGBRange ? `${t.capacityGBRange.min}-${t.capacityGBRange.max}` : "-"),
          readGBps:
            t.readBandwidthGBps ??
            (t.readBandwidthGBpsRange ? `${t.readBandwidthGBpsRange.min}-${t.readBandwidthGBpsRange.max}` : "-"),
        })),
      ),
  };
}

/**
 * Registers `aif hw`: `list`, `show`, `compare`, `roofline`, `cluster` and `validate` over the
 * `@aifactory/hardware` catalog, plus the entries of every `--pack`. Every number shown comes from a function of that
 * package.
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```ts
 * import { runCli } from "@aifactory/cli";
 * await runCli(["hw", "show", "nvidia-h100-sxm", "--json"]);
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerHwCommands(program: Command, context: CliContext): void {
  const hw = program
    .command("hw")
    .description("hardware catalog: accelerators, systems, fabrics, storage tiers, rooflines, pack validation");

  hw.command("list")
    .description("list catalog entries of one kind")
    .option("--kind <kind>", `what to list: ${KINDS.join(", ")}`, "accelerator")
    .option("--vendor <vendor>", "only this vendor (nvidia, amd, intel, google, aws, ...)")
    .action((flags: { kind: string; vendor?: string }) => {
      const catalog = context.catalog?.hardware ?? BUILT_IN;
      const kind = parseChoiceOption("--kind", flags.kind, KINDS);
      if (kind === "storage" && flags.vendor !== undefined)
        context.note("note: --vendor does not apply to storage tiers");
      const vendor = flags.vendor?.toLowerCase();
      if (vendor !== undefined && kind !== "storage") {
        // An unknown vendor is a typo, not an empty catalog.
        const known = [
          ...new Set((listRows(kind, undefined, catalog).items as { vendor: string }[]).map((i) => i.vendor)),
        ];
        if (!known.includes(vendor)) {
          const suggestions = closestMatches(vendor, known, 2);
          throw new InvalidInputError("option --vendor", [
            {
              path: "--vendor",
              message: `no ${kind} from "${flags.vendor}" in the catalog`,
              received: flags.vendor,
              hint:
                suggestions.length > 0 ? `did you mean --vendor ${suggestions[0]}?` : `use one of: ${known.join(", ")}`,
            },
          ]);
        }
      }
      const { items, render } = listRows(kind, vendor, catalog);
      context.print(items, render);
    });

  hw.command("show")
    .description("one entry with every figure, its notes and its sources")
    .argument("<id>", "an accelerator, system, fabric or storage tier id")
    .action((id: string) => {
      const found = findEntry(id, context.catalog?.hardware ?? BUILT_IN);
      if (found.kind === "accelerator") {
        const result = { kind: found.kind, entry: found.entry, metrics: acceleratorMetrics(found.entry) };
        context.print(result, () => renderAccelerator(found.entry));
      } else {
        context.print({ kind: found.kind, entry: found.entry }, () => renderGeneric(found.kind, found.entry));
      }
    });

  hw.command("compare")
    .description("accelerators side by side in one format")
    .argument("<ids...>", "accelerator ids")
    .option("--dtype <dtype>", `format: ${DTYPES.join(", ")}`, "bf16")
    .action((ids: string[], flags: { dtype: string }) => {
      const dtype: Dtype = parseChoiceOption("--dtype", flags.dtype, DTYPES);
      const comparison = compareAccelerators(ids, { dtype, catalog: context.catalog?.hardware ?? BUILT_IN });
      context.print(comparison, () =>
        renderTable(
          comparison.rows.map((row) => ({
            id: row.id,
            dense: num(row.denseTflops),
            sparse: num(row.sparseTflops),
            memoryGB: row.memoryGB,
            bandwidthGBps: row.memoryBandwidthGBps,
            tdpW: row.tdpWatts ?? "-",
            ridge: num(row.ridgePointFlopsPerByte, 3),
            perWatt: num(row.tflopsPerWatt, 3),
            vsFirst: num(row.relativeToFirst.denseTflops, 3),
          })),
          [
            { key: "id" },
            { key: "dense", header: `${dtype} dense TFLOPS`, align: "right" },
            { key: "sparse", header: "sparse", align: "right" },
            { key: "memoryGB", header: "memory GB", align: "right" },
            { key: "bandwidthGBps", header: "HBM GB/s", align: "right" },
            { key: "tdpW", header: "TDP W", align: "right" },
            { key: "ridge", header: "ridge FLOP/B", align: "right" },
            { key: "perWatt", header: "TFLOPS/W", align: "right" },
            { key: "vsFirst", header: "x first", align: "right" },
          ],
        ),
      );
    });

  hw.command("roofline")
    .description("ridge point and roofline points of an accelerator in one format")
    .argument("<id>", "accelerator id")
    .option("--dtype <dtype>", `format: ${DTYPES.join(", ")}`, "bf16")
    .option("--sparse", "use the 2:4 structured-sparsity peak")
    .option("--points <n>", "log-spaced points (2-1000)", "13")
    .action((id: string, flags: { dtype: string; sparse?: boolean; points: string }) => {
      const dtype: Dtype = parseChoiceOption("--dtype", flags.dtype, DTYPES);
      const pointCount = parseNumberOption("--points", flags.points, { int: true, min: 2, max: 1000 });
      const accelerator = getAccelerator(id, context.catalog?.hardware ?? BUILT_IN);
      const line = roofline(accelerator, dtype, { pointCount, sparse: flags.sparse ?? false });
      context.print(line, () =>
        [
          renderKeyValues([
            ["accelerator", `${accelerator.name} (${accelerator.id})`],
            ["format", `${dtype}${line.sparse ? " (sparse)" : " (dense)"}`],
            ["peak", `${num(line.peakTflops)} TFLOPS`],
            ["memory bandwidth", `${line.memoryBandwidthGBps} GB/s`],
            ["ridge point", `${num(line.ridgePointFlopsPerByte, 4)} FLOP/byte`],
          ]),
          "",
          renderTable(
            line.points.map((p) => ({
              intensity: num(p.intensityFlopsPerByte, 4),
              tflops: num(p.attainableTflops, 4),
              bound: p.bound,
            })),
            [
              { key: "intensity", header: "FLOP/byte", align: "right" },
              { key: "tflops", header: "attainable TFLOPS", align: "right" },
              { key: "bound" },
            ],
          ),
        ].join("\n"),
      );
    });

  hw.command("cluster")
    .description("totals of a cluster: accelerators, peak PFLOPS, HBM, IT power, bisection bandwidth")
    .requiredOption("--system <id>", "system id, e.g. nvidia-dgx-h100")
    .requiredOption("--count <n>", "number of systems")
    .option("--fabric <id>", "scale-out fabric id", "infiniband-ndr")
    .option("--oversubscription <ratio>", "oversubscription of the scale-out tree (>= 1)", "1")
    .action((flags: { system: string; count: string; fabric: string; oversubscription: string }) => {
      const count = parseNumberOption("--count", flags.count, { int: true, min: 1 });
      const oversubscriptionRatio = parseNumberOption("--oversubscription", flags.oversubscription, { min: 1 });
      const catalog = context.catalog?.hardware ?? BUILT_IN;
      const cluster = defineCluster(
        { system: flags.system, count, fabric: flags.fabric, oversubscriptionRatio },
        { catalog, fabrics: catalog.fabrics },
      );
      context.print(cluster, () =>
        [
          renderKeyValues([
            ["cluster", cluster.name],
            ["accelerators", `${cluster.acceleratorCount} x ${cluster.accelerator.id}`],
            ["bf16 dense", `${num(cluster.peakPflops.dense.bf16)} PFLOPS`],
            ["fp8 dense", `${num(cluster.peakPflops.dense.fp8)} PFLOPS`],
            ["HBM", `${num(cluster.hbmGB)} GB, ${num(cluster.hbmBandwidthTBps)} TB/s`],
            ["IT power", cluster.itPowerWatts === undefined ? "not published" : formatWatts(cluster.itPowerWatts)],
            ["scale-up", `${cluster.scaleUp.domainCount} domains of ${cluster.scaleUp.scaleUpDomainSize}`],
            ["scale-out", `${cluster.fabric.id}, ${num(cluster.scaleOut.gbpsPerAccelerator)} Gb/s per accelerator`],
            ["bisection", `${num(cluster.scaleOut.bisectionGBps)} GB/s per direction`],
          ]),
          ...cluster.warnings.map((w) => `warning: ${w}`),
        ].join("\n"),
      );
    });

  hw.command("validate")
    .description(
      "check a pack (JSON): hardware, or also prices, architectures, grid regions and bills of materials; every problem with its path; exits 2 if there is any",
    )
    .argument("<pack>", "path to the pack JSON file")
    .action(async (path: string) => {
      const json = readJsonFile(path, "hardware pack");
      const extended =
        json !== null &&
        typeof json === "object" &&
        ["architectures", "gridRegions", "prices", "billsOfMaterials", "embodiedCarbonProfiles"].some(
          (key) => key in json,
        );
      // A pack with more than hardware is checked by the planner, which knows every package's schema.
      const result = extended
        ? (await import("@aifactory/planner")).validateFactoryPack(
            json,
            context.catalog ? { against: context.catalog } : {},
          )
        : validateHardwarePack(json, context.catalog ? { against: context.catalog.hardware } : {});
      if (!result.valid) {
        throw new InvalidInputError(
          `${extended ? "pack" : "hardware pack"} "${path}" (${result.problems.length} problem${result.problems.length === 1 ? "" : "s"})`,
          result.problems,
          extended
            ? "fix every field listed; the JSON Schema is in @aifactory/planner/schemas/factory-pack.schema.json"
            : "fix every field listed; the JSON Schema is in @aifactory/hardware/schemas/hardware-pack.schema.json",
        );
      }
      const counts = Object.entries(result.counts)
        .filter(([key, count]) => count > 0 || ["accelerators", "systems", "fabrics", "storageTiers"].includes(key))
        .map(([key, count]) => `${count} ${key === "storageTiers" ? "storage tiers" : key}`)
        .join(", ");
      context.print(result, () =>
        renderKeyValues([
          ["pack", result.pack ?? path],
          ["valid", "yes"],
          ["entries", counts],
        ]),
      );
    });
}
