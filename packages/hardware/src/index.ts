/**
 * `@aifactory/hardware`: the sourced catalog of accelerators, systems, scale-up and scale-out fabrics, storage
 * tiers and clusters, with queries, derived metrics (ridge points, rooflines, TFLOPS per watt), a hardware
 * plugin kind and pack validation.
 *
 * @packageDocumentation
 */
export {
  type Accelerator,
  type AcceleratorId,
  type AcceleratorInput,
  acceleratorSchema,
  type ScaleUp,
  scaleUpSchema,
  type Vendor,
  vendorSchema,
} from "./accelerator";
export {
  type AcceleratorCatalog,
  type AcceleratorFilter,
  acceleratorOfSystem,
  getAccelerator,
  getSystem,
  listAccelerators,
  listSystems,
  type SystemFilter,
} from "./catalog";
export { type Cluster, type ClusterSpec, clusterSpecSchema, defineCluster } from "./cluster";
export { BUILT_IN_ACCELERATORS, type BuiltInAcceleratorId } from "./data/accelerators";
export { BUILT_IN_FABRICS, type BuiltInFabricId } from "./data/fabrics";
export { BUILT_IN_STORAGE_TIERS } from "./data/storage-tiers";
export { BUILT_IN_SYSTEMS, type BuiltInSystemId } from "./data/systems";
export { BYTES_PER_ELEMENT, DTYPES, type Dtype, dtypeSchema, type TflopsByDtype, tflopsByDtypeSchema } from "./dtype";
export { type Fabric, type FabricId, fabricSchema, type Topology, topologySchema } from "./fabric";
export { getFabric, listFabrics } from "./fabric-catalog";
export {
  type HardwarePack,
  type HardwarePackValidation,
  hardwarePackSchema,
  parseHardwarePack,
  validateHardwarePack,
} from "./hardware-pack";
export { acceleratorInvariantProblems, PLAUSIBLE_ACCELERATOR_RANGES } from "./invariants";
export { hardwareJsonSchemas } from "./json-schema";
export {
  type AcceleratorComparison,
  acceleratorMetrics,
  attainableTflops,
  type ComparisonRow,
  compareAccelerators,
  type DtypeMetrics,
  memoryGBPerTflops,
  type PeakOptions,
  peakTflops,
  type Roofline,
  type RooflineOptions,
  type RooflinePoint,
  ridgePointFlopsPerByte,
  roofline,
  tflopsPerWatt,
} from "./metrics";
export { acceleratorPowerWatts, type PowerFigure, systemPowerWatts } from "./power";
export {
  acceleratorKind,
  builtInHardwarePlugin,
  catalogFromRegistry,
  createHardwareRegistry,
  definePlugin,
  fabricKind,
  HARDWARE_EXTENSION_KINDS,
  type HardwareCatalog,
  type HardwareRegistry,
  hardwareReferenceProblems,
  storageTierKind,
  systemKind,
} from "./registry";
export { getStorageTier, hbmTierOf, listStorageTiers } from "./storage-catalog";
export { type StorageTier, storageTierSchema } from "./storage-tier";
export {
  hostCpusSchema,
  nicSchema,
  type System,
  type SystemId,
  type SystemInput,
  systemSchema,
} from "./system";

/**
 * The npm name of this package.
 *
 * @example
 * ```ts
 * import { packageName } from "@aifactory/hardware";
 * packageName; // "@aifactory/hardware"
 * ```
 * @since 0.1.0
 * @category Package
 */
export const packageName = "@aifactory/hardware";

// Fabric design: scale-out fabric designer with its switch, link-media and scale-up-domain data.
export { BUILT_IN_FABRIC_SWITCHES } from "./data/fabric-switches";
export { BUILT_IN_LINK_MEDIA } from "./data/link-media";
export { BUILT_IN_SCALE_UP_DOMAINS } from "./data/scale-up-domains";
export {
  designFabric,
  type FabricDesign,
  type FabricDesignInput,
  type FabricLinkReport,
  type FabricTierReport,
  fabricDesignInputSchema,
} from "./fabric-design/design-fabric";
export { type FabricSwitch, fabricSwitchSchema } from "./fabric-design/fabric-switch";
export {
  type LinkEnd,
  type LinkMedia,
  type LinkMediaKind,
  linkEndSchema,
  linkMediaKindSchema,
  linkMediaSchema,
} from "./fabric-design/link-media";
export { type ScaleOutFabricProfile, scaleOutFabricProfile } from "./fabric-design/scale-out-profile";
export { type ScaleUpDomain, scaleUpDomainSchema } from "./fabric-design/scale-up-domain";

// Site design: rack packing under a rack power limit and sourced power-cap points.
export {
  listPowerCapCurves,
  type PowerCapCurve,
  type PowerCapEffect,
  type PowerCapPoint,
  powerCapCurveSchema,
  powerCapEffect,
  powerCapPointSchema,
} from "./site/power-caps";
export {
  DEFAULT_RACK_UNITS_PER_RACK,
  packRacks,
  type RackPacking,
  type RackPackingOptions,
  rackPackingOptionsSchema,
} from "./site/rack-packing";
