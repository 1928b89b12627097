import {
  closestMatches,
  type InputProblem,
  InvalidInputError,
  NotFoundError,
  pluginIdentitySchema,
} from "@aifactory/core";
import {
  type BillOfMaterials,
  billOfMaterialsSchema,
  CLOUD_PRICES,
  type CloudPrice,
  cloudPriceSchema,
  type ElectricityPrice,
  electricityPriceSchema,
  listBillsOfMaterials,
  PURCHASE_PRICES,
  type PurchasePrice,
  purchasePriceSchema,
} from "@aifactory/economics";
import {
  type EmbodiedCarbonProfile,
  embodiedCarbonProfileSchema,
  type GridRegion,
  gridRegionSchema,
  listEmbodiedCarbonProfiles,
  listGridRegions,
} from "@aifactory/energy";
import {
  type Accelerator,
  BUILT_IN_ACCELERATORS,
  BUILT_IN_FABRICS,
  BUILT_IN_STORAGE_TIERS,
  BUILT_IN_SYSTEMS,
  type HardwareCatalog,
  hardwarePackSchema,
  validateHardwarePack,
} from "@aifactory/hardware";
import {
  type Architecture,
  type ArchitectureInput,
  architectureSchema,
  getArchitecture,
  listArchitectures,
} from "@aifactory/workloads";
import { z } from "zod";

/**
 * The file format of a pack: a plugin identity plus any of `hardware` (accelerators, systems, fabrics, storage
 * tiers, as in a hardware pack), `architectures` (`@aifactory/workloads`), `gridRegions` and
 * `embodiedCarbonProfiles` (`@aifactory/energy`), `prices` and `billsOfMaterials` (`@aifactory/economics`). A plain hardware pack file is a pack. Published as
 * `schemas/factory-pack.schema.json`; every entry needs its public sources, as in the built-in catalogs.
 *
 * @example
 * ```ts
 * import { factoryPackSchema } from "@aifactory/planner";
 * factoryPackSchema.safeParse({ name: "aifactory-pack-acme", version: "1.0.0", hardware: {} }).success; // true
 * ```
 * @since 0.10.0
 * @category Packs
 */
export const factoryPackSchema = pluginIdentitySchema
  .extend({
    /** The JSON Schema this file follows (ignored). */
    $schema: z.string().optional(),
    /** Accelerators, systems, fabrics and storage tiers (`@aifactory/hardware` entries). */
    hardware: hardwarePackSchema.shape.hardware.optional(),
    /** Model architectures (`@aifactory/workloads` `architectureSchema`). */
    architectures: z.array(architectureSchema).optional(),
    /** Grid regions with their carbon intensities (`@aifactory/energy` `gridRegionSchema`). */
    gridRegions: z.array(gridRegionSchema).optional(),
    /** Purchase, cloud and electricity prices (`@aifactory/economics` price schemas). */
    prices: z
      .object({
        purchasePrices: z.array(purchasePriceSchema).optional(),
        cloudPrices: z.array(cloudPriceSchema).optional(),
        electricityPrices: z.array(electricityPriceSchema).optional(),
      })
      .strict()
      .optional(),
    /** Supply bills of materials of the pack's accelerators (`@aifactory/economics` `billOfMaterialsSchema`). */
    billsOfMaterials: z.array(billOfMaterialsSchema).optional(),
    /** Embodied-carbon profiles of the pack's accelerators (`@aifactory/energy` `embodiedCarbonProfileSchema`). */
    embodiedCarbonProfiles: z.array(embodiedCarbonProfileSchema).optional(),
  })
  .strict();

/**
 * A pack, parsed (defaults applied).
 *
 * @since 0.10.0
 * @category Packs
 */
export type FactoryPack = z.output<typeof factoryPackSchema>;

/**
 * A pack as written.
 *
 * @since 0.10.0
 * @category Packs
 */
export type FactoryPackInput = z.input<typeof factoryPackSchema>;

/**
 * Everything the planner looks ids up in: the built-in catalogs plus the packs loaded into it. `hardware` holds
 * every accelerator, system, fabric and storage tier (built-in first); the other fields hold only what packs add,
 * because the packages search them together with their own data.
 *
 * @since 0.10.0
 * @category Packs
 */
export interface FactoryCatalog {
  /** Accelerators, systems, fabrics and storage tiers: the built-in ones and every pack's. */
  readonly hardware: HardwareCatalog;
  /** Architectures the packs add (`@aifactory/workloads` holds the built-in ones). */
  readonly architectures: readonly Architecture[];
  /** Grid regions the packs add (searched before the built-in ones). */
  readonly gridRegions: readonly GridRegion[];
  /** Prices the packs add (searched with the built-in ones). */
  readonly prices: {
    readonly purchasePrices: readonly PurchasePrice[];
    readonly cloudPrices: readonly CloudPrice[];
    readonly electricityPrices: readonly ElectricityPrice[];
  };
  /** Bills of materials the packs add. */
  readonly billsOfMaterials: readonly BillOfMaterials[];
  /** Embodied-carbon profiles the packs add. */
  readonly embodiedCarbonProfiles: readonly EmbodiedCarbonProfile[];
  /** The packs loaded, as `name@version`, in order. */
  readonly packs: readonly string[];
}

/**
 * The outcome of {@link validateFactoryPack}.
 *
 * @since 0.10.0
 * @category Packs
 */
export interface FactoryPackValidation {
  /** True when there are no problems. */
  valid: boolean;
  /** Every problem, each with its dotted path (`hardware.accelerators[0].memoryGB`), what was received and a hint. */
  problems: InputProblem[];
  /** Entries per contribution that parsed (accelerators, systems, fabrics, storage tiers, architectures, grid regions, prices, bills of materials, embodied-carbon profiles). */
  counts: {
    accelerators: number;
    systems: number;
    fabrics: number;
    storageTiers: number;
    architectures: number;
    gridRegions: number;
    purchasePrices: number;
    cloudPrices: number;
    electricityPrices: number;
    billsOfMaterials: number;
    embodiedCarbonProfiles: number;
  };
  /** The pack's `name@version`, where readable. */
  pack?: string;
}

const COUNTED: ReadonlyArray<keyof FactoryPackValidation["counts"]> = [
  "accelerators",
  "systems",
  "fabrics",
  "storageTiers",
  "architectures",
  "gridRegions",
  "purchasePrices",
  "cloudPrices",
  "electricityPrices",
  "billsOfMaterials",
  "embodiedCarbonProfiles",
];
const ROOT_KEYS = Object.keys(factoryPackSchema.shape);
const PRICE_KEYS = ["purchasePrices", "cloudPrices", "electricityPrices"] as const;

let builtIn: FactoryCatalog | undefined;

/**
 * The catalog without any pack: the built-in hardware, and nothing added to the other catalogs.
 *
 * @returns the built-in catalog (shared, do not mutate)
 * @example
 * ```ts
 * import { builtInFactoryCatalog } from "@aifactory/planner";
 * builtInFactoryCatalog().hardware.accelerators.some((a) => a.id === "nvidia-h100-sxm"); // true
 * ```
 * @since 0.10.0
 * @category Packs
 */
export function builtInFactoryCatalog(): FactoryCatalog {
  builtIn ??= Object.freeze({
    hardware: {
      accelerators: BUILT_IN_ACCELERATORS,
      systems: BUILT_IN_SYSTEMS,
      fabrics: BUILT_IN_FABRICS,
      storageTiers: BUILT_IN_STORAGE_TIERS,
    },
    architectures: [],
    gridRegions: [],
    prices: { purchasePrices: [], cloudPrices: [], electricityPrices: [] },
    billsOfMaterials: [],
    embodiedCarbonProfiles: [],
    packs: [],
  });
  return builtIn;
}

function zodProblems(error: z.ZodError, input: unknown, prefix: string): InputProblem[] {
  return InvalidInputError.fromZod("entry", error, input).problems.map((problem) => ({
    ...problem,
    path: problem.path === "" ? prefix : `${prefix}.${problem.path}`,
  }));
}

function unknownReference(path: string, kind: string, id: string, known: Iterable<string>): InputProblem {
  const near = closestMatches(id, [...known]);
  return {
    path,
    message: `unknown ${kind} "${id}"`,
    received: id,
    hint: near.length > 0 ? `did you mean "${near[0]}"?` : `add the ${kind} to the pack`,
  };
}

/** Validates one array section entry by entry: schema, duplicate ids within the pack, clashes with `existing`. */
function checkSection<T>(
  value: unknown,
  path: string,
  schema: z.ZodType<T>,
  idOf: (entry: unknown) => unknown,
  existing: ReadonlySet<string>,
  problems: InputProblem[],
): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ path, message: "must be an array", received: value });
    return [];
  }
  const seen = new Set<string>();
  const parsed: T[] = [];
  value.forEach((raw, index) => {
    const at = `${path}[${index}]`;
    const id = idOf(raw);
    if (typeof id === "string" && id !== "") {
      if (seen.has(id)) {
        problems.push({ path: `${at}.id`, message: `duplicate id "${id}" within the pack`, received: id });
      } else if (existing.has(id)) {
        problems.push({
          path: `${at}.id`,
          message: `id "${id}" is already in the catalog`,
          received: id,
          hint: "ids are global: prefix yours with your organisation, e.g. acme-x1",
        });
      }
      seen.add(id);
    }
    const result = schema.safeParse(raw);
    if (result.success) parsed.push(result.data);
    else problems.push(...zodProblems(result.error, raw, at));
  });
  return parsed;
}

const idField = (entry: unknown) => (entry as { id?: unknown } | null)?.id;

/**
 * Validates a pack (parsed JSON or YAML) and returns EVERY problem with its dotted path: the hardware checks of
 * `validateHardwarePack` (schema, invariants, id clashes, systems naming unknown accelerators), each architecture,
 * grid region, price and bill of materials against its package's schema, ids that clash with the built-in
 * catalogs or `against`, and prices or bills of materials naming an accelerator that neither the pack nor the
 * catalog has (with the nearest id).
 *
 * @param json - the parsed pack file
 * @param options - `against`: the catalog the pack extends (default: the built-in one)
 * @returns `{ valid, problems, counts, pack }`
 * @example
 * ```ts
 * import { validateFactoryPack } from "@aifactory/planner";
 * const result = validateFactoryPack({
 *   name: "pack", version: "1.0.0",
 *   prices: { cloudPrices: [{ id: "x", provider: "X", sku: "8x", acceleratorId: "nvidia-h100-sx", date: "2025-01-01",
 *     pricing: "on-demand", listUsdPerAcceleratorHour: 3, sources: [{ title: "X", evidence: "verified" }] }] },
 * });
 * result.problems.map((p) => `${p.path}: ${p.hint}`); // ['prices.cloudPrices[0].acceleratorId: did you mean "nvidia-h100-sxm"?']
 * ```
 * @since 0.10.0
 * @category Packs
 */
export function validateFactoryPack(json: unknown, options: { against?: FactoryCatalog } = {}): FactoryPackValidation {
  const counts = Object.fromEntries(COUNTED.map((key) => [key, 0])) as FactoryPackValidation["counts"];
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return { valid: false, counts, problems: [{ path: "", message: "a pack must be a JSON object", received: json }] };
  }
  const against = options.against ?? builtInFactoryCatalog();
  const root = json as Record<string, unknown>;
  const problems: InputProblem[] = [];
  for (const key of Object.keys(root)) {
    if (!ROOT_KEYS.includes(key)) {
      const near = closestMatches(key, ROOT_KEYS);
      problems.push({
        path: key,
        message: `unknown field "${key}"`,
        hint: near.length > 0 ? `did you mean "${near[0]}"?` : `a pack has only ${ROOT_KEYS.join(", ")}`,
      });
    }
  }
  // Identity and hardware: the hardware package's own validator, against the catalog so far.
  const hardwareResult = validateHardwarePack(
    {
      name: root.name,
      version: root.version,
      ...(root.description === undefined ? {} : { description: root.description }),
      hardware: root.hardware ?? {},
    },
    { against: against.hardware },
  );
  problems.push(...hardwareResult.problems);
  Object.assign(counts, hardwareResult.counts);
  const hardware = (root.hardware ?? {}) as { accelerators?: unknown };
  const packAcceleratorIds = Array.isArray(hardware.accelerators)
    ? hardware.accelerators.map(idField).filter((id): id is string => typeof id === "string")
    : [];
  const acceleratorIds = new Set([...against.hardware.accelerators.map((a) => a.id), ...packAcceleratorIds]);

  const architectures = checkSection(
    root.architectures,
    "architectures",
    architectureSchema,
    idField,
    new Set([...listArchitectures().map((a) => a.id), ...against.architectures.map((a) => a.id)]),
    problems,
  );
  counts.architectures = architectures.length;
  const gridRegions = checkSection(
    root.gridRegions,
    "gridRegions",
    gridRegionSchema,
    idField,
    new Set([...listGridRegions().map((r) => r.id), ...against.gridRegions.map((r) => r.id)]),
    problems,
  );
  counts.gridRegions = gridRegions.length;

  const prices = root.prices;
  if (prices !== undefined) {
    if (prices === null || typeof prices !== "object" || Array.isArray(prices)) {
      problems.push({
        path: "prices",
        message: "must be an object with purchasePrices, cloudPrices and/or electricityPrices arrays",
        received: prices,
      });
    } else {
      const section = prices as Record<string, unknown>;
      for (const key of Object.keys(section)) {
        if (!(PRICE_KEYS as readonly string[]).includes(key)) {
          const near = closestMatches(key, PRICE_KEYS);
          problems.push({
            path: `prices.${key}`,
            message: `unknown price list "${key}"`,
            hint: near.length > 0 ? `did you mean "${near[0]}"?` : `use ${PRICE_KEYS.join(", ")}`,
          });
        }
      }
      const purchase = checkSection(
        section.purchasePrices,
        "prices.purchasePrices",
        purchasePriceSchema,
        idField,
        new Set([...PURCHASE_PRICES, ...against.prices.purchasePrices].map((p) => p.id)),
        problems,
      );
      const cloud = checkSection(
        section.cloudPrices,
        "prices.cloudPrices",
        cloudPriceSchema,
        idField,
        new Set([...CLOUD_PRICES, ...against.prices.cloudPrices].map((p) => p.id)),
        problems,
      );
      // Electricity prices have no id: a region, sector and year.
      const electricity = checkSection(
        section.electricityPrices,
        "prices.electricityPrices",
        electricityPriceSchema,
        () => undefined,
        new Set(),
        problems,
      );
      counts.purchasePrices = purchase.length;
      counts.cloudPrices = cloud.length;
      counts.electricityPrices = electricity.length;
      for (const [key, list] of [
        ["purchasePrices", section.purchasePrices],
        ["cloudPrices", section.cloudPrices],
      ] as const) {
        if (!Array.isArray(list)) continue;
        list.forEach((entry, index) => {
          const id = (entry as { acceleratorId?: unknown } | null)?.acceleratorId;
          if (typeof id === "string" && !acceleratorIds.has(id)) {
            problems.push(unknownReference(`prices.${key}[${index}].acceleratorId`, "accelerator", id, acceleratorIds));
          }
        });
      }
    }
  }

  const billsOfMaterials = checkSection(
    root.billsOfMaterials,
    "billsOfMaterials",
    billOfMaterialsSchema,
    (entry) => (entry as { acceleratorId?: unknown } | null)?.acceleratorId,
    new Set([...listBillsOfMaterials(), ...against.billsOfMaterials].map((b) => b.acceleratorId)),
    problems,
  );
  counts.billsOfMaterials = billsOfMaterials.length;
  if (Array.isArray(root.billsOfMaterials)) {
    root.billsOfMaterials.forEach((entry, index) => {
      const id = (entry as { acceleratorId?: unknown } | null)?.acceleratorId;
      if (typeof id === "string" && !acceleratorIds.has(id)) {
        problems.push(unknownReference(`billsOfMaterials[${index}].acceleratorId`, "accelerator", id, acceleratorIds));
      }
    });
  }
  const profiles = checkSection(
    root.embodiedCarbonProfiles,
    "embodiedCarbonProfiles",
    embodiedCarbonProfileSchema,
    (entry) => (entry as { acceleratorId?: unknown } | null)?.acceleratorId,
    new Set([...listEmbodiedCarbonProfiles(), ...against.embodiedCarbonProfiles].map((p) => p.acceleratorId)),
    problems,
  );
  counts.embodiedCarbonProfiles = profiles.length;
  if (Array.isArray(root.embodiedCarbonProfiles)) {
    root.embodiedCarbonProfiles.forEach((entry, index) => {
      const id = (entry as { acceleratorId?: unknown } | null)?.acceleratorId;
      if (typeof id === "string" && !acceleratorIds.has(id)) {
        problems.push(
          unknownReference(`embodiedCarbonProfiles[${index}].acceleratorId`, "accelerator", id, acceleratorIds),
        );
      }
    });
  }
  return {
    valid: problems.length === 0,
    problems,
    counts,
    ...(hardwareResult.pack === undefined ? {} : { pack: hardwareResult.pack }),
  };
}

/**
 * Validates a pack and throws when it has problems; returns it parsed (defaults applied) otherwise.
 *
 * @param json - the parsed pack file
 * @param options - `against`: the catalog the pack extends (default: built-in); `label`: what to call the pack in
 *   errors, e.g. its file name (default: `pack name@version`)
 * @returns the pack
 * @throws InvalidInputError listing every problem with its dotted path
 * @example
 * ```ts
 * import { parseFactoryPack } from "@aifactory/planner";
 * parseFactoryPack({ name: "aifactory-pack-acme", version: "1.0.0" }).name; // "aifactory-pack-acme"
 * ```
 * @since 0.10.0
 * @category Packs
 */
export function parseFactoryPack(
  json: unknown,
  options: { against?: FactoryCatalog; label?: string } = {},
): FactoryPack {
  const result = validateFactoryPack(json, options);
  if (!result.valid) {
    throw new InvalidInputError(options.label ?? `pack${result.pack ? ` ${result.pack}` : ""}`, result.problems);
  }
  return factoryPackSchema.parse(json);
}

/**
 * Loads packs, in order, into a catalog: each is validated against the catalog built so far (so a later pack may
 * use an earlier pack's accelerators, and no two packs may claim the same id).
 *
 * @param packs - parsed pack files (JSON or YAML data), or packs already parsed
 * @param options - `base`: the catalog to extend (default: the built-in one); `labels`: what to call each pack in
 *   errors (e.g. its file name), by index
 * @returns the catalog with the packs' entries
 * @throws InvalidInputError naming the pack (its label) and every problem's dotted path
 * @example
 * ```ts
 * import { createFactoryCatalog } from "@aifactory/planner";
 * import { defaultPurchasePrice } from "@aifactory/economics";
 * import { getAccelerator } from "@aifactory/hardware";
 * const catalog = createFactoryCatalog([{
 *   name: "aifactory-pack-acme", version: "1.0.0",
 *   hardware: { accelerators: [{ ...getAccelerator("nvidia-h100-sxm"), id: "acme-x1", name: "ACME X1", vendor: "acme" }] },
 *   prices: { purchasePrices: [{ ...defaultPurchasePrice("nvidia-h100-sxm"), id: "acme-x1-2025", acceleratorId: "acme-x1" }] },
 * }]);
 * catalog.packs; // ["aifactory-pack-acme@1.0.0"]
 * ```
 * @since 0.10.0
 * @category Packs
 */
export function createFactoryCatalog(
  packs: readonly unknown[],
  options: { base?: FactoryCatalog; labels?: readonly string[] } = {},
): FactoryCatalog {
  let catalog = options.base ?? builtInFactoryCatalog();
  packs.forEach((json, index) => {
    const label = options.labels?.[index];
    const pack = parseFactoryPack(json, { against: catalog, ...(label === undefined ? {} : { label }) });
    catalog = extendCatalog(catalog, pack);
  });
  return catalog;
}

function extendCatalog(catalog: FactoryCatalog, pack: FactoryPack): FactoryCatalog {
  const hardware = pack.hardware ?? {};
  return {
    hardware: {
      accelerators: [...catalog.hardware.accelerators, ...(hardware.accelerators ?? [])],
      systems: [...catalog.hardware.systems, ...(hardware.systems ?? [])],
      fabrics: [...catalog.hardware.fabrics, ...(hardware.fabrics ?? [])],
      storageTiers: [...catalog.hardware.storageTiers, ...(hardware.storageTiers ?? [])],
    },
    architectures: [...catalog.architectures, ...(pack.architectures ?? [])],
    gridRegions: [...catalog.gridRegions, ...(pack.gridRegions ?? [])],
    prices: {
      purchasePrices: [...catalog.prices.purchasePrices, ...(pack.prices?.purchasePrices ?? [])],
      cloudPrices: [...catalog.prices.cloudPrices, ...(pack.prices?.cloudPrices ?? [])],
      electricityPrices: [...catalog.prices.electricityPrices, ...(pack.prices?.electricityPrices ?? [])],
    },
    billsOfMaterials: [...catalog.billsOfMaterials, ...(pack.billsOfMaterials ?? [])],
    embodiedCarbonProfiles: [...catalog.embodiedCarbonProfiles, ...(pack.embodiedCarbonProfiles ?? [])],
    packs: [...catalog.packs, `${pack.name}@${pack.version}`],
  };
}

/**
 * An id a scenario field names that the catalog in use does not hold: a {@link NotFoundError} whose message names
 * the field (`hardware.accelerator: unknown accelerator "nvidia-h100-sx"`) and whose hint names the nearest ids.
 */
function unknownIdError(field: string, kind: string, id: string, known: Iterable<string>): NotFoundError {
  const error = new NotFoundError(kind, id, known);
  error.message = `${field}: ${error.message}`;
  (error.details as Record<string, unknown>).field = field;
  return error;
}

/**
 * Looks an accelerator up in a catalog; the error names the field that gave the id.
 *
 * @param catalog - the catalog in use
 * @param id - the accelerator id
 * @param field - the input field that named it, for the error (default `accelerator`)
 * @returns the accelerator
 * @throws NotFoundError naming the field and the nearest ids
 * @example
 * ```ts
 * import { builtInFactoryCatalog, catalogAccelerator } from "@aifactory/planner";
 * catalogAccelerator(builtInFactoryCatalog(), "nvidia-h100-sxm").tdpWatts; // 700
 * ```
 * @since 0.10.0
 * @category Packs
 */
export function catalogAccelerator(catalog: FactoryCatalog, id: string, field = "accelerator"): Accelerator {
  const found = catalog.hardware.accelerators.find((entry) => entry.id === id);
  if (found === undefined) {
    throw unknownIdError(
      field,
      "accelerator",
      id,
      catalog.hardware.accelerators.map((entry) => entry.id),
    );
  }
  return found;
}

/**
 * What to hand `@aifactory/workloads` for an accelerator id: the id itself for a built-in accelerator, the
 * catalog entry for one a pack adds (the workload models take either).
 *
 * @param catalog - the catalog in use
 * @param id - the accelerator id
 * @param field - the input field that named it, for the error
 * @returns the id or the entry
 * @throws NotFoundError naming the field and the nearest ids
 * @example
 * ```ts
 * import { acceleratorForWorkloads, builtInFactoryCatalog } from "@aifactory/planner";
 * acceleratorForWorkloads(builtInFactoryCatalog(), "nvidia-h100-sxm"); // "nvidia-h100-sxm"
 * ```
 * @since 0.10.0
 * @category Packs
 */
export function acceleratorForWorkloads(
  catalog: FactoryCatalog,
  id: string,
  field = "accelerator",
): string | Accelerator {
  const entry = catalogAccelerator(catalog, id, field);
  // Built-in ids stay ids (packs cannot reuse them), so the workload models' per-id data and memos apply as before.
  return BUILT_IN_ACCELERATORS.some((builtIn) => builtIn.id === id) ? id : entry;
}

/**
 * What to hand `@aifactory/workloads` for a model: a pack's architecture object when the id is one a pack adds,
 * otherwise the value as given (a built-in id, or an architecture object).
 *
 * @param catalog - the catalog in use
 * @param model - an architecture id or object
 * @param field - the input field that named it, for the error (default `model`)
 * @returns the id or the architecture
 * @throws NotFoundError naming the field and the nearest ids, for an id neither the packs nor the built-in catalog has
 * @example
 * ```ts
 * import { architectureForWorkloads, builtInFactoryCatalog } from "@aifactory/planner";
 * architectureForWorkloads(builtInFactoryCatalog(), "llama-3.1-8b"); // "llama-3.1-8b"
 * ```
 * @since 0.10.0
 * @category Packs
 */
export function architectureForWorkloads(
  catalog: FactoryCatalog,
  model: string | ArchitectureInput | Record<string, unknown>,
  field = "model",
): string | ArchitectureInput {
  if (typeof model !== "string") return model as ArchitectureInput;
  const fromPack = catalog.architectures.find((entry) => entry.id === model);
  if (fromPack !== undefined) return fromPack;
  try {
    // One lookup validates one built-in entry (not the whole catalog).
    getArchitecture(model);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const known = [...listArchitectures().map((entry) => entry.id), ...catalog.architectures.map((a) => a.id)];
    throw unknownIdError(field, "architecture", model, known);
  }
  return model;
}

/**
 * Checks that a grid region id is in the catalog in use (built-in or a pack's).
 *
 * @param catalog - the catalog in use
 * @param id - the region id
 * @param field - the input field that named it (default `region`)
 * @throws NotFoundError naming the field and the nearest ids
 * @example
 * ```ts
 * import { builtInFactoryCatalog, checkGridRegion } from "@aifactory/planner";
 * checkGridRegion(builtInFactoryCatalog(), "fr");
 * ```
 * @since 0.10.0
 * @category Packs
 */
export function checkGridRegion(catalog: FactoryCatalog, id: string, field = "region"): void {
  if (catalog.gridRegions.some((region) => region.id === id)) return;
  const builtInIds = listGridRegions().map((region) => region.id);
  if (!builtInIds.includes(id)) {
    throw unknownIdError(field, "grid region", id, [...catalog.gridRegions.map((r) => r.id), ...builtInIds]);
  }
}

/** Catalogs built for scenarios' inline packs, by base catalog and the packs' JSON (plans of one scenario share it). */
const scenarioCatalogs = new WeakMap<FactoryCatalog, Map<string, FactoryCatalog>>();
const SCENARIO_CATALOGS_PER_BASE = 16;

/**
 * The catalog a scenario plans with: `base` (default built-in) plus the scenario's inline packs. A pack given as a
 * file path must have been read first (`inlineScenarioPacks`, or `aif plan`, which reads it relative to the file).
 *
 * @internal
 */
export function catalogForScenario(
  packs: readonly (string | Record<string, unknown>)[] | undefined,
  base: FactoryCatalog = builtInFactoryCatalog(),
): FactoryCatalog {
  if (packs === undefined || packs.length === 0) return base;
  const problems: InputProblem[] = [];
  packs.forEach((pack, index) => {
    if (typeof pack === "string") {
      problems.push({
        path: `packs[${index}]`,
        message: `the pack file "${pack}" has not been read`,
        received: pack,
        hint: "plan the scenario file with `aif plan`, or read the packs first with inlineScenarioPacks(scenario, readPack)",
      });
    }
  });
  if (problems.length > 0) throw new InvalidInputError("scenario", problems);
  const key = JSON.stringify(packs);
  let memo = scenarioCatalogs.get(base);
  if (memo === undefined) {
    memo = new Map();
    scenarioCatalogs.set(base, memo);
  }
  let catalog = memo.get(key);
  if (catalog === undefined) {
    catalog = base;
    for (const [index, pack] of packs.entries()) {
      const result = validateFactoryPack(pack, { against: catalog });
      if (!result.valid) {
        // Paths from the scenario's root, so that an editor can show each problem at its field.
        throw new InvalidInputError(
          `scenario (pack packs[${index}]${result.pack ? ` ${result.pack}` : ""})`,
          result.problems.map((problem) => ({
            ...problem,
            path: problem.path === "" ? `packs[${index}]` : `packs[${index}].${problem.path}`,
          })),
        );
      }
      catalog = extendCatalog(catalog, factoryPackSchema.parse(pack));
    }
    if (memo.size >= SCENARIO_CATALOGS_PER_BASE) memo.delete(memo.keys().next().value as string);
    memo.set(key, catalog);
  }
  return catalog;
}
