import { compareAccelerators, DTYPES, getAccelerator, roofline } from "@aifactory/hardware";
import { describe, expect, it } from "vitest";
import { comparisonView, hardwareSourcesView, rooflineView, withBuiltinNotes } from "./hardware-view";

describe("rooflineView", () => {
  it("is the accelerator's roofline in the workload's format", () => {
    const view = rooflineView("nvidia-h100-sxm", "bf16");
    expect(view).toEqual({
      ok: true,
      roofline: roofline("nvidia-h100-sxm", "bf16", { pointCount: 40 }),
      firstError: "",
    });
  });

  it("falls back to the nearest wider format the accelerator publishes, and says why", () => {
    const view = rooflineView("nvidia-h100-sxm", "fp4");
    expect(view.ok).toBe(true);
    if (view.ok) {
      expect(view.roofline.dtype).toBe("fp8");
      expect(view.firstError).toMatch(/fp4/);
    }
  });

  it("reports an unknown accelerator as a message, not a throw", () => {
    const view = rooflineView("no-such-gpu", "bf16");
    expect(view.ok).toBe(false);
    if (!view.ok) expect(view.message).toMatch(/no-such-gpu/);
  });
});

describe("comparisonView", () => {
  it("lists the scenario's accelerator first, in the chosen format", () => {
    const view = comparisonView("nvidia-b200", "fp8");
    expect(view.dtypes).toEqual([...DTYPES]);
    expect(view.comparison.dtype).toBe("fp8");
    expect(view.comparison.rows[0]?.id).toBe("nvidia-b200");
    const ids = view.comparison.rows.map((row) => row.id);
    expect(view.comparison).toEqual(compareAccelerators(ids, { dtype: "fp8" }));
  });
});

describe("hardwareSourcesView", () => {
  it("gives the accelerator's sources and leaves out ids the catalog lacks", () => {
    const view = hardwareSourcesView("nvidia-h100-sxm", "no-such-system");
    expect(view.accelerator?.name).toBe(getAccelerator("nvidia-h100-sxm").name);
    expect(view.accelerator?.sources.length).toBeGreaterThan(0);
    expect(view.system).toBeUndefined();
    expect(structuredClone(view)).toEqual(view);
  });
});

describe("withBuiltinNotes", () => {
  const name = getAccelerator("nvidia-h100-sxm").name;
  const builtin = { "nvidia-h100-sxm": { name, notes: ["a note"] } };

  it("adds the built-in notes of the accelerator (the worker's catalog has none: they are fetched)", () => {
    // As the worker's bundle has it: no notes (src/build/strip-catalog-text.ts).
    const { notes: _notes, ...accelerator } = hardwareSourcesView("nvidia-h100-sxm").accelerator!;
    const view = { accelerator };
    expect(withBuiltinNotes(view, "nvidia-h100-sxm", builtin).accelerator).toEqual({
      ...view.accelerator,
      notes: ["a note"],
    });
    expect(withBuiltinNotes(view, "nvidia-h100-sxm", {})).toBe(view);
  });

  it("keeps an accelerator's own notes, and gives none to another entry under a built-in id", () => {
    const own = { accelerator: { name, sources: [], notes: ["a pack's note"] } };
    expect(withBuiltinNotes(own, "nvidia-h100-sxm", builtin)).toBe(own);
    const other = { accelerator: { name: "Another GPU", sources: [] } };
    expect(withBuiltinNotes(other, "nvidia-h100-sxm", builtin)).toBe(other);
    expect(withBuiltinNotes({}, "nvidia-h100-sxm", builtin)).toEqual({});
    expect(withBuiltinNotes(other, "toString", builtin)).toBe(other);
  });
});
