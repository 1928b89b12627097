import { finitePositive, NotFoundError, positiveInt, sourcesSchema } from "@aifactory/core";
import { z } from "zod";

/**
 * The supply-relevant bill of materials of one accelerator: logic dies (count and area), HBM stacks and the
 * advanced package (CoWoS interposer) with how many packages one interposer wafer yields.
 *
 * @example
 * ```ts
 * import { billOfMaterialsSchema } from "@aifactory/economics";
 * billOfMaterialsSchema.parse({
 *   acceleratorId: "x", logicDieCount: 1, logicDieAreaMm2: 800, hbmStacks: 6, packaging: "cowos-s",
 *   packagesPerCowosWafer: 29, sources: [{ title: "Example", evidence: "estimate" }],
 * });
 * ```
 * @since 0.1.0
 * @category Supply
 */
export const billOfMaterialsSchema = z
  .object({
    acceleratorId: z.string().min(1),
    logicDieCount: positiveInt,
    /** Area of one logic die, mm2 (omitted where no public figure exists). */
    logicDieAreaMm2: finitePositive.optional(),
    /** Active HBM stacks per accelerator. */
    hbmStacks: positiveInt,
    packaging: z.enum(["cowos-s", "cowos-l"]),
    /** Packages per 300 mm CoWoS interposer wafer at full yield. */
    packagesPerCowosWafer: finitePositive,
    sources: sourcesSchema,
    notes: z.array(z.string()).optional(),
  })
  .strict();

/**
 * A bill of materials.
 *
 * @example
 * ```ts
 * import { getBillOfMaterials, type BillOfMaterials } from "@aifactory/economics";
 * const bom: BillOfMaterials = getBillOfMaterials("nvidia-h100-sxm");
 * ```
 * @since 0.1.0
 * @category Supply
 */
export type BillOfMaterials = z.infer<typeof billOfMaterialsSchema>;

const llmcarbonDie = {
  title: "LLMCarbon data/hardware.csv (H100 die 8.14 cm2)",
  url: "https://github.com/SotaroKaneda/MLCarbon/blob/dbd96b792d22a3816392757024a6ac442a75b7d6/data/hardware.csv",
  evidence: "verified",
} as const;

const packagesPerWaferReport = {
  title: "Press reports of NVIDIA's 2024 CoWoS orders: about 29 H100/H200 and 16 B200 packages per 12-inch wafer",
  url: "https://www.redplanx.com/html/news/2687134.html",
  evidence: "secondary",
  note: "B200 figure stated at 100 % yield",
} as const;

const anandtechH200 = {
  title: "AnandTech, NVIDIA at SC23: H200 accelerator with HBM3e (specification table: H100 5120-bit, H200 6144-bit)",
  url: "http://m.anandtech.com/Show/Index/21136",
  evidence: "secondary",
  note: "stacks = bus width / 1024 bits per HBM stack (derived)",
} as const;

const BILLS_OF_MATERIALS: readonly BillOfMaterials[] = [
  {
    acceleratorId: "nvidia-h100-sxm",
    logicDieCount: 1,
    logicDieAreaMm2: 814,
    hbmStacks: 5,
    packaging: "cowos-s",
    packagesPerCowosWafer: 29,
    sources: [llmcarbonDie, anandtechH200, packagesPerWaferReport],
    notes: ["The package has six HBM sites; five stacks are active (5120-bit bus)."],
  },
  {
    acceleratorId: "nvidia-h200-sxm",
    logicDieCount: 1,
    logicDieAreaMm2: 814,
    hbmStacks: 6,
    packaging: "cowos-s",
    packagesPerCowosWafer: 29,
    sources: [llmcarbonDie, anandtechH200, packagesPerWaferReport],
    notes: ["Same GH100 die as H100."],
  },
  {
    acceleratorId: "nvidia-b200",
    logicDieCount: 2,
    hbmStacks: 8,
    packaging: "cowos-l",
    packagesPerCowosWafer: 16,
    sources: [
      packagesPerWaferReport,
      {
        title: "smbom: NVIDIA adjusts Blackwell product strategy (CoWoS-L: two B-series dies and eight HBM3e stacks)",
        url: "https://www.smbom.com/news/13960",
        evidence: "secondary",
      },
    ],
    notes: ["No public die area: the logic-wafer constraint needs logicDieAreaMm2 as an input."],
  },
  {
    // One GB200 "accelerator" in the catalog is one GPU of the superchip (NVL72: 72 GPUs on 36 Grace CPUs); each
    // of the superchip's two GPUs is its own Blackwell package, so the per-GPU bill is the B200 package's.
    acceleratorId: "nvidia-gb200",
    logicDieCount: 2,
    hbmStacks: 8,
    packaging: "cowos-l",
    packagesPerCowosWafer: 16,
    sources: [
      packagesPerWaferReport,
      {
        title: "TechInsights teardown of NVIDIA Blackwell HGX B200 (as reported by TechEdge AI)",
        url: "https://techedgeai.com/techinsights-reveals-teardown-of-nvidia-blackwell-gb100-gpu-platform/",
        evidence: "secondary",
        note: "the Blackwell GPU integrates eight HBM3E packages (SK hynix, 192 GB), two dies on TSMC 4 nm, TSMC CoWoS-L packaging",
      },
      {
        title: "NVIDIA GB200 Superchip (encyclopedia entry citing NVIDIA's GB200 NVL72 page)",
        url: "https://grokipedia.com/page/NVIDIA_GB200_Superchip",
        evidence: "secondary",
        note: "one Grace CPU and two Blackwell GPUs per superchip; up to 372 GB HBM3e, about 186 GB per GPU",
      },
    ],
    notes: [
      "Derived: a GB200 GPU is the Blackwell (B200) GPU package (2 logic dies, 8 HBM3e stacks, CoWoS-L) paired with a Grace CPU; its packages per CoWoS-L wafer are the 16 reported for B200 (at 100% yield). The Grace CPU is not on CoWoS and is left out.",
      "No public die area: the logic-wafer constraint needs logicDieAreaMm2 as an input.",
    ],
  },
];

/**
 * Every bill of materials the package holds.
 *
 * @returns the bills of materials
 * @example
 * ```ts
 * import { listBillsOfMaterials } from "@aifactory/economics";
 * listBillsOfMaterials().map((bom) => bom.acceleratorId); // ["nvidia-h100-sxm", "nvidia-h200-sxm", "nvidia-b200", "nvidia-gb200"]
 * ```
 * @since 0.1.0
 * @category Supply
 */
export function listBillsOfMaterials(): readonly BillOfMaterials[] {
  return BILLS_OF_MATERIALS;
}

/**
 * The bill of materials of one accelerator.
 *
 * @param acceleratorId - accelerator id
 * @param extra - more bills of materials (e.g. a pack's) searched before the built-in ones
 * @returns the bill of materials
 * @throws NotFoundError with the nearest ids
 * @example
 * ```ts
 * import { getBillOfMaterials } from "@aifactory/economics";
 * getBillOfMaterials("nvidia-h100-sxm").hbmStacks; // 5
 * ```
 * @since 0.1.0
 * @category Supply
 */
export function getBillOfMaterials(acceleratorId: string, extra: readonly BillOfMaterials[] = []): BillOfMaterials {
  const bom =
    extra.find((entry) => entry.acceleratorId === acceleratorId) ??
    BILLS_OF_MATERIALS.find((entry) => entry.acceleratorId === acceleratorId);
  if (bom === undefined) {
    throw new NotFoundError(
      "bill of materials",
      acceleratorId,
      [...extra, ...BILLS_OF_MATERIALS].map((entry) => entry.acceleratorId),
    );
  }
  return bom;
}

/**
 * Gross dies per 300 mm wafer for a die area, with the usual edge-loss correction:
 * `pi (d/2)^2 / A - pi d / sqrt(2 A)`.
 *
 * @param dieAreaMm2 - die area, mm2
 * @param waferDiameterMm - wafer diameter, mm (default 300)
 * @returns whole gross dies per wafer
 * @example
 * ```ts
 * import { grossDiesPerWafer } from "@aifactory/economics";
 * grossDiesPerWafer(814); // 63
 * ```
 * @since 0.1.0
 * @category Supply
 */
export function grossDiesPerWafer(dieAreaMm2: number, waferDiameterMm = 300): number {
  const radius = waferDiameterMm / 2;
  const gross = (Math.PI * radius * radius) / dieAreaMm2 - (Math.PI * waferDiameterMm) / Math.sqrt(2 * dieAreaMm2);
  return Math.max(0, Math.floor(gross));
}
