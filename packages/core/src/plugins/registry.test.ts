import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConflictError } from "../errors/conflict-error";
import { InvalidInputError } from "../errors/invalid-input-error";
import { NotFoundError } from "../errors/not-found-error";
import { definePlugin } from "./define-plugin";
import { defineExtensionKind } from "./extension-kind";
import { createRegistry } from "./registry";

const chipKind = defineExtensionKind({
  key: "hardware.chips",
  label: "chip",
  schema: z.object({ id: z.string(), tdpWatts: z.number().positive() }).strict(),
});
const regionKind = defineExtensionKind({
  key: "regions",
  label: "region",
  schema: z.object({ code: z.string(), gramsPerKwh: z.number().nonnegative() }),
  idOf: (region) => region.code,
});

function makeRegistry() {
  return createRegistry({ kinds: [chipKind, regionKind] });
}

describe("createRegistry", () => {
  it("registers grouped and flat contributions and looks them up with types", () => {
    const registry = makeRegistry()
      .use(
        definePlugin({
          name: "builtin",
          version: "0.1.0",
          hardware: { chips: [{ id: "alpha", tdpWatts: 700 }] },
          regions: [{ code: "fr", gramsPerKwh: 56 }],
        }),
      )
      .use(
        definePlugin({ name: "@acme/pack", version: "1.2.3", hardware: { chips: [{ id: "beta", tdpWatts: 300 }] } }),
      );
    const alpha = registry.get("hardware.chips", "alpha");
    expect(alpha.tdpWatts).toBe(700);
    expect(registry.get("regions", "fr").gramsPerKwh).toBe(56);
    expect(registry.ids("hardware.chips")).toEqual(["alpha", "beta"]);
    expect(registry.list("hardware.chips")).toHaveLength(2);
    expect(registry.originOf("hardware.chips", "beta")).toBe("@acme/pack@1.2.3");
    expect(registry.plugins()).toEqual(["builtin@0.1.0", "@acme/pack@1.2.3"]);
    expect(registry.find("regions", "de")).toBeUndefined();
    expect(registry.kinds()).toEqual(["hardware.chips", "regions"]);
  });

  it("rejects duplicate ids naming both origins, and commits nothing from the rejected plugin", () => {
    const registry = makeRegistry().use(
      definePlugin({ name: "first", version: "1.0.0", hardware: { chips: [{ id: "alpha", tdpWatts: 700 }] } }),
    );
    const second = definePlugin({
      name: "second",
      version: "2.0.0",
      hardware: {
        chips: [
          { id: "gamma", tdpWatts: 100 },
          { id: "alpha", tdpWatts: 1 },
        ],
      },
    });
    expect(() => registry.use(second)).toThrowError(ConflictError);
    expect(() => registry.use(second)).toThrowError(/"first@1.0.0" and again by "second@2.0.0"/);
    expect(registry.find("hardware.chips", "gamma")).toBeUndefined();
  });

  it("rejects duplicates within one plugin and a plugin registered twice", () => {
    const registry = makeRegistry();
    expect(() =>
      registry.use(
        definePlugin({
          name: "twice",
          version: "1.0.0",
          hardware: {
            chips: [
              { id: "a", tdpWatts: 1 },
              { id: "a", tdpWatts: 2 },
            ],
          },
        }),
      ),
    ).toThrowError(/twice within/);
    const plugin = definePlugin({ name: "once", version: "1.0.0", regions: [] });
    registry.use(plugin);
    expect(() => registry.use(plugin)).toThrowError(/already registered/);
  });

  it("lists every invalid entry and unknown contribution with paths", () => {
    const registry = makeRegistry();
    let caught: unknown;
    try {
      registry.use(
        definePlugin({
          name: "broken",
          version: "1.0.0",
          hardware: {
            chips: [
              { id: "ok", tdpWatts: 1 },
              { id: "bad", tdpWatts: -5 },
            ],
            chipz: [],
          },
          regoins: [],
        }),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    const problems = (caught as InvalidInputError).problems;
    expect(problems.map((p) => p.path)).toEqual(["hardware.chips[1].tdpWatts", "hardware.chipz", "regoins"]);
    expect(problems[0]!.received).toBe(-5);
    expect(problems[1]!.hint).toContain('"hardware.chips"');
    expect(problems[2]!.hint).toContain('"regions"');
  });

  it("suggests the nearest id on a miss", () => {
    const registry = makeRegistry().use(
      definePlugin({
        name: "builtin",
        version: "0.1.0",
        hardware: { chips: [{ id: "nvidia-h100-sxm", tdpWatts: 700 }] },
      }),
    );
    expect(() => registry.get("hardware.chips", "nvidia-h100-sx")).toThrowError(NotFoundError);
    try {
      registry.get("hardware.chips", "nvidia-h100-sx");
    } catch (error) {
      expect((error as NotFoundError).hint).toBe('did you mean "nvidia-h100-sxm"?');
    }
  });

  it("validates plugin identity", () => {
    expect(() => definePlugin({ name: "Bad Name", version: "1.0.0" })).toThrowError(/npm-style/);
    expect(() => definePlugin({ name: "ok", version: "1.0" })).toThrowError(/semver/);
  });

  it("rejects two kinds with one key", () => {
    expect(() => createRegistry({ kinds: [chipKind, chipKind] })).toThrowError(/two extension kinds/);
  });
});
