import { describe, expect, it } from "vitest";
import { fabricSwitchSchema } from "../fabric-design/fabric-switch";
import { linkMediaSchema } from "../fabric-design/link-media";
import { scaleUpDomainSchema } from "../fabric-design/scale-up-domain";
import { BUILT_IN_FABRIC_SWITCHES } from "./fabric-switches";
import { BUILT_IN_LINK_MEDIA } from "./link-media";
import { BUILT_IN_SCALE_UP_DOMAINS } from "./scale-up-domains";

describe("fabric design data", () => {
  it("every switch, medium and scale-up domain parses, with sources and unique ids", () => {
    for (const [schema, rows] of [
      [fabricSwitchSchema, BUILT_IN_FABRIC_SWITCHES],
      [linkMediaSchema, BUILT_IN_LINK_MEDIA],
      [scaleUpDomainSchema, BUILT_IN_SCALE_UP_DOMAINS],
    ] as const) {
      const ids = new Set<string>();
      for (const row of rows) {
        expect(schema.safeParse(row).success, row.id).toBe(true);
        expect(ids.has(row.id)).toBe(false);
        ids.add(row.id);
      }
    }
  });

  it("no unsourced switch power or price is invented: QM9700 747 W and SN5600 940 W (secondary copies of NVIDIA datasheets), Q3400 none", () => {
    const power = Object.fromEntries(BUILT_IN_FABRIC_SWITCHES.map((sw) => [sw.id, sw.powerWatts]));
    expect(power).toEqual({
      "nvidia-quantum-2-qm9700": 747,
      "nvidia-quantum-x800-q3400": undefined,
      "nvidia-spectrum-4-sn5600": 940,
    });
    for (const sw of BUILT_IN_FABRIC_SWITCHES) {
      expect(sw.priceUsd).toBeUndefined();
      if (sw.powerWatts !== undefined) {
        expect(sw.fieldEvidence?.powerWatts).toBe("secondary");
        expect(sw.notes?.some((note) => note.includes(`${sw.powerWatts} W`))).toBe(true);
      }
    }
  });
});
