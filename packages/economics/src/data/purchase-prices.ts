import { ECONOMICS_SOURCES } from "../sources";
import type { PurchasePrice } from "./price-schemas";

const listing = ECONOMICS_SOURCES.epochHardwarePrices;
const annual = ECONOMICS_SOURCES.epochAnnualPrices;
// The same Epoch AI table at the commit its H100 PCIe, H100 NVL (94 GB) and MI250X rows were read from.
const listing2025 = {
  ...listing,
  url: "https://github.com/epoch-research/training-cost-trends/blob/f2dc68a9df5f5895244c1fecdbacaf606dfa8c42/data/Hardware%20prices.csv",
};

function annualAverage(
  acceleratorId: string,
  item: string,
  year: number,
  min: number,
  max: number,
  geomean?: number,
): PurchasePrice {
  return {
    id: `${acceleratorId}-annual-${year}`,
    item: `${item} annual average price estimate`,
    acceleratorId,
    date: String(year),
    kind: "annual-average",
    scope: "chip",
    // Epoch's CSV gives a geometric mean for some years; otherwise the range's geometric mean (derived).
    usdPerAccelerator: geomean ?? Math.round(Math.sqrt(min * max)),
    usdPerAcceleratorRange: { min, max },
    ...(geomean === undefined ? { note: "point value = sqrt(min x max) of Epoch's range (derived)" } : {}),
    sources: [annual],
  };
}

/**
 * Built-in purchase prices per accelerator with dates, from Epoch AI's public price tables (each listing row
 * there cites an archived vendor or retailer page); prices without a public source are left out. `scope` says whether a price is for the chip, an
 * 8-GPU baseboard (per GPU) or a whole server (per GPU).
 *
 * @example
 * ```ts
 * import { PURCHASE_PRICES } from "@aifactory/economics";
 * PURCHASE_PRICES.filter((price) => price.acceleratorId === "nvidia-h100-sxm").length;
 * ```
 * @since 0.1.0
 * @category Prices
 */
export const PURCHASE_PRICES: readonly PurchasePrice[] = [
  {
    id: "nvidia-dgx-h100-2023-05",
    item: "NVIDIA DGX H100 (8x)",
    acceleratorId: "nvidia-h100-sxm",
    date: "2023-05",
    kind: "listing",
    scope: "server",
    usdPerAccelerator: 33750,
    systemPriceUsd: 270000,
    note: "SemiAnalysis: 'Nvidia sells DGX H100's at around $270,000'",
    sources: [listing],
  },
  {
    id: "nvidia-hgx-h100-2023-09",
    item: "NVIDIA HGX H100 (8x) price list",
    acceleratorId: "nvidia-h100-sxm",
    date: "2023-09-06",
    kind: "listing",
    scope: "baseboard",
    usdPerAccelerator: 31119.5,
    systemPriceUsd: 248956,
    sources: [listing],
  },
  {
    id: "nvidia-hgx-h100-2024-02",
    item: "NVIDIA HGX H100 (8x) price list",
    acceleratorId: "nvidia-h100-sxm",
    date: "2024-02-21",
    kind: "listing",
    scope: "baseboard",
    usdPerAccelerator: 33810,
    systemPriceUsd: 270480,
    sources: [listing],
  },
  {
    id: "nvidia-hgx-h100-2024-07",
    item: "NVIDIA HGX H100 (8x) price list",
    acceleratorId: "nvidia-h100-sxm",
    date: "2024-07-31",
    kind: "listing",
    scope: "baseboard",
    usdPerAccelerator: 36017.75,
    systemPriceUsd: 288142,
    sources: [listing],
  },
  {
    id: "nvidia-h100-sxm-2025-03",
    item: "NVIDIA H100 SXM 80GB, single unit",
    acceleratorId: "nvidia-h100-sxm",
    date: "2025-03-03",
    kind: "listing",
    scope: "chip",
    usdPerAccelerator: 31250,
    sources: [listing],
  },
  annualAverage("nvidia-h100-sxm", "NVIDIA H100", 2022, 30000, 45000, 36742),
  annualAverage("nvidia-h100-sxm", "NVIDIA H100", 2023, 30000, 40000, 34641),
  annualAverage("nvidia-h100-sxm", "NVIDIA H100", 2024, 23000, 30000, 26268),
  annualAverage("nvidia-h100-sxm", "NVIDIA H100", 2025, 20000, 27000, 23238),
  {
    id: "nvidia-hgx-h200-2024-03",
    item: "NVIDIA HGX H200 (8x)",
    acceleratorId: "nvidia-h200-sxm",
    date: "2024-03-27",
    kind: "listing",
    scope: "baseboard",
    usdPerAccelerator: 33820.65,
    systemPriceUsd: 270565,
    sources: [listing],
  },
  {
    id: "nvidia-hgx-h200-2025-01",
    item: "NVIDIA HGX H200 (8x), on sale",
    acceleratorId: "nvidia-h200-sxm",
    date: "2025-01-31",
    kind: "listing",
    scope: "baseboard",
    usdPerAccelerator: 39083.38,
    sources: [listing],
  },
  {
    id: "nvidia-dgx-b200-2024-12",
    item: "NVIDIA DGX B200 (8x), European retailer, EUR converted",
    acceleratorId: "nvidia-b200",
    date: "2024-12-17",
    kind: "listing",
    scope: "server",
    usdPerAccelerator: 47409.13,
    sources: [listing],
  },
  annualAverage("nvidia-gb200", "NVIDIA GB200 (per GPU)", 2024, 35000, 45000, 39686),
  annualAverage("nvidia-gb200", "NVIDIA GB200 (per GPU)", 2025, 30000, 45000, 36742),
  annualAverage("nvidia-gb300", "NVIDIA GB300 (per GPU)", 2025, 30000, 45000),
  annualAverage("nvidia-h20", "NVIDIA H20", 2024, 10000, 15000),
  annualAverage("nvidia-h20", "NVIDIA H20", 2025, 9000, 12000),
  annualAverage("nvidia-a100-sxm-80gb", "NVIDIA A100", 2023, 10000, 15000),
  annualAverage("nvidia-a100-sxm-80gb", "NVIDIA A100", 2024, 10000, 15000),
  annualAverage("nvidia-a100-sxm-80gb", "NVIDIA A100", 2025, 10000, 15000),
  {
    id: "nvidia-h800-sxm-2025-02",
    item: "NVIDIA H800 SXM5",
    acceleratorId: "nvidia-h800-sxm",
    date: "2025-02-21",
    kind: "listing",
    scope: "chip",
    usdPerAccelerator: 33800,
    note: "a DGX H800 listing the same day works out at $44,750 per GPU",
    sources: [listing],
  },
  {
    id: "amd-mi300x-ubb-2025-02",
    item: "AMD Instinct MI300X (8-GPU OAM UBB listing)",
    acceleratorId: "amd-mi300x",
    date: "2025-02-10",
    kind: "listing",
    scope: "baseboard",
    usdPerAccelerator: 25733.71,
    sources: [listing],
  },
  {
    id: "intel-gaudi-3-kit-2024-06",
    item: "Intel Gaudi 3 8-accelerator kit (Intel's list price, Computex 2024)",
    acceleratorId: "intel-gaudi-3",
    date: "2024-06",
    kind: "listing",
    scope: "baseboard",
    usdPerAccelerator: 15625,
    systemPriceUsd: 125000,
    note: "kit of eight Gaudi 3 accelerators with the universal baseboard for $125,000, as reported in the press; per accelerator = 125,000 / 8 (derived)",
    sources: [
      {
        title: "Intel officially launches Gaudi3 AI chip (y-ic.de news, reporting Intel's kit price)",
        url: "https://y-ic.de/news/intel-officially-launches-gaudi3-ai-chip-slower-than-nvidia-h100,but-at-a-lower-cost.html",
        date: "2024",
        evidence: "secondary",
        note: "'ein ... Kit mit acht Gaudi3-Chips 125.000 US-Dollar ... rund 15.625 USD pro Chip'",
      },
    ],
  },
  {
    id: "intel-gaudi-2-2024-06",
    item: "Intel Gaudi 2 (list price, 8 for $65k)",
    acceleratorId: "intel-gaudi-2",
    date: "2024-06-09",
    kind: "listing",
    scope: "baseboard",
    usdPerAccelerator: 8125,
    sources: [listing],
  },
  {
    id: "nvidia-h100-pcie-2025-03",
    item: "NVIDIA H100 PCIe 80GB, single unit (reseller listing)",
    acceleratorId: "nvidia-h100-pcie",
    date: "2025-03-03",
    kind: "listing",
    scope: "chip",
    usdPerAccelerator: 24500,
    sources: [
      { ...listing2025, locator: "row 2025-03-03, NVIDIA H100 PCIe, 80GB, marketplace.uvation.com" },
      {
        title: "Uvation marketplace: NVIDIA H100 Tensor Core GPU 80GB PCIe (archived 2025-03-03)",
        url: "https://web.archive.org/web/20250303201322/https://marketplace.uvation.com/nvidia-h100-tensor-core-gpu-80gb-pcie-new-1/",
        publisher: "Uvation",
        date: "2025-03-03",
        evidence: "secondary",
        note: "the archived page Epoch's row cites; read through Epoch's table, not re-read here",
      },
    ],
  },
  {
    id: "nvidia-h100-nvl-2025-03",
    item: "NVIDIA H100 94GB PCIe (part 900-21010-0020-000), single unit (European reseller listing)",
    acceleratorId: "nvidia-h100-nvl",
    date: "2025-03-03",
    kind: "listing",
    scope: "chip",
    usdPerAccelerator: 35098.15,
    note: "Epoch files the row under 'NVIDIA H100 PCIe' with a 94GB note; a 94 GB HBM3 PCIe H100 is the H100 NVL card, so it is filed here (our mapping)",
    sources: [
      { ...listing2025, locator: "row 2025-03-03, NVIDIA H100 PCIe, 94GB, anafrashop.com" },
      {
        title: "anafrashop: NVIDIA H100 94GB 900-21010-0020-000 (archived 2025-03-03)",
        url: "https://web.archive.org/web/20250303193344/https://anafrashop.com/nvidia-h100-94gb-hbm2-900-21010-0020-000-2",
        publisher: "anafrashop",
        date: "2025-03-03",
        evidence: "secondary",
        note: "the archived page Epoch's row cites; read through Epoch's table, not re-read here",
      },
    ],
  },
  {
    id: "amd-mi250x-2021-11",
    item: "AMD Instinct MI250X (price estimate at launch, The Next Platform)",
    acceleratorId: "amd-mi250x",
    date: "2021-11-08",
    kind: "listing",
    scope: "chip",
    usdPerAccelerator: 14500,
    note: "a press estimate of the street price at launch, not an AMD list price (AMD does not publish one)",
    sources: [
      { ...listing2025, locator: "row 2021-11-08, AMD Radeon Instinct MI250X" },
      {
        title: "Stacking Up AMD MI200 Versus Nvidia A100 Compute Engines",
        url: "https://www.nextplatform.com/2021/12/06/stacking-up-amd-mi200-versus-nvidia-a100-compute-engines/",
        publisher: "The Next Platform",
        date: "2021-12-06",
        evidence: "secondary",
        note: "the article Epoch's row cites; read through Epoch's table, not re-read here",
      },
    ],
  },
];
