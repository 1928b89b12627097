// What the page shows of the hardware catalog, computed in the planner worker (which has the catalog and zod
// already): the page's main thread loads neither. Each function returns plain, structured-cloneable data.
import {
  type AcceleratorComparison,
  compareAccelerators,
  DTYPES,
  type Dtype,
  getAccelerator,
  getSystem,
  listAccelerators,
  type Roofline,
  roofline,
} from "@aifactory/hardware";

/** A catalog entry's source, as the assumptions panel lists it. */
export interface SourceView {
  title: string;
  url?: string;
  publisher?: string;
  date?: string;
  locator?: string;
  evidence: string;
  note?: string;
}

/** The roofline the page draws for a plan: the accelerator's roof in the workload's format (or the next one). */
export type RooflineView =
  | {
      ok: true;
      roofline: Roofline;
      /** Why the workload's own format has no roof (the roof drawn is that of the nearest wider format), if so. */
      firstError: string;
    }
  | { ok: false; message: string };

function isDtype(value: unknown): value is Dtype {
  return typeof value === "string" && (DTYPES as readonly string[]).includes(value);
}

/**
 * The accelerator's roofline (`roofline`, 40 points) in the workload's format. Where the accelerator publishes no
 * peak in that format (e.g. FP4 on H100), the roof of the nearest wider format it does publish (as the planner
 * prices such GEMMs), with the reason.
 *
 * @param acceleratorId - the plan's accelerator
 * @param precision - the workload's format (`precision` or `weights`); not a format: bf16
 * @returns the roofline, or why there is none
 */
export function rooflineView(acceleratorId: string, precision: unknown): RooflineView {
  const wanted: Dtype = isDtype(precision) ? precision : "bf16";
  const index = DTYPES.indexOf(wanted);
  const bf16 = DTYPES.indexOf("bf16");
  const attempts: Dtype[] = index > bf16 ? DTYPES.slice(bf16, index + 1).reverse() : [wanted];
  let message = "";
  for (const dtype of attempts) {
    try {
      return { ok: true, roofline: roofline(acceleratorId, dtype, { pointCount: 40 }), firstError: message };
    } catch (error) {
      message ||= (error as Error).message;
    }
  }
  return { ok: false, message };
}

/** The hardware comparison table: every catalog accelerator in one format, the scenario's first. */
export interface ComparisonView {
  /** The formats a comparison can be made in (`DTYPES`). */
  dtypes: Dtype[];
  comparison: AcceleratorComparison;
}

/**
 * The catalog side by side (`compareAccelerators`) in one format, relative to the scenario's accelerator (listed
 * first when it is in the catalog).
 *
 * @param currentId - the scenario's accelerator
 * @param dtype - the format; not a format: bf16
 * @returns the formats and the comparison
 */
export function comparisonView(currentId: string, dtype: string): ComparisonView {
  const ids = listAccelerators().map((entry) => entry.id);
  const ordered = ids.includes(currentId) ? [currentId, ...ids.filter((id) => id !== currentId)] : ids;
  return { dtypes: [...DTYPES], comparison: compareAccelerators(ordered, { dtype: isDtype(dtype) ? dtype : "bf16" }) };
}

/** The sources of the plan's hardware, as the assumptions panel lists them. */
export interface HardwareSourcesView {
  accelerator?: { name: string; sources: SourceView[]; notes?: string[] };
  system?: { name: string; sources: SourceView[] };
}

function lookup<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/**
 * The catalog sources of an accelerator and a system (an id the catalog lacks is left out).
 *
 * @param acceleratorId - the plan's accelerator
 * @param systemId - the plan's system, if any
 * @returns names, sources and notes
 */
export function hardwareSourcesView(acceleratorId: string, systemId?: string): HardwareSourcesView {
  const accelerator = lookup(() => getAccelerator(acceleratorId as Parameters<typeof getAccelerator>[0]));
  const system = systemId ? lookup(() => getSystem(systemId as Parameters<typeof getSystem>[0])) : undefined;
  return {
    ...(accelerator
      ? {
          accelerator: {
            name: accelerator.name,
            sources: accelerator.sources as SourceView[],
            ...(accelerator.notes ? { notes: accelerator.notes } : {}),
          },
        }
      : {}),
    ...(system ? { system: { name: system.name, sources: system.sources as SourceView[] } } : {}),
  };
}

/** The built-in catalog's accelerator notes by id (the JSON file the build emits: see vite.config.ts). */
export type BuiltinAcceleratorNotes = Record<string, { name: string; notes: string[] }>;

/**
 * The view with the built-in catalog's notes of its accelerator. The worker's bundle drops the catalogs' `notes`
 * (src/build/strip-catalog-text.ts): the accelerators' notes, which the assumptions panel lists, come from a JSON
 * file fetched when the panel asks. An accelerator that has notes of its own (a pack's) or that is not the
 * built-in entry of its id (another name) keeps what it has.
 *
 * @param view - `hardwareSourcesView`'s result
 * @param acceleratorId - the accelerator it looked up
 * @param builtin - the built-in notes
 * @returns the view, with the notes where the catalog has some
 */
export function withBuiltinNotes(
  view: HardwareSourcesView,
  acceleratorId: string,
  builtin: BuiltinAcceleratorNotes,
): HardwareSourcesView {
  const entry = Object.hasOwn(builtin, acceleratorId) ? builtin[acceleratorId] : undefined;
  if (!view.accelerator || view.accelerator.notes || !entry || entry.name !== view.accelerator.name) return view;
  return { ...view, accelerator: { ...view.accelerator, notes: entry.notes } };
}
