import {
  createHardwareRegistry,
  getAccelerator,
  hardwareReferenceProblems,
  validateHardwarePack,
} from "@aifactory/hardware";
import { describe, expect, it } from "vitest";
import { examplePack } from "./index";

describe("example hardware pack", () => {
  it("passes the pack validation every contributed pack must pass", () => {
    const result = validateHardwarePack(examplePack);
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("registers beside the built-in catalog without id conflicts or dangling references", () => {
    const registry = createHardwareRegistry().use(examplePack);
    expect(hardwareReferenceProblems(registry)).toEqual([]);
    const l40s = registry.get("hardware.accelerators", "nvidia-l40s");
    expect(l40s.denseTflops.fp8).toBe(733);
    expect(registry.originOf("hardware.accelerators", "nvidia-l40s")).toBe("aifactory-plugin-example-pack@0.1.0");
    expect(getAccelerator("nvidia-h100-sxm").id).toBe("nvidia-h100-sxm");
  });

  it("is rejected when registered twice (ids are global)", () => {
    const registry = createHardwareRegistry().use(examplePack);
    expect(() => registry.use(examplePack)).toThrowError(/already registered/);
  });
});
