import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AifError, isAifError, isUserError } from "./aif-error";
import { ConflictError } from "./conflict-error";
import { describeValue, InvalidInputError, parseInput } from "./invalid-input-error";
import { NotFoundError } from "./not-found-error";

describe("AifError", () => {
  it("carries a stable code, a hint, a cause and a JSON form", () => {
    const cause = new Error("disk full");
    const error = new AifError("IO_FAILURE", "could not write results.json", { hint: "free some space", cause });
    expect(error.code).toBe("IO_FAILURE");
    expect(error.hint).toBe("free some space");
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({
      name: "AifError",
      code: "IO_FAILURE",
      message: "could not write results.json",
      hint: "free some space",
    });
    expect(isAifError(error)).toBe(true);
    expect(isAifError(new Error("x"))).toBe(false);
    expect(isUserError(error)).toBe(false);
  });
});

describe("InvalidInputError", () => {
  const schema = z.object({
    gpus: z.number().int().positive(),
    precision: z.enum(["bf16", "fp8"]),
    parallelism: z.object({ tp: z.number().int().positive() }).strict(),
  });

  it("names every problem with its path and the value received", () => {
    const input = { gpus: -8, precision: "fp9", parallelism: { tp: 2.5, tpp: 1 } };
    let caught: unknown;
    try {
      parseInput(schema, input, "training config");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    const error = caught as InvalidInputError;
    expect(error.code).toBe("INVALID_INPUT");
    expect(isUserError(error)).toBe(true);
    const paths = error.problems.map((p) => p.path).sort();
    expect(paths).toEqual(["gpus", "parallelism", "parallelism.tp", "precision"]);
    expect(error.message).toContain("invalid training config:");
    expect(error.message).toContain("gpus:");
    expect(error.message).toContain("(received -8)");
    expect(error.message).toContain('(received "fp9")');
    expect(error.message).toContain('unknown field "tpp"');
    expect(error.hint).toBeTruthy();
  });

  it("returns parsed data on success", () => {
    expect(parseInput(schema, { gpus: 8, precision: "bf16", parallelism: { tp: 8 } })).toEqual({
      gpus: 8,
      precision: "bf16",
      parallelism: { tp: 8 },
    });
  });

  it("describes values briefly", () => {
    expect(describeValue(undefined)).toBe("nothing");
    expect(describeValue("x".repeat(100))).toHaveLength(62);
    expect(describeValue({ a: 1 })).toBe('{"a":1}');
  });
});

describe("NotFoundError", () => {
  it("suggests the nearest ids", () => {
    const error = new NotFoundError("accelerator", "nvidia-h100-sx", [
      "nvidia-h100-sxm",
      "nvidia-h100-pcie",
      "amd-mi300x",
    ]);
    expect(error.message).toBe('unknown accelerator "nvidia-h100-sx"');
    expect(error.suggestions[0]).toBe("nvidia-h100-sxm");
    expect(error.hint).toContain('did you mean "nvidia-h100-sxm"');
    expect(isUserError(error)).toBe(true);
  });

  it("lists known ids when nothing is close", () => {
    const error = new NotFoundError("region", "zzzzzzzz", ["fr", "de"]);
    expect(error.suggestions).toEqual([]);
    expect(error.hint).toContain("fr, de");
  });
});

describe("ConflictError", () => {
  it("is a user error with code CONFLICT", () => {
    const error = new ConflictError("duplicate");
    expect(error.code).toBe("CONFLICT");
    expect(isUserError(error)).toBe(true);
  });
});

describe("long problem lists", () => {
  it("the message lists 20 problems and counts the rest; problems keeps them all", () => {
    const problems = Array.from({ length: 100_000 }, (_, i) => ({ path: `[${i}].x`, message: "must be a number" }));
    const error = new InvalidInputError("huge input", problems);
    expect(error.message.split("\n")).toHaveLength(1 + 20 + 1);
    expect(error.message).toContain("... and 99980 more problems");
    expect(error.problems).toHaveLength(100_000);
  });
});
