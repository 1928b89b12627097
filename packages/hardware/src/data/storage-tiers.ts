import type { StorageTier } from "../storage-tier";

/**
 * The built-in storage tiers, from accelerator memory to object storage, each with the system or product its
 * figures describe. Tiers are examples with sources, not a complete list: plugins add more.
 *
 * @example
 * ```ts
 * import { BUILT_IN_STORAGE_TIERS } from "@aifactory/hardware";
 * BUILT_IN_STORAGE_TIERS.map((t) => t.kind);
 * ```
 * @since 0.1.0
 * @category Catalog data
 */
export const BUILT_IN_STORAGE_TIERS: readonly StorageTier[] = [
  {
    id: "hbm",
    name: "HBM / on-package accelerator memory (range over the built-in accelerators)",
    kind: "hbm",
    scope: "per-accelerator",
    capacityGBRange: { min: 16, max: 288 },
    readBandwidthGBpsRange: { min: 819, max: 8000 },
    notes: [
      "Derived from the accelerator catalog: 16 GB (TPU v5e) to 288 GB (B300, GB300, MI355X); 819 GB/s (TPU v5e) to 8,000 GB/s (GB200, GB300, MI355X).",
      "Use hbmTierOf(acceleratorId) for one accelerator's figures.",
    ],
    sources: [
      {
        title: "aifactory accelerator catalog (BUILT_IN_ACCELERATORS), itself sourced per entry",
        evidence: "derived",
        note: "min and max of memoryGB and memoryBandwidthGBps over the built-in accelerators",
      },
    ],
  },
  {
    id: "host-dram-dgx-h100",
    name: "Host DDR5 memory, NVIDIA DGX H100/H200",
    kind: "host-dram",
    scope: "per-system",
    example: "NVIDIA DGX H100",
    capacityGB: 2000,
    notes: ["2 TB of DDR5 system memory; the DGX B200 also ships 2 TB (32 DIMMs), upgradable to 4 TB."],
    sources: [
      {
        title: "NVIDIA DGX BasePOD reference architecture, Core Components",
        url: "https://docs.nvidia.com/dgx-basepod/reference-architecture-infrastructure-foundation-enterprise-ai/latest/core-components.html",
        publisher: "NVIDIA",
        locator: "NVIDIA DGX H200 and H100 Systems",
        evidence: "verified",
      },
    ],
  },
  {
    id: "local-nvme-dgx-h100",
    name: "Local NVMe data cache, NVIDIA DGX H100/H200 (8 x 3.84 TB U.2)",
    kind: "local-nvme",
    scope: "per-system",
    example: "NVIDIA DGX H100",
    capacityGB: 30720,
    notes: [
      "Eight 3.84 TB U.2 NVMe drives for storage/cache (8 x 3,840 GB = 30,720 GB), plus two 1.92 TB M.2 drives for the OS.",
    ],
    fieldEvidence: { capacityGB: "derived" },
    sources: [
      {
        title: "NVIDIA DGX BasePOD reference architecture, Core Components",
        url: "https://docs.nvidia.com/dgx-basepod/reference-architecture-infrastructure-foundation-enterprise-ai/latest/core-components.html",
        publisher: "NVIDIA",
        locator: "NVIDIA DGX H200 and H100 Systems",
        evidence: "verified",
      },
    ],
  },
  {
    id: "local-nvme-dgx-b200",
    name: "Local NVMe data cache, NVIDIA DGX B200 (8 x 3.84 TB U.2 in RAID 0)",
    kind: "local-nvme",
    scope: "per-system",
    example: "NVIDIA DGX B200",
    capacityGB: 30720,
    fieldEvidence: { capacityGB: "derived" },
    sources: [
      {
        title: "NVIDIA DGX B200 User Guide, Introduction to NVIDIA DGX B200 Systems",
        url: "https://docs.nvidia.com/dgx/dgxb200-user-guide/introduction-to-dgxb200.html",
        publisher: "NVIDIA",
        locator: "Storage (Data Cache)",
        evidence: "verified",
      },
    ],
  },
  {
    id: "parallel-fs-dgx-superpod",
    name: "Parallel file system for a DGX SuperPOD (partner storage over the storage fabric)",
    kind: "parallel-file-system",
    scope: "per-system",
    example: "NVIDIA DGX SuperPOD with DGX H100",
    readBandwidthGBps: 40,
    notes: [
      "NVIDIA's reference architecture says a GPUDirect Storage-enabled application should be able to read at over 40 GB/s per DGX H100 over the storage fabric: a lower bound, not a peak.",
      "Aggregate file-system bandwidth depends on the partner storage and its size; NVIDIA's storage architecture page gives sizing guidance.",
    ],
    fieldEvidence: { readBandwidthGBps: "secondary" },
    sources: [
      {
        title: "NVIDIA DGX SuperPOD reference architecture featuring DGX H100 (mirror of docs.nvidia.com)",
        url: "https://cidian.kuaisou.com/dgx-superpod-reference-architecture-dgx-h100",
        publisher: "NVIDIA",
        evidence: "secondary",
        note: "'a GDS-enabled application should be able to read data at over 40 GBps'",
      },
    ],
  },
  {
    id: "object-storage-s3",
    name: "Amazon S3 (per partitioned prefix)",
    kind: "object-storage",
    scope: "per-prefix",
    example: "Amazon S3",
    readRequestsPerSecond: 5500,
    writeRequestsPerSecond: 3500,
    notes: [
      "At least 3,500 PUT/COPY/POST/DELETE or 5,500 GET/HEAD requests per second per partitioned prefix; S3 scales by partitioning prefixes automatically (30-60 minutes), so aggregate rates grow with the number of prefixes.",
      "No per-prefix bandwidth is published; throughput scales with parallel connections.",
    ],
    sources: [
      {
        title: "Amazon S3 User Guide, Best practices design patterns: optimizing Amazon S3 performance",
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html",
        publisher: "AWS",
        evidence: "secondary",
        note: "figures read through AWS re:Post and Knowledge Center pages quoting this guide",
      },
      {
        title: "AWS Knowledge Center, How can I increase Amazon S3 request limits (object key naming pattern)",
        url: "https://aws.amazon.com/premiumsupport/knowledge-center/s3-object-key-naming-pattern/",
        publisher: "AWS",
        evidence: "secondary",
      },
    ],
  },
];
