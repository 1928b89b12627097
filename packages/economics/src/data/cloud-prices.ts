import { ECONOMICS_SOURCES } from "../sources";
import type { CloudPrice } from "./price-schemas";

const epoch = ECONOMICS_SOURCES.epochHardwarePrices;
// The same Epoch AI table at the commit its 2023-2024 rows below were read from.
const epoch2024 = {
  ...epoch,
  url: "https://github.com/epoch-research/training-cost-trends/blob/35b2cd6bd67c21431491469c9bd0f49b2993770c/data/Hardware%20prices.csv",
};

/**
 * Built-in cloud list prices per accelerator-hour with the date of the archived page, each citing the
 * provider's page or Epoch AI's price table (which cites an archived provider page per row); prices without a
 * public source are left out.
 *
 * @example
 * ```ts
 * import { CLOUD_PRICES } from "@aifactory/economics";
 * CLOUD_PRICES.filter((price) => price.provider === "AWS").map((price) => price.usdPerGpuHour);
 * ```
 * @since 0.1.0
 * @category Prices
 */
export const CLOUD_PRICES: readonly CloudPrice[] = [
  {
    id: "aws-p5-48xlarge-2025-03",
    provider: "AWS",
    sku: "p5.48xlarge (8x H100 SXM)",
    acceleratorId: "nvidia-h100-sxm",
    region: "US East",
    date: "2025-03-17",
    pricing: "on-demand",
    usdPerGpuHour: 12.29,
    note: "instance $98.32/h; AWS cut P5 prices by up to 45 % in June 2025 (secondary reports)",
    sources: [
      epoch,
      {
        title: "AWS EC2 on-demand pricing (archived 2025-03-17)",
        url: "https://web.archive.org/web/20250317144823/https://aws.amazon.com/ec2/pricing/on-demand/",
        publisher: "Amazon Web Services",
        date: "2025-03-17",
        evidence: "verified",
      },
    ],
  },
  {
    id: "aws-p5e-2025-03",
    provider: "AWS",
    sku: "p5e (8x H200)",
    acceleratorId: "nvidia-h200-sxm",
    region: "US East",
    date: "2025-03-17",
    pricing: "on-demand",
    usdPerGpuHour: 10.6,
    note: "instance $84.80/h",
    sources: [epoch],
  },
  {
    id: "aws-p5-capacity-block-2024",
    provider: "AWS",
    sku: "p5 EC2 Capacity Blocks (8x H100)",
    acceleratorId: "nvidia-h100-sxm",
    region: "us-east-1",
    date: "2024-12",
    pricing: "capacity-block",
    usdPerGpuHour: 4.916,
    note: "reserved short-term blocks, not on-demand; instance $39.33/h; rates in force until 2025-01-01",
    sources: [{ ...ECONOMICS_SOURCES.awsCapacityBlocksPricing, locator: "p5.48xlarge, US East (N. Virginia)" }],
  },
  {
    id: "aws-p5e-capacity-block-2024",
    provider: "AWS",
    sku: "p5e EC2 Capacity Blocks (8x H200)",
    acceleratorId: "nvidia-h200-sxm",
    region: "us-east-2",
    date: "2024-12",
    pricing: "capacity-block",
    usdPerGpuHour: 5.408,
    note: "reserved short-term blocks, not on-demand; instance $43.26/h; rates in force until 2025-01-01",
    sources: [{ ...ECONOMICS_SOURCES.awsCapacityBlocksPricing, locator: "p5e.48xlarge, US East (Ohio)" }],
  },
  {
    id: "gcp-a3-highgpu-1g-2025-03",
    provider: "Google Cloud",
    sku: "a3-highgpu-1g (H100)",
    acceleratorId: "nvidia-h100-sxm",
    region: "us-central1 (Iowa)",
    date: "2025-03-17",
    pricing: "on-demand",
    usdPerGpuHour: 11.06,
    commit1yrUsdPerGpuHour: 7.67,
    commit3yrUsdPerGpuHour: 4.86,
    sources: [epoch],
  },
  {
    id: "azure-ncads-h100-v5-2025-03",
    provider: "Microsoft Azure",
    sku: "NCads H100 v5 (H100 NVL)",
    acceleratorId: "nvidia-h100-nvl",
    region: "East US",
    date: "2025-03-17",
    pricing: "on-demand",
    usdPerGpuHour: 6.98,
    commit1yrUsdPerGpuHour: 5.81,
    commit3yrUsdPerGpuHour: 4.31,
    sources: [epoch],
  },
  {
    id: "oci-bm-gpu-h100-8-2025-03",
    provider: "Oracle Cloud",
    sku: "BM.GPU.H100.8",
    acceleratorId: "nvidia-h100-sxm",
    date: "2025-03-17",
    pricing: "on-demand",
    usdPerGpuHour: 10.0,
    note: "same list price on 2023-10-23",
    sources: [epoch],
  },
  {
    id: "lambda-h100-sxm-2023-06",
    provider: "Lambda",
    sku: "H100 SXM 80GB",
    acceleratorId: "nvidia-h100-sxm",
    date: "2023-06-20",
    pricing: "on-demand",
    usdPerGpuHour: 1.99,
    note: "launch promotion",
    sources: [epoch],
  },
  {
    id: "lambda-h100-sxm-2024-01",
    provider: "Lambda",
    sku: "H100 SXM 80GB (8x)",
    acceleratorId: "nvidia-h100-sxm",
    date: "2024-01-29",
    pricing: "on-demand",
    usdPerGpuHour: 3.49,
    sources: [epoch],
  },
  {
    id: "lambda-h100-sxm-2024-09",
    provider: "Lambda",
    sku: "H100 SXM 80GB (8x)",
    acceleratorId: "nvidia-h100-sxm",
    date: "2024-09-01",
    pricing: "on-demand",
    usdPerGpuHour: 2.99,
    sources: [epoch],
  },
  {
    id: "azure-nd96amsr-a100-v4-2024-01",
    provider: "Microsoft Azure",
    sku: "ND96amsr A100 v4 (8x A100 SXM 80GB)",
    acceleratorId: "nvidia-a100-sxm-80gb",
    region: "East US",
    date: "2024-01-29",
    pricing: "on-demand",
    usdPerGpuHour: 4.1,
    commit1yrUsdPerGpuHour: 3.53,
    commit3yrUsdPerGpuHour: 2.13,
    sources: [
      { ...epoch2024, locator: "row 2024-01-29, NVIDIA A100 SXM4 80 GB, Microsoft Azure" },
      {
        title: "Azure Linux virtual machines pricing",
        url: "https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/",
        publisher: "Microsoft",
        date: "2024-01-29",
        evidence: "secondary",
        note: "the page Epoch's row cites (live page, not archived)",
      },
    ],
  },
  {
    id: "gcp-tpu-v4-2023-06",
    provider: "Google Cloud",
    sku: "Cloud TPU v4 (per chip-hour)",
    acceleratorId: "google-tpu-v4",
    region: "us-central2-b",
    date: "2023-06-01",
    pricing: "on-demand",
    usdPerGpuHour: 3.22,
    commit1yrUsdPerGpuHour: 2.03,
    commit3yrUsdPerGpuHour: 1.45,
    sources: [
      { ...epoch2024, locator: "row 2023-06-01, Google TPU v4" },
      {
        title: "Google Cloud TPU pricing (archived 2023-06-01)",
        url: "https://web.archive.org/web/20230601141218/https://cloud.google.com/tpu/pricing",
        publisher: "Google",
        date: "2023-06-01",
        evidence: "verified",
      },
    ],
  },
  {
    id: "lambda-h100-pcie-2024-01",
    provider: "Lambda",
    sku: "H100 PCIe 80GB (1x)",
    acceleratorId: "nvidia-h100-pcie",
    date: "2024-01-29",
    pricing: "on-demand",
    usdPerGpuHour: 2.49,
    sources: [{ ...epoch2024, locator: "row 2024-01-29, NVIDIA H100 PCIe, Lambda Labs" }],
  },
  {
    id: "lambda-h100-sxm-2025-02",
    provider: "Lambda",
    sku: "H100 SXM 80GB (1x)",
    acceleratorId: "nvidia-h100-sxm",
    date: "2025-02-28",
    pricing: "on-demand",
    usdPerGpuHour: 3.29,
    sources: [epoch],
  },
];
