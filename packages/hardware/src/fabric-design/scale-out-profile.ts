import { parseInput, positiveInt } from "@aifactory/core";
import { designFabric, type FabricDesign, type FabricDesignInput, fabricDesignInputSchema } from "./design-fabric";

/**
 * What the training and serving models need to know about a designed scale-out fabric: how many accelerators
 * sit under one leaf group (the nodes one leaf switch of a rail connects, times the accelerators per node), and
 * the leaf down:up ratio their traffic to other leaf groups shares. The same shape as `scaleOutFabric` of
 * `@aifactory/workloads`' accelerator spec (plain data: hardware does not import workloads).
 *
 * @since 0.5.0
 * @category Fabric design
 */
export interface ScaleOutFabricProfile {
  /** Accelerators whose NICs meet under one leaf layer (a rail group). */
  leafGroupAccelerators: number;
  /** Leaf down:up bandwidth as built (1 = non-blocking; 1 for a one-tier fabric). */
  leafOversubscriptionRatio: number;
  /** Switch tiers of the design. */
  tierCount: 1 | 2 | 3;
  /** What the profile leaves out. */
  notes: string[];
}

/**
 * Derives the models' view of a fabric from {@link designFabric}: in a rail-optimized fabric NIC k of every node
 * goes to the leaves of rail k, so one leaf connects its down-port count of nodes (NCCL's PXN moves traffic onto
 * the destination's rail over NVLink first, so cross-node traffic stays in its rail); otherwise a leaf connects
 * down ports / NICs per node. A one-tier fabric is one leaf group with nothing above it.
 *
 * @param input - the fabric design input (as for `designFabric`)
 * @param acceleratorsPerNode - accelerators in one node (or compute tray) behind its NICs
 * @param design - the design, when already computed (else designed here)
 * @returns the profile
 * @throws InvalidInputError naming the field for a bad input or accelerator count
 * @example
 * ```ts
 * import { scaleOutFabricProfile } from "@aifactory/hardware";
 * // 127 DGX H100 nodes (4 scalable units), 8 x 400G NICs, QM9700 leaves (32 down, 32 up): 32 nodes per leaf.
 * const profile = scaleOutFabricProfile({ nodeCount: 127, nicsPerNode: 8, nicGbitps: 400, switch: "nvidia-quantum-2-qm9700" }, 8);
 * profile.leafGroupAccelerators; // 256
 * profile.leafOversubscriptionRatio; // 1
 * ```
 * @since 0.5.0
 * @category Fabric design
 */
export function scaleOutFabricProfile(
  input: FabricDesignInput,
  acceleratorsPerNode: number,
  design: FabricDesign = designFabric(input),
): ScaleOutFabricProfile {
  const parsed = parseInput(fabricDesignInputSchema, input, "fabric design input");
  const perNode = parseInput(positiveInt, acceleratorsPerNode, "accelerators per node");
  const leaf = design.tiers.find((t) => t.tier === "leaf");
  const notes: string[] = [];
  if (design.tierCount === 1 || leaf === undefined) {
    return { leafGroupAccelerators: parsed.nodeCount * perNode, leafOversubscriptionRatio: 1, tierCount: 1, notes };
  }
  const nodesPerLeaf = parsed.railOptimized
    ? leaf.downPortsPerSwitch
    : Math.max(1, Math.floor(leaf.downPortsPerSwitch / parsed.nicsPerNode));
  if (design.tierCount === 3 && (design.tiers.find((t) => t.tier === "spine")?.oversubscriptionRatio ?? 1) > 1) {
    notes.push("the spine tier's oversubscription (traffic between pods) is not modelled, only the leaf tier's");
  }
  return {
    leafGroupAccelerators: Math.min(parsed.nodeCount, nodesPerLeaf) * perNode,
    leafOversubscriptionRatio: leaf.oversubscriptionRatio ?? 1,
    tierCount: design.tierCount,
    notes,
  };
}
