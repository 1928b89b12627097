import type { Accelerator } from "@aifactory/hardware";
import { acceleratorForWorkloads, catalogAccelerator, type FactoryCatalog } from "./pack";
import type { Scenario } from "./scenario";

/**
 * What to hand `@aifactory/workloads` for the scenario's accelerator: as {@link acceleratorForWorkloads} does (a
 * built-in id stays an id), except that a scenario with `hardware.scaleOutFabric` gets the accelerator's figures
 * with that fabric attached, so that all-to-all traffic leaving a leaf group is priced at the leaf uplinks (see
 * `allToAllFabricFactor` in `@aifactory/workloads` and `scaleOutFabricProfile` in `@aifactory/hardware`).
 *
 * @param catalog - the catalog in use
 * @param scenario - a parsed scenario
 * @returns the id, or the accelerator object (with `scaleOutFabric` when the scenario gives one)
 * @throws NotFoundError naming `hardware.accelerator` for an id the catalog does not have
 * @example
 * ```ts
 * import { builtInFactoryCatalog, scenarioAcceleratorForWorkloads, scenarioSchema } from "@aifactory/planner";
 * const scenario = scenarioSchema.parse({ id: "x", name: "x",
 *   workload: { kind: "pretraining", model: "llama-3.1-8b", tokens: 1e12, globalBatchSequences: 512, sequenceTokens: 8192 },
 *   hardware: { accelerator: "nvidia-h100-sxm", count: 512,
 *     scaleOutFabric: { leafGroupAccelerators: 256, leafOversubscriptionRatio: 2 } } });
 * const spec = scenarioAcceleratorForWorkloads(builtInFactoryCatalog(), scenario);
 * typeof spec === "string" ? spec : spec.id; // "nvidia-h100-sxm"
 * ```
 * @since 0.10.0
 * @category Packs
 */
export function scenarioAcceleratorForWorkloads(
  catalog: FactoryCatalog,
  scenario: Pick<Scenario, "hardware">,
): string | (Accelerator & { scaleOutFabric?: { leafGroupAccelerators: number; leafOversubscriptionRatio: number } }) {
  const reference = acceleratorForWorkloads(catalog, scenario.hardware.accelerator, "hardware.accelerator");
  const fabric = scenario.hardware.scaleOutFabric;
  if (fabric === undefined) return reference;
  const entry =
    typeof reference === "string" ? catalogAccelerator(catalog, reference, "hardware.accelerator") : reference;
  return { ...entry, scaleOutFabric: fabric };
}
