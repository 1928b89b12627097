import {
  finiteNonNegative,
  finitePositive,
  type InputProblem,
  InvalidInputError,
  kebabId,
  UNIT_TABLE,
} from "@aifactory/core";
import { z } from "zod";

/**
 * One level of a KV-cache hierarchy (HBM, host DRAM, local SSD, a remote store), as plain data: the simulator
 * never imports `@aifactory/hardware`; take the figures from its storage tiers (capacity in bytes, per-direction
 * read and write bandwidth in GB/s) or from your own measurements and pass them in.
 *
 * @example
 * ```ts
 * import { kvTierSchema } from "@aifactory/memory";
 * // H100 SXM: 80 GB HBM3 at 3.35 TB/s (NVIDIA H100 datasheet); PCIe Gen5 x16: 64 GB/s per direction
 * kvTierSchema.parse({ id: "hbm", capacityBytes: 80e9, readGBps: 3350, writeGBps: 3350 });
 * kvTierSchema.parse({ id: "dram", capacityBytes: 1e12, readGBps: 64, writeGBps: 64 });
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const kvTierSchema = z
  .object({
    /** Tier id, kebab-case (`hbm`, `dram`, `ssd`, `remote`). */
    id: kebabId,
    /** Capacity given to KV blocks, in bytes (decimal). Whole blocks only: the rest is unused. */
    capacityBytes: finiteNonNegative,
    /** Bandwidth to read a block from this tier into HBM, GB/s (1e9 B/s), one direction. Optional. */
    readGBps: finitePositive.min(1e-9, { message: "must be at least 1e-9 GB/s (1 byte/s)" }).optional(),
    /** Bandwidth to write a block into this tier, GB/s, one direction. Optional. */
    writeGBps: finitePositive.min(1e-9, { message: "must be at least 1e-9 GB/s (1 byte/s)" }).optional(),
  })
  .strict();

/**
 * A KV-cache tier.
 *
 * @example
 * ```ts
 * import type { KvTier } from "@aifactory/memory";
 * const dram: KvTier = { id: "dram", capacityBytes: 1e12, readGBps: 64, writeGBps: 64 };
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export type KvTier = z.infer<typeof kvTierSchema>;

const CAPACITY_PATTERN = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([a-zA-Z]*)$/;
const BANDWIDTH_PATTERN = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(?:GBps|GB\/s)?$/;

function parseCapacity(text: string, path: string, problems: InputProblem[]): number | undefined {
  const match = CAPACITY_PATTERN.exec(text.trim());
  if (!match) {
    problems.push({
      path,
      message: "capacity must be a number with a unit such as 80GB, 1TB or 512GiB",
      received: text,
    });
    return undefined;
  }
  const value = Number(match[1]);
  const unit = match[2] === "" ? "B" : (match[2] as string);
  const entry = (UNIT_TABLE as Record<string, { dimension: string; factor: number }>)[unit];
  if (entry === undefined || entry.dimension !== "data") {
    problems.push({
      path,
      message: `unknown capacity unit "${unit}"`,
      received: text,
      hint: "use B, kB, MB, GB, TB, PB (decimal) or KiB, MiB, GiB, TiB, PiB (binary); units are case-sensitive",
    });
    return undefined;
  }
  return value * entry.factor;
}

function parseBandwidth(text: string, path: string, problems: InputProblem[]): number | undefined {
  const match = BANDWIDTH_PATTERN.exec(text.trim());
  const value = match ? Number(match[1]) : Number.NaN;
  if (!match || !(value > 0) || !Number.isFinite(value)) {
    problems.push({ path, message: "bandwidth must be a positive number of GB/s, e.g. 64 or 64GBps", received: text });
    return undefined;
  }
  return value;
}

/**
 * Parses a compact tier list such as `hbm:80GB,dram:1TB,ssd:30TB`, fastest tier first. Each item is
 * `id:capacity[@readGBps[/writeGBps]]`: `dram:1TB@64` reads and writes at 64 GB/s, `ssd:30TB@7/3` reads at 7 and
 * writes at 3 GB/s. Without bandwidths the simulator reports no transfer time for that tier.
 *
 * @param text - the tier list
 * @returns the tiers, validated
 * @throws InvalidInputError naming each bad item (its position, the text, what was expected)
 * @example
 * ```ts
 * import { parseKvTierList } from "@aifactory/memory";
 * parseKvTierList("hbm:80GB,dram:1TB@64");
 * // [{ id: "hbm", capacityBytes: 80e9 }, { id: "dram", capacityBytes: 1e12, readGBps: 64, writeGBps: 64 }]
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function parseKvTierList(text: string): KvTier[] {
  const problems: InputProblem[] = [];
  const tiers: KvTier[] = [];
  const items = text.split(",").map((item) => item.trim());
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const path = `tiers[${index}]`;
    if (item === "") {
      problems.push({
        path,
        message: "empty tier",
        received: text,
        hint: "write tiers as id:capacity, comma-separated",
      });
      return;
    }
    const colon = item.indexOf(":");
    if (colon <= 0) {
      problems.push({
        path,
        message: "a tier is id:capacity[@readGBps[/writeGBps]]",
        received: item,
        hint: "e.g. hbm:80GB or dram:1TB@64",
      });
      return;
    }
    const id = item.slice(0, colon).trim();
    const rest = item.slice(colon + 1);
    const [capacityText = "", bandwidthText] = rest.split("@");
    const before = problems.length;
    if (!kebabId.safeParse(id).success) {
      problems.push({
        path: `${path}.id`,
        message: "tier id must be kebab-case (hbm, dram, ssd, remote)",
        received: id,
      });
    } else if (seen.has(id)) {
      problems.push({ path: `${path}.id`, message: "duplicate tier id", received: id });
    }
    seen.add(id);
    const capacityBytes = parseCapacity(capacityText, `${path}.capacity (${id})`, problems);
    let readGBps: number | undefined;
    let writeGBps: number | undefined;
    if (bandwidthText !== undefined) {
      const [readText = "", writeText] = bandwidthText.split("/");
      readGBps = parseBandwidth(readText, `${path}.readGBps (${id})`, problems);
      writeGBps = writeText === undefined ? readGBps : parseBandwidth(writeText, `${path}.writeGBps (${id})`, problems);
    }
    if (problems.length === before && capacityBytes !== undefined) {
      tiers.push({
        id,
        capacityBytes,
        ...(readGBps === undefined ? {} : { readGBps }),
        ...(writeGBps === undefined ? {} : { writeGBps }),
      });
    }
  });
  if (problems.length > 0) {
    throw new InvalidInputError(
      "tier list",
      problems,
      "write tiers fastest first, e.g. hbm:80GB,dram:1TB@64,ssd:30TB@7/3",
    );
  }
  return tiers;
}
