import { describe, expect, it } from "vitest";
import { systemSchema } from "../system";
import { BUILT_IN_ACCELERATORS } from "./accelerators";
import { BUILT_IN_SYSTEMS } from "./systems";

describe("built-in system catalog", () => {
  it("has at least 8 systems with unique ids", () => {
    const ids = BUILT_IN_SYSTEMS.map((s) => s.id);
    expect(ids.length).toBeGreaterThanOrEqual(8);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(BUILT_IN_SYSTEMS.map((s) => [s.id, s] as const))(
    "%s parses, has a source and a known accelerator",
    (id, s) => {
      const parsed = systemSchema.safeParse(s);
      expect(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues)).toBe(true);
      expect(s.sources.length).toBeGreaterThan(0);
      expect(
        BUILT_IN_ACCELERATORS.some((a) => a.id === s.acceleratorId),
        `${id} -> ${s.acceleratorId}`,
      ).toBe(true);
    },
  );

  it.each(BUILT_IN_SYSTEMS.map((s) => [s.id, s] as const))("%s: power covers its accelerators' TDP", (id, s) => {
    const accelerator = BUILT_IN_ACCELERATORS.find((a) => a.id === s.acceleratorId)!;
    if (s.systemPowerWatts === undefined) {
      expect(
        s.notes?.some((n) => /power/i.test(n)),
        `${id} explains the missing power figure`,
      ).toBe(true);
      return;
    }
    if (accelerator.tdpWatts !== undefined) {
      const acceleratorsWatts = accelerator.tdpWatts * s.acceleratorCount;
      expect(s.systemPowerWatts, id).toBeGreaterThan(acceleratorsWatts);
      // Host, NICs, switches and fans add overhead, but not more than the accelerators themselves draw.
      expect(s.systemPowerWatts, id).toBeLessThan(acceleratorsWatts * 2.2);
    }
    if (s.systemPowerWattsRange) {
      expect(s.systemPowerWatts).toBeGreaterThanOrEqual(s.systemPowerWattsRange.min);
      expect(s.systemPowerWatts).toBeLessThanOrEqual(s.systemPowerWattsRange.max);
    }
  });

  it("spot checks: DGX H100 10.2 kW (NVIDIA user guide / Epoch), DGX B200 14.3 kW and 10U (NVIDIA DGX B200 user guide)", () => {
    const byId = new Map(BUILT_IN_SYSTEMS.map((s) => [s.id, s]));
    expect(byId.get("nvidia-dgx-h100")?.systemPowerWatts).toBe(10_200);
    expect(byId.get("nvidia-dgx-h100")?.acceleratorCount).toBe(8);
    expect(byId.get("nvidia-dgx-b200")?.systemPowerWatts).toBe(14_300);
    expect(byId.get("nvidia-dgx-b200")?.rackUnits).toBe(10);
    expect(byId.get("nvidia-dgx-a100")?.systemPowerWatts).toBe(6_500);
    expect(byId.get("nvidia-gb200-nvl72")?.acceleratorCount).toBe(72);
  });
});
