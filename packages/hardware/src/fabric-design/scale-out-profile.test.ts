import { InvalidInputError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { designFabric } from "./design-fabric";
import { scaleOutFabricProfile } from "./scale-out-profile";

const QM9700 = "nvidia-quantum-2-qm9700";

describe("scaleOutFabricProfile", () => {
  it("a rail-optimized non-blocking SuperPOD: one leaf per rail connects 32 nodes (256 GPUs), ratio 1", () => {
    const input = { nodeCount: 127, nicsPerNode: 8, nicGbitps: 400, switch: QM9700 };
    const profile = scaleOutFabricProfile(input, 8);
    expect(profile).toMatchObject({ leafGroupAccelerators: 256, leafOversubscriptionRatio: 1, tierCount: 2 });
    // The same answer from a design computed once.
    expect(scaleOutFabricProfile(input, 8, designFabric(input))).toEqual(profile);
  });

  it("an oversubscribed leaf carries its ratio as built (whole ports); more nodes per leaf", () => {
    const profile = scaleOutFabricProfile(
      { nodeCount: 1000, nicsPerNode: 8, nicGbitps: 400, switch: QM9700, leafOversubscriptionRatio: 2 },
      8,
    );
    expect(profile.leafOversubscriptionRatio).toBeCloseTo(42 / 22, 12);
    expect(profile.leafGroupAccelerators).toBe(42 * 8);
  });

  it("without rail optimization a leaf holds down ports / NICs per node of the nodes", () => {
    const profile = scaleOutFabricProfile(
      { nodeCount: 64, nicsPerNode: 8, nicGbitps: 400, switch: QM9700, railOptimized: false },
      8,
    );
    expect(profile.leafGroupAccelerators).toBe(4 * 8);
  });

  it("one tier is one leaf group with nothing above it", () => {
    const profile = scaleOutFabricProfile({ nodeCount: 4, nicsPerNode: 8, nicGbitps: 400, switch: QM9700 }, 8);
    expect(profile).toMatchObject({ leafGroupAccelerators: 32, leafOversubscriptionRatio: 1, tierCount: 1 });
  });

  it("rejects a bad accelerator count naming it", () => {
    expect(() => scaleOutFabricProfile({ nodeCount: 4, nicGbitps: 400, switch: QM9700 }, 0)).toThrow(InvalidInputError);
  });
});
