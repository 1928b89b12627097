import { closestMatches, type InputProblem, InvalidInputError, pluginIdentitySchema } from "@aifactory/core";
import { z } from "zod";
import { type Accelerator, acceleratorSchema } from "./accelerator";
import { fabricSchema } from "./fabric";
import { acceleratorInvariantProblems } from "./invariants";
import { catalogFromRegistry, createHardwareRegistry, type HardwareCatalog } from "./registry";
import { storageTierSchema } from "./storage-tier";
import { systemSchema } from "./system";

/**
 * The file format of a hardware pack: a plugin identity plus `hardware: { accelerators, systems, fabrics,
 * storageTiers }`. Published as `schemas/hardware-pack.schema.json` so a contributor can validate a pack in
 * any editor; `$schema` may point at that file.
 *
 * @example
 * ```ts
 * import { hardwarePackSchema } from "@aifactory/hardware";
 * hardwarePackSchema.safeParse({ name: "aifactory-pack-acme", version: "1.0.0", hardware: {} }).success; // true
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const hardwarePackSchema = pluginIdentitySchema
  .extend({
    /** The JSON Schema this file follows (ignored). */
    $schema: z.string().optional(),
    /** The contributions. */
    hardware: z
      .object({
        accelerators: z.array(acceleratorSchema).optional(),
        systems: z.array(systemSchema).optional(),
        fabrics: z.array(fabricSchema).optional(),
        storageTiers: z.array(storageTierSchema).optional(),
      })
      .strict(),
  })
  .strict();

/**
 * A hardware pack file.
 *
 * @since 0.1.0
 * @category Plugins
 */
export type HardwarePack = z.infer<typeof hardwarePackSchema>;

/**
 * The outcome of {@link validateHardwarePack}.
 *
 * @since 0.1.0
 * @category Plugins
 */
export interface HardwarePackValidation {
  /** True when there are no problems (warnings allowed). */
  valid: boolean;
  /** Every problem, each with its dotted path, what was received and a hint. */
  problems: InputProblem[];
  /** Entries per contribution key that parsed. */
  counts: { accelerators: number; systems: number; fabrics: number; storageTiers: number };
  /** The pack's `name@version`, where readable. */
  pack?: string;
}

const SECTIONS = ["accelerators", "systems", "fabrics", "storageTiers"] as const;
const SCHEMAS = {
  accelerators: acceleratorSchema,
  systems: systemSchema,
  fabrics: fabricSchema,
  storageTiers: storageTierSchema,
} as const;
const ROOT_KEYS = ["$schema", "name", "version", "description", "hardware"];
/** Fields of the planner's full pack format, which also carries what other packages read. */
const PLANNER_PACK_KEYS = ["architectures", "gridRegions", "prices", "billsOfMaterials", "embodiedCarbonProfiles"];

function zodProblems(error: z.ZodError, input: unknown, prefix: string): InputProblem[] {
  return InvalidInputError.fromZod("entry", error, input).problems.map((problem) => ({
    ...problem,
    path: problem.path === "" ? prefix : `${prefix}.${problem.path}`,
  }));
}

/**
 * Validates a contributed hardware pack (parsed JSON) and returns EVERY problem, not just the first: malformed
 * identity, unknown keys, schema violations with their paths, duplicate ids, ids that clash with the built-in
 * catalog (or `against`), systems naming unknown accelerators, and accelerator figures that break the
 * catalog's invariants (sparse = 2 x dense, narrower formats never slower, plausible ranges).
 *
 * @param json - the parsed pack file
 * @param options - `against`: the catalog ids must not clash with and references may resolve to (default: built-in)
 * @returns `{ valid, problems, counts, pack }`
 * @example
 * ```ts
 * import { validateHardwarePack } from "@aifactory/hardware";
 * const result = validateHardwarePack({ name: "pack", version: "1.0.0", hardware: { accelerators: [{ id: "X" }] } });
 * result.valid; // false
 * result.problems.map((p) => p.path); // ["hardware.accelerators[0].id", "hardware.accelerators[0].name", ...]
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function validateHardwarePack(
  json: unknown,
  options: { against?: HardwareCatalog } = {},
): HardwarePackValidation {
  const problems: InputProblem[] = [];
  const counts = { accelerators: 0, systems: 0, fabrics: 0, storageTiers: 0 };
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return {
      valid: false,
      counts,
      problems: [{ path: "", message: "a hardware pack must be a JSON object", received: json }],
    };
  }
  const root = json as Record<string, unknown>;
  const identity = pluginIdentitySchema.safeParse({
    name: root.name,
    version: root.version,
    description: root.description,
  });
  if (!identity.success)
    problems.push(...zodProblems(identity.error, root, "").map((p) => ({ ...p, path: p.path.replace(/^\./, "") })));
  for (const key of Object.keys(root)) {
    if (!ROOT_KEYS.includes(key)) {
      const near = closestMatches(key, ROOT_KEYS);
      problems.push({
        path: key,
        message: `unknown field "${key}"`,
        hint: PLANNER_PACK_KEYS.includes(key)
          ? `"${key}" belongs to a full pack: validate it with validateFactoryPack from @aifactory/planner (or aif hw validate)`
          : near.length > 0
            ? `did you mean "${near[0]}"?`
            : `a pack has only ${ROOT_KEYS.join(", ")}`,
      });
    }
  }
  const hardware = root.hardware;
  if (hardware === null || typeof hardware !== "object" || Array.isArray(hardware)) {
    problems.push({
      path: "hardware",
      message: "must be an object with accelerators, systems, fabrics and/or storageTiers arrays",
      received: hardware,
    });
    return {
      valid: false,
      problems,
      counts,
      ...(identity.success ? { pack: `${identity.data.name}@${identity.data.version}` } : {}),
    };
  }
  const sections = hardware as Record<string, unknown>;
  for (const key of Object.keys(sections)) {
    if (!(SECTIONS as readonly string[]).includes(key)) {
      const near = closestMatches(key, SECTIONS);
      problems.push({
        path: `hardware.${key}`,
        message: `unknown contribution "${key}"`,
        hint: near.length > 0 ? `did you mean "${near[0]}"?` : `use ${SECTIONS.join(", ")}`,
      });
    }
  }
  const against = options.against ?? catalogFromRegistry(createHardwareRegistry());
  const existing: Record<(typeof SECTIONS)[number], Set<string>> = {
    accelerators: new Set(against.accelerators.map((e) => e.id)),
    systems: new Set(against.systems.map((e) => e.id)),
    fabrics: new Set(against.fabrics.map((e) => e.id)),
    storageTiers: new Set(against.storageTiers.map((e) => e.id)),
  };
  const packIds: Record<(typeof SECTIONS)[number], Set<string>> = {
    accelerators: new Set(),
    systems: new Set(),
    fabrics: new Set(),
    storageTiers: new Set(),
  };
  const parsedSystems: Array<{ index: number; acceleratorId: string }> = [];
  for (const section of SECTIONS) {
    const value = sections[section];
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      problems.push({ path: `hardware.${section}`, message: "must be an array", received: value });
      continue;
    }
    value.forEach((raw, index) => {
      const path = `hardware.${section}[${index}]`;
      const result = SCHEMAS[section].safeParse(raw);
      const rawId = (raw as { id?: unknown } | null)?.id;
      if (typeof rawId === "string") {
        if (packIds[section].has(rawId)) {
          problems.push({ path: `${path}.id`, message: `duplicate id "${rawId}" within the pack`, received: rawId });
        } else if (existing[section].has(rawId)) {
          problems.push({
            path: `${path}.id`,
            message: `id "${rawId}" is already in the catalog`,
            received: rawId,
            hint: "ids are global: prefix yours with your organisation, e.g. acme-x1",
          });
        }
        packIds[section].add(rawId);
      }
      if (!result.success) {
        problems.push(...zodProblems(result.error, raw, path));
        return;
      }
      counts[section] += 1;
      if (section === "accelerators") {
        for (const problem of acceleratorInvariantProblems(result.data as Accelerator)) {
          problems.push({ ...problem, path: `${path}.${problem.path}` });
        }
      }
      if (section === "systems") {
        parsedSystems.push({ index, acceleratorId: (result.data as { acceleratorId: string }).acceleratorId });
      }
    });
  }
  for (const { index, acceleratorId } of parsedSystems) {
    if (!packIds.accelerators.has(acceleratorId) && !existing.accelerators.has(acceleratorId)) {
      const near = closestMatches(acceleratorId, [...packIds.accelerators, ...existing.accelerators]);
      problems.push({
        path: `hardware.systems[${index}].acceleratorId`,
        message: `unknown accelerator "${acceleratorId}"`,
        received: acceleratorId,
        hint: near.length > 0 ? `did you mean "${near[0]}"?` : "add the accelerator to the pack",
      });
    }
  }
  return {
    valid: problems.length === 0,
    problems,
    counts,
    ...(identity.success ? { pack: `${identity.data.name}@${identity.data.version}` } : {}),
  };
}

/**
 * Validates a hardware pack and throws when it has problems; returns the typed pack otherwise, without its
 * `$schema` field, ready for `definePlugin` and `createHardwareRegistry({ plugins: [...] })`.
 *
 * @param json - the parsed pack file
 * @param options - see {@link validateHardwarePack}
 * @returns the pack, typed
 * @throws InvalidInputError listing every problem (id clashes included)
 * @example
 * ```ts
 * import { parseHardwarePack } from "@aifactory/hardware";
 * const pack = parseHardwarePack({ name: "aifactory-pack-acme", version: "1.0.0", hardware: {} });
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function parseHardwarePack(
  json: unknown,
  options: { against?: HardwareCatalog } = {},
): Omit<HardwarePack, "$schema"> {
  const result = validateHardwarePack(json, options);
  if (!result.valid)
    throw new InvalidInputError(`hardware pack${result.pack ? ` ${result.pack}` : ""}`, result.problems);
  // `$schema` is editor metadata, not a contribution: drop it so the pack can be registered as a plugin.
  const { $schema: _schema, ...pack } = hardwarePackSchema.parse(json);
  return pack;
}
