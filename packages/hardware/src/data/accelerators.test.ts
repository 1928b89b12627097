import { describe, expect, it } from "vitest";
import { acceleratorSchema } from "../accelerator";
import { DTYPES, type Dtype } from "../dtype";
import { BUILT_IN_ACCELERATORS } from "./accelerators";
import { BUILT_IN_FABRICS } from "./fabrics";
import { BUILT_IN_STORAGE_TIERS } from "./storage-tiers";
import { BUILT_IN_SYSTEMS } from "./systems";

const REQUIRED_IDS = [
  "nvidia-a100-sxm-80gb",
  "nvidia-h100-sxm",
  "nvidia-h100-pcie",
  "nvidia-h100-nvl",
  "nvidia-h800-sxm",
  "nvidia-h20",
  "nvidia-h200-sxm",
  "nvidia-b200",
  "nvidia-gb200",
  "nvidia-b300",
  "nvidia-gb300",
  "nvidia-rtx-pro-6000-blackwell-server",
  "amd-mi250x",
  "amd-mi300x",
  "amd-mi325x",
  "amd-mi355x",
  "intel-gaudi-2",
  "intel-gaudi-3",
  "google-tpu-v4",
  "google-tpu-v5e",
  "google-tpu-v5p",
  "google-tpu-v6e",
  "google-tpu-7x",
  "aws-trainium2",
];

// Floating-point formats from widest to narrowest; fp16 sits with bf16 (same width). int8 is excluded:
// Blackwell Ultra cut INT8 to a fraction of FP8 on purpose (documented in its notes).
const PRECISION_CHAIN: Dtype[][] = [["fp64"], ["fp32"], ["tf32"], ["bf16", "fp16"], ["fp8"], ["fp6"], ["fp4"]];

// Where the vendor's sparse figure is not 2x dense, and why (each must also be explained in the entry's notes).
const SPARSE_NOT_2X: Record<string, Dtype[]> = {
  "nvidia-b300": ["fp4"],
  "nvidia-gb300": ["fp4"],
  "aws-trainium2": ["tf32", "bf16", "fp16", "fp8"],
};

describe("built-in accelerator catalog", () => {
  it("contains every accelerator the issue lists, once", () => {
    const ids = BUILT_IN_ACCELERATORS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of REQUIRED_IDS) expect(ids).toContain(id);
  });

  it.each(BUILT_IN_ACCELERATORS.map((a) => [a.id, a] as const))("%s parses and has a source", (_id, entry) => {
    const parsed = acceleratorSchema.safeParse(entry);
    expect(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues)).toBe(true);
    expect(entry.sources.length).toBeGreaterThan(0);
  });

  it("every hardware catalog source is public: a URL unless derived from the catalog, no internal report", () => {
    const entries = [...BUILT_IN_ACCELERATORS, ...BUILT_IN_SYSTEMS, ...BUILT_IN_FABRICS, ...BUILT_IN_STORAGE_TIERS];
    for (const entry of entries) {
      for (const source of entry.sources) {
        const text = `${source.title} ${source.note ?? ""}`;
        expect(text, entry.id).not.toMatch(/anchors\.md|research report|shared reference|grid-and-facility\.json/i);
        if (source.evidence !== "derived") expect(source.url, `${entry.id}: ${source.title}`).toBeDefined();
      }
      for (const note of entry.notes ?? []) expect(note, entry.id).not.toMatch(/anchors\.md|in this pass/i);
    }
  });

  it("rejects an entry without a source", () => {
    const entry = { ...BUILT_IN_ACCELERATORS[0]!, sources: [] };
    expect(acceleratorSchema.safeParse(entry).success).toBe(false);
  });

  it.each(BUILT_IN_ACCELERATORS.map((a) => [a.id, a] as const))(
    "%s: sparse = 2 x dense wherever both are published",
    (id, entry) => {
      for (const dtype of DTYPES) {
        const dense = entry.denseTflops[dtype];
        const sparse = entry.sparseTflops?.[dtype];
        if (dense === undefined || sparse === undefined) continue;
        if (SPARSE_NOT_2X[id]?.includes(dtype)) {
          expect(entry.notes?.some((note) => /sparse/i.test(note) && /not 2x/i.test(note))).toBe(true);
          continue;
        }
        expect(Math.abs(sparse / dense - 2), `${id} ${dtype}`).toBeLessThanOrEqual(0.01);
      }
    },
  );

  it.each(BUILT_IN_ACCELERATORS.map((a) => [a.id, a] as const))(
    "%s: a narrower float format is never slower than a wider one",
    (id, entry) => {
      let widestSoFar = 0;
      for (const group of PRECISION_CHAIN) {
        const values = group.map((d) => entry.denseTflops[d]).filter((v): v is number => v !== undefined);
        for (const value of values) expect(value, `${id} ${group.join("/")}`).toBeGreaterThanOrEqual(widestSoFar);
        if (values.length > 0) widestSoFar = Math.max(widestSoFar, ...values);
      }
    },
  );

  it.each(BUILT_IN_ACCELERATORS.map((a) => [a.id, a] as const))("%s: figures in plausible ranges", (id, entry) => {
    expect(entry.memoryGB, id).toBeGreaterThanOrEqual(8);
    expect(entry.memoryGB, id).toBeLessThanOrEqual(1024);
    expect(entry.memoryBandwidthGBps, id).toBeGreaterThanOrEqual(300);
    expect(entry.memoryBandwidthGBps, id).toBeLessThanOrEqual(30_000);
    if (entry.tdpWatts !== undefined) {
      expect(entry.tdpWatts, id).toBeGreaterThanOrEqual(75);
      expect(entry.tdpWatts, id).toBeLessThanOrEqual(2_500);
    } else {
      // A missing TDP must be explained.
      expect(
        entry.notes?.some((n) => /tdp/i.test(n)),
        id,
      ).toBe(true);
    }
    const bf16 = entry.denseTflops.bf16;
    expect(bf16, `${id} has a bf16 peak`).toBeDefined();
    expect(bf16!, id).toBeGreaterThan(50);
    expect(bf16!, id).toBeLessThan(50_000);
    expect(entry.scaleUp.bandwidthGBpsPerDirection, id).toBeLessThanOrEqual(5_000);
    expect(entry.launchYear, id).toBeGreaterThanOrEqual(2018);
    if (entry.memoryUsableGB !== undefined && entry.memoryPhysicalGB !== undefined) {
      expect(entry.memoryUsableGB).toBeLessThanOrEqual(entry.memoryPhysicalGB);
    }
    if (entry.memoryBandwidthGBpsRange) {
      expect(entry.memoryBandwidthGBps).toBeGreaterThanOrEqual(entry.memoryBandwidthGBpsRange.min);
      expect(entry.memoryBandwidthGBps).toBeLessThanOrEqual(entry.memoryBandwidthGBpsRange.max);
    }
  });

  it("every fieldEvidence key names a field the entry has", () => {
    for (const entry of BUILT_IN_ACCELERATORS) {
      for (const path of Object.keys(entry.fieldEvidence ?? {})) {
        let current: unknown = entry;
        for (const key of path.split(".")) current = (current as Record<string, unknown> | undefined)?.[key];
        expect(current, `${entry.id} fieldEvidence ${path}`).toBeDefined();
      }
    }
  });
});

// Oracles: only figures tagged verified in the entry (not estimate), each against the vendor datasheet value.
describe("spot checks against datasheet values", () => {
  const byId = new Map(BUILT_IN_ACCELERATORS.map((a) => [a.id, a]));
  it("NVIDIA H100 SXM datasheet: 989 dense BF16 TFLOPS, 3.35 TB/s, 700 W, 80 GB, NVLink 900 GB/s bidirectional", () => {
    const h100 = byId.get("nvidia-h100-sxm")!;
    expect(h100.denseTflops.bf16).toBe(989);
    expect(h100.sparseTflops?.bf16).toBe(1979);
    expect(h100.denseTflops.fp8).toBe(1979);
    expect(h100.memoryBandwidthGBps).toBe(3350);
    expect(h100.tdpWatts).toBe(700);
    expect(h100.memoryGB).toBe(80);
    expect(h100.scaleUp.bandwidthGBpsPerDirection * 2).toBe(900);
  });
  it("AMD MI300X (InferenceX / AMD): 192 GB, 5.3 TB/s, 1,307 dense BF16, 750 W (MLPerf v4.1 system name)", () => {
    const mi300x = byId.get("amd-mi300x")!;
    expect(mi300x.memoryGB).toBe(192);
    expect(mi300x.memoryBandwidthGBps).toBe(5300);
    expect(mi300x.denseTflops.bf16).toBe(1307);
    expect(mi300x.tdpWatts).toBe(750);
  });
  it("NVIDIA A100 SXM 80GB: 312 dense BF16, 2,039 GB/s, 400 W", () => {
    const a100 = byId.get("nvidia-a100-sxm-80gb")!;
    expect(a100.denseTflops.bf16).toBe(312);
    expect(a100.memoryBandwidthGBps).toBe(2039);
    expect(a100.tdpWatts).toBe(400);
  });
  it("NVIDIA B200 (AIConfigurator): 2,250 dense BF16, 9,000 dense FP4, 180 GB usable vs 192 GB physical", () => {
    const b200 = byId.get("nvidia-b200")!;
    expect(b200.denseTflops.bf16).toBe(2250);
    expect(b200.denseTflops.fp4).toBe(9000);
    expect(b200.memoryGB).toBe(180);
    expect(b200.memoryPhysicalGB).toBe(192);
  });
  it("Google TPU v5p (Cloud TPU docs): 459 BF16 TFLOPS, 2,765 GB/s, 95 GiB usable of 96 GiB", () => {
    const v5p = byId.get("google-tpu-v5p")!;
    expect(v5p.denseTflops.bf16).toBe(459);
    expect(v5p.memoryBandwidthGBps).toBe(2765);
    expect(v5p.memoryUsableGB! / 1.073741824).toBeCloseTo(95, 0);
  });
  it("AWS Trainium2 (Neuron docs v2.29.0): 667 BF16, 1,299 FP8, 181 FP32 dense TFLOPS", () => {
    const trn2 = byId.get("aws-trainium2")!;
    expect(trn2.denseTflops.bf16).toBe(667);
    expect(trn2.denseTflops.fp8).toBe(1299);
    expect(trn2.denseTflops.fp32).toBe(181);
  });
});
