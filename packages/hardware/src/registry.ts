import {
  createRegistry,
  defineExtensionKind,
  definePlugin,
  type InputProblem,
  InvalidInputError,
  type Plugin,
  type Registry,
} from "@aifactory/core";
import { type Accelerator, acceleratorSchema } from "./accelerator";
import type { AcceleratorCatalog } from "./catalog";
import { BUILT_IN_ACCELERATORS } from "./data/accelerators";
import { BUILT_IN_FABRICS } from "./data/fabrics";
import { BUILT_IN_STORAGE_TIERS } from "./data/storage-tiers";
import { BUILT_IN_SYSTEMS } from "./data/systems";
import { type Fabric, fabricSchema } from "./fabric";
import { type StorageTier, storageTierSchema } from "./storage-tier";
import { type System, systemSchema } from "./system";

/**
 * Extension kind `hardware.accelerators`: plugins contribute accelerators as
 * `definePlugin({ hardware: { accelerators: [...] } })`.
 *
 * @example
 * ```ts
 * import { acceleratorKind } from "@aifactory/hardware";
 * acceleratorKind.key; // "hardware.accelerators"
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const acceleratorKind = defineExtensionKind({
  key: "hardware.accelerators",
  label: "accelerator",
  schema: acceleratorSchema,
});

/**
 * Extension kind `hardware.systems`.
 *
 * @example
 * ```ts
 * import { systemKind } from "@aifactory/hardware";
 * systemKind.key; // "hardware.systems"
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const systemKind = defineExtensionKind({ key: "hardware.systems", label: "system", schema: systemSchema });

/**
 * Extension kind `hardware.fabrics`.
 *
 * @example
 * ```ts
 * import { fabricKind } from "@aifactory/hardware";
 * fabricKind.key; // "hardware.fabrics"
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const fabricKind = defineExtensionKind({ key: "hardware.fabrics", label: "fabric", schema: fabricSchema });

/**
 * Extension kind `hardware.storageTiers`.
 *
 * @example
 * ```ts
 * import { storageTierKind } from "@aifactory/hardware";
 * storageTierKind.key; // "hardware.storageTiers"
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const storageTierKind = defineExtensionKind({
  key: "hardware.storageTiers",
  label: "storage tier",
  schema: storageTierSchema,
});

/**
 * Every hardware extension kind, for `createRegistry({ kinds: [...HARDWARE_EXTENSION_KINDS, ...] })` when a
 * registry also holds other packages' kinds.
 *
 * @example
 * ```ts
 * import { HARDWARE_EXTENSION_KINDS } from "@aifactory/hardware";
 * HARDWARE_EXTENSION_KINDS.map((kind) => kind.key);
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const HARDWARE_EXTENSION_KINDS = [acceleratorKind, systemKind, fabricKind, storageTierKind] as const;

/**
 * A registry holding hardware contributions.
 *
 * @since 0.1.0
 * @category Plugins
 */
export type HardwareRegistry = Registry<typeof HARDWARE_EXTENSION_KINDS>;

/**
 * The built-in catalog as a plugin: `@aifactory/hardware` registers its own data like any hardware pack.
 *
 * @example
 * ```ts
 * import { builtInHardwarePlugin } from "@aifactory/hardware";
 * builtInHardwarePlugin.name; // "@aifactory/hardware"
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const builtInHardwarePlugin = definePlugin({
  name: "@aifactory/hardware",
  version: "0.1.0",
  description: "The built-in accelerators, systems, fabrics and storage tiers of @aifactory/hardware.",
  hardware: {
    accelerators: BUILT_IN_ACCELERATORS,
    systems: BUILT_IN_SYSTEMS,
    fabrics: BUILT_IN_FABRICS,
    storageTiers: BUILT_IN_STORAGE_TIERS,
  },
});

/**
 * Everything a hardware registry holds, as plain arrays that the query functions accept.
 *
 * @since 0.1.0
 * @category Plugins
 */
export interface HardwareCatalog extends AcceleratorCatalog {
  /** Fabrics. */
  readonly fabrics: readonly Fabric[];
  /** Storage tiers. */
  readonly storageTiers: readonly StorageTier[];
}

/**
 * Problems with references between entries: a system whose accelerator is not in the registry.
 *
 * @param registry - a hardware registry
 * @returns one problem per dangling reference (empty when all resolve)
 * @example
 * ```ts
 * import { createHardwareRegistry, hardwareReferenceProblems } from "@aifactory/hardware";
 * hardwareReferenceProblems(createHardwareRegistry()); // []
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function hardwareReferenceProblems(registry: HardwareRegistry): InputProblem[] {
  const accelerators = new Set(registry.ids("hardware.accelerators"));
  const problems: InputProblem[] = [];
  for (const system of registry.list("hardware.systems") as System[]) {
    if (!accelerators.has(system.acceleratorId)) {
      problems.push({
        path: `hardware.systems(${system.id}).acceleratorId`,
        message: `system "${system.id}" (from ${registry.originOf("hardware.systems", system.id)}) names an accelerator that is not registered`,
        received: system.acceleratorId,
        hint: "add the accelerator to the same pack or register the pack that defines it first",
      });
    }
  }
  return problems;
}

/**
 * Creates a registry with the hardware extension kinds, the built-in catalog (unless `builtIn: false`) and the
 * given hardware packs, in order. Registration is explicit: nothing is added on import.
 *
 * @param options - `builtIn` (default `true`): register the built-in catalog first; `plugins`: hardware packs
 * @returns the registry
 * @throws InvalidInputError when an entry is invalid or a system names an unknown accelerator; ConflictError on duplicate ids
 * @example
 * ```ts
 * import { createHardwareRegistry, definePlugin } from "@aifactory/hardware";
 * const registry = createHardwareRegistry();
 * registry.get("hardware.accelerators", "nvidia-h100-sxm").memoryGB; // 80
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function createHardwareRegistry(
  options: { builtIn?: boolean; plugins?: readonly Plugin[] } = {},
): HardwareRegistry {
  const registry = createRegistry({ kinds: HARDWARE_EXTENSION_KINDS });
  if (options.builtIn ?? true) registry.use(builtInHardwarePlugin);
  for (const plugin of options.plugins ?? []) registry.use(plugin);
  const problems = hardwareReferenceProblems(registry);
  if (problems.length > 0) throw new InvalidInputError("hardware registry", problems);
  return registry;
}

/**
 * Reads a registry's entries into a {@link HardwareCatalog} that `getAccelerator`, `listAccelerators`,
 * `defineCluster` and the other queries accept as their `catalog` argument.
 *
 * @param registry - a hardware registry
 * @returns plain arrays in registration order
 * @example
 * ```ts
 * import { catalogFromRegistry, createHardwareRegistry, listAccelerators } from "@aifactory/hardware";
 * const catalog = catalogFromRegistry(createHardwareRegistry());
 * listAccelerators({ vendor: "google" }, catalog).length; // 5
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function catalogFromRegistry(registry: HardwareRegistry): HardwareCatalog {
  return {
    accelerators: registry.list("hardware.accelerators") as Accelerator[],
    systems: registry.list("hardware.systems") as System[],
    fabrics: registry.list("hardware.fabrics") as Fabric[],
    storageTiers: registry.list("hardware.storageTiers") as StorageTier[],
  };
}

/**
 * Re-export of core's `definePlugin`, so a hardware pack can be written with one import.
 *
 * @example
 * ```ts
 * import { definePlugin } from "@aifactory/hardware";
 * definePlugin({ name: "aifactory-pack-acme", version: "1.0.0", hardware: { accelerators: [] } });
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export { definePlugin };
