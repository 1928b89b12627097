import { describe, expect, it } from "vitest";
import { designFabric } from "./design-fabric";

// Published compute-fabric switch and cable counts, each from its source (see docs/fabric-design.md).
const H100_RA =
  "NVIDIA DGX SuperPOD RA with DGX H100, Network Fabrics, Table 4 (docs.nvidia.com/dgx-superpod/reference-architecture-scalable-infrastructure-h100)";
const B200_RA =
  "NVIDIA DGX SuperPOD RA with DGX B200, DGX SuperPOD Architecture, larger SuperPOD component counts (docs.nvidia.com/dgx-superpod/reference-architecture-scalable-infrastructure-b200)";
const B300_XDR_RA =
  "NVIDIA DGX SuperPOD with DGX B300 and Quantum-X800 InfiniBand, Table 3 (docs.nvidia.com/dgx-superpod/reference-architecture/scalable-infrastructure-b300-xdr)";
const B300_ETH_RA =
  "NVIDIA DGX SuperPOD with DGX B300, Spectrum-4 Ethernet, Table 3 (docs.nvidia.com/dgx-superpod/reference-architecture/scalable-infrastructure-b300)";
const KEDIOS =
  "Kedios B300 Full Network & Topology Report (neocloud.kedios.io/full-network-topology-report/Kedios-B300-Full-Network-Topology-Report.html)";

describe(`DGX SuperPOD H100 on QM9700: ${H100_RA}`, () => {
  // SU, nodes, leaf, spine, compute+UFM cables, spine-leaf cables. Node counts are 32 per SU less one DGX for UFM.
  const rows: [number, number, number, number, number, number][] = [
    [1, 31, 8, 4, 252, 256],
    [2, 63, 16, 8, 508, 512],
    [3, 95, 24, 16, 764, 768],
    [4, 127, 32, 16, 1020, 1024],
  ];
  for (const [su, nodes, leaf, spine, computeAndUfmCables, spineLeafCables] of rows) {
    it(`${su} SU, ${nodes} nodes: ${leaf} leaf + ${spine} spine switches, ${spineLeafCables} spine-leaf cables`, () => {
      const design = designFabric({
        nodeCount: nodes,
        nicsPerNode: 8,
        nicGbitps: 400,
        switch: "nvidia-quantum-2-qm9700",
      });
      expect(design.switches).toEqual({ leaf, spine, core: 0, total: leaf + spine });
      expect(design.links[1]?.linkCount).toBe(spineLeafCables);
      // Convention: the RA's node-leaf count includes 4 UFM appliance links per SU group (248 + 4 = 252).
      expect(design.links[0]?.linkCount).toBe(computeAndUfmCables - 4);
      expect(design.maxSwitchHops).toBe(3);
    });
  }
});

describe(`DGX SuperPOD B200 on QM9700 (2 and 3 tiers): ${B200_RA}`, () => {
  // SU, nodes, leaf, spine, core, node-leaf, leaf-spine, spine-core cables.
  const rows: [number, number, number, number, number, number, number, number][] = [
    [2, 64, 16, 8, 0, 512, 512, 0],
    [4, 128, 32, 16, 0, 1024, 1024, 0],
    [8, 256, 64, 32, 0, 2048, 2048, 0],
    [16, 512, 128, 128, 64, 4096, 4096, 4096],
    [32, 1024, 256, 256, 128, 8192, 8192, 8192],
    [64, 2048, 512, 512, 256, 16384, 16384, 16384],
  ];
  for (const [su, nodes, leaf, spine, core, nodeLeaf, leafSpine, spineCore] of rows) {
    it(`${su} SU, ${nodes} nodes: ${leaf} / ${spine} / ${core} leaf / spine / core switches`, () => {
      const design = designFabric({
        nodeCount: nodes,
        nicsPerNode: 8,
        nicGbitps: 400,
        switch: "nvidia-quantum-2-qm9700",
      });
      expect(design.switches).toEqual({ leaf, spine, core, total: leaf + spine + core });
      expect(design.tierCount).toBe(core > 0 ? 3 : 2);
      expect(design.links.map((link) => link.linkCount)).toEqual(
        core > 0 ? [nodeLeaf, leafSpine, spineCore] : [nodeLeaf, leafSpine],
      );
      expect(design.bisectionGbpsPerDirection).toBe((nodes * 8 * 400) / 2);
    });
  }
});

describe(`DGX SuperPOD B300 on Quantum-X800 Q3400 (144 x 800G): ${B300_XDR_RA}`, () => {
  // SU, nodes, leaf, spine, node-leaf = leaf-spine cables. Spines 18 and 36 come from even striping of 72 uplinks.
  const rows: [number, number, number, number, number][] = [
    [1, 72, 8, 4, 576],
    [2, 144, 16, 8, 1152],
    [4, 288, 32, 18, 2304],
    [8, 576, 64, 36, 4608],
    // The RA prints 9,216 GPUs for 18 SU, but 1,296 nodes x 8 and its cable counts give 10,368.
    [18, 1296, 144, 72, 10368],
  ];
  for (const [su, nodes, leaf, spine, cables] of rows) {
    it(`${su} SU, ${nodes} nodes: ${leaf} leaf + ${spine} spine switches, ${cables} cables per tier`, () => {
      const design = designFabric({
        nodeCount: nodes,
        nicsPerNode: 8,
        nicGbitps: 800,
        switch: "nvidia-quantum-x800-q3400",
      });
      expect(design.switches).toEqual({ leaf, spine, core: 0, total: leaf + spine });
      expect(design.links.map((link) => link.linkCount)).toEqual([cables, cables]);
    });
  }
  it("minimal striping would need 16 and 32 spines at 4 and 8 SU: the RA's 18 and 36 are the even-striping rule", () => {
    const four = designFabric({
      nodeCount: 288,
      nicGbitps: 800,
      switch: "nvidia-quantum-x800-q3400",
      spineStriping: "minimal",
    });
    expect(four.switches.spine).toBe(16);
    expect(four.warnings.some((warning) => warning.includes("do not stripe evenly"))).toBe(true);
  });
});

describe(`DGX SuperPOD B300 twin-plane Spectrum-4 Ethernet (64 x 800G, 2 x 400G per GPU): ${B300_ETH_RA}`, () => {
  // SU, nodes, leaf, spine (both planes), node-leaf = leaf-spine cables as published (one 800G cable = 2 x 400G links).
  const rows: [number, number, number, number, number][] = [
    [1, 64, 16, 8, 512],
    [2, 128, 32, 16, 1024],
    [4, 256, 64, 32, 2048],
    [8, 512, 128, 64, 4096],
    [16, 1024, 256, 128, 8192],
  ];
  for (const [su, nodes, leaf, spine, cables] of rows) {
    it(`${su} SU, ${nodes} nodes: ${leaf} leaf + ${spine} spine switches over 2 planes`, () => {
      const design = designFabric({
        nodeCount: nodes,
        nicsPerNode: 8,
        nicGbitps: 800,
        planeCount: 2,
        switch: "nvidia-spectrum-4-sn5600",
      });
      expect(design.switches).toEqual({ leaf, spine, core: 0, total: leaf + spine });
      expect(design.breakoutPerPort).toBe(2);
      // Convention: the RA counts 800G cables; each carries two of our 400G links.
      expect(design.links.map((link) => link.linkCount / design.breakoutPerPort)).toEqual([cables, cables]);
    });
  }
});

describe(`Operator design, 32 x B300 nodes on Q3400-RA: ${KEDIOS}`, () => {
  it("12 Q3400-RA (8 leaf + 4 spine), 1:1 non-blocking, 204.8 Tb/s bisection as published (bidirectional)", () => {
    const design = designFabric({ nodeCount: 32, nicsPerNode: 8, nicGbitps: 800, switch: "nvidia-quantum-x800-q3400" });
    expect(design.switches).toEqual({ leaf: 8, spine: 4, core: 0, total: 12 });
    expect(design.nonBlocking).toBe(true);
    // Convention: the report's 204.8 Tb/s is 256 x 800 Gb/s, i.e. twice our per-direction bisection.
    expect(design.bisectionGbpsPerDirection * 2).toBe(204_800);
  });
});

describe("GB200 NVL72 scale-up domain (DGX SuperPOD GB200 RA, Multi-node NVLink Fabric)", () => {
  it("one SU of 8 racks = 576 GPUs: 8 domains, 72 NVLink switch trays, 144 NVLink switch chips", () => {
    const design = designFabric({
      nodeCount: 144,
      nicsPerNode: 4,
      nicGbitps: 400,
      switch: "nvidia-quantum-2-qm9700",
      scaleUp: { domain: "nvidia-gb200-nvl72" },
    });
    expect(design.scaleUp).toEqual({
      domainId: "nvidia-gb200-nvl72",
      acceleratorCount: 576,
      domainCount: 8,
      switchTrayCount: 72,
      switchChipCount: 144,
      acceleratorsInLastDomain: 72,
    });
    expect(design.power.scaleUpSwitchTraysWatts).toBe(72 * 400);
  });
});
