import { definePlugin } from "@aifactory/core";
// Type-only: `satisfies FactoryPackInput` below makes the editor and `tsc` flag a misspelt field or a missing
// required figure while you write the pack; nothing from the planner is loaded at run time.
import type { FactoryPackInput } from "@aifactory/planner";

/**
 * An example pack: the NVIDIA L40S (Ada Lovelace, PCIe), which the built-in catalog does not list.
 * Figures from NVIDIA's L40S datasheet as reproduced by resellers (tagged `secondary`); dense peaks are the
 * datasheet's values without the sparsity asterisk.
 *
 * A pack is plain data: pass it to `createFactoryCatalog([examplePack])` (`@aifactory/planner`) and hand the
 * catalog to `plan()`, or load the published package with `aif --pack aifactory-plugin-example-pack` (the CLI
 * reads the package's default export).
 *
 * @example
 * ```ts
 * import { createFactoryCatalog, catalogAccelerator } from "@aifactory/planner";
 * import { examplePack } from "aifactory-plugin-example-pack";
 * const catalog = createFactoryCatalog([examplePack]);
 * catalogAccelerator(catalog, "nvidia-l40s").memoryBandwidthGBps; // 864
 * ```
 */
export const examplePack = definePlugin({
  name: "aifactory-plugin-example-pack",
  version: "0.1.0",
  description: "Example hardware pack: NVIDIA L40S",
  hardware: {
    accelerators: [
      {
        id: "nvidia-l40s",
        name: "NVIDIA L40S 48GB (PCIe)",
        vendor: "nvidia",
        launchYear: 2023,
        denseTflops: { fp32: 91.6, tf32: 183, bf16: 362.05, fp16: 362.05, fp8: 733 },
        sparseTflops: { tf32: 366, bf16: 733, fp16: 733, fp8: 1466 },
        memoryGB: 48,
        memoryAsStated: "48 GB GDDR6 with ECC",
        memoryBandwidthGBps: 864,
        tdpWatts: 350,
        scaleUp: {
          technology: "PCIe Gen4 x16 (no NVLink)",
          bandwidthGBpsPerDirection: 32,
          bandwidthAsStated: "PCIe Gen4 x16: 64 GB/s bidirectional",
          scaleUpDomainSize: 1,
        },
        notes: [
          "No NVLink: GPUs talk over PCIe, so the scale-up domain is a single GPU.",
          "The datasheet lists sparse bf16/fp16 as 733 TFLOPS, not 2x the dense 362.05 (724.1): kept as published.",
        ],
        sources: [
          {
            title: "NVIDIA L40S datasheet (specification table, reproduced by a reseller)",
            url: "https://www.mullet.se/product.html?product_id=355414",
            publisher: "NVIDIA",
            date: "2023",
            locator: "L40S column; * marks sparse figures",
            evidence: "secondary",
          },
        ],
      },
    ],
  },
} satisfies FactoryPackInput);

export default examplePack;
