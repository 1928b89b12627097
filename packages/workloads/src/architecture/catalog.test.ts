import { describe, expect, it } from "vitest";
import { SERVING_ARCHITECTURES } from "../data/serving-architectures";
import { resolveServingArchitecture } from "../inference/serving-terms";
import { estimateTrainingStep } from "../training/training-step";
import { getArchitecture, listArchitectures } from "./catalog";

describe("one architecture catalog", () => {
  it("lists the shapes first added for serving, and training finds them", () => {
    const ids = listArchitectures().map((a) => a.id);
    for (const entry of SERVING_ARCHITECTURES) {
      expect(ids).toContain(entry.id);
      expect(getArchitecture(entry.id)).toBe(resolveServingArchitecture(entry.id));
    }
    expect(new Set(ids).size).toBe(ids.length);
    const step = estimateTrainingStep({
      architecture: "llama-3.3-70b",
      accelerator: "nvidia-h100-sxm",
      config: { acceleratorCount: 64, tp: 8, pp: 1, globalBatch: 64, sequenceTokens: 4096 },
    });
    expect(step.stepTimeSeconds).toBeGreaterThan(0);
  });
});
