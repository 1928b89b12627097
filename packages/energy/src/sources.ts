import type { Source } from "@aifactory/core";

/**
 * Citations shared by several catalog entries of this package, kept in one place so that a correction to a
 * source (a moved URL, a pinned commit) is made once.
 *
 * @example
 * ```ts
 * import { ENERGY_SOURCES } from "@aifactory/energy";
 * ENERGY_SOURCES.patterson2021.locator; // "Table 4"
 * ```
 * @since 0.1.0
 * @category Sources
 */
export const ENERGY_SOURCES = {
  patterson2021: {
    title: "Patterson et al. 2021, Carbon Emissions and Large Neural Network Training",
    url: "https://arxiv.org/abs/2104.10350",
    publisher: "arXiv",
    date: "2021-04",
    locator: "Table 4",
    evidence: "verified",
  },
  codecarbonEnergyMix: {
    title: "CodeCarbon global_energy_mix.json (Our World in Data carbon_intensity field)",
    url: "https://github.com/mlco2/codecarbon/blob/b05965e43b690cdc53787c7577adbe6e2caf4ed9/codecarbon/data/private_infra/global_energy_mix.json",
    publisher: "CodeCarbon / Our World in Data",
    evidence: "verified",
  },
  greenAlgorithmsCi: {
    title: "Green Algorithms CI_aggregated.csv",
    url: "https://github.com/GreenAlgorithms/green-algorithms-tool/blob/30df2feead1c7f5db87a3d86ca1239470a0cd415/data/latest/CI_aggregated.csv",
    publisher: "Green Algorithms",
    evidence: "verified",
  },
  carbontrackerConstants: {
    title: "Carbontracker constants.py",
    url: "https://github.com/lfwa/carbontracker/blob/8beb2b9dc124f910deeef9aaae39c45a9b017ca5/carbontracker/constants.py",
    publisher: "Carbontracker",
    evidence: "verified",
  },
  greenAlgorithmsPue: {
    title: "Green Algorithms defaults_PUE.csv (cites Uptime Institute 2024 Global Data Center Survey)",
    url: "https://github.com/GreenAlgorithms/green-algorithms-tool/blob/30df2feead1c7f5db87a3d86ca1239470a0cd415/data/latest/defaults_PUE.csv",
    publisher: "Green Algorithms",
    evidence: "verified",
  },
  epochCostModel: {
    title: "Epoch AI training-cost-trends cost_analysis_standalone.py",
    url: "https://github.com/epoch-research/training-cost-trends/blob/263c40a159307e917213d1dc433c617e47d55bfe/cost_analysis_standalone.py",
    publisher: "Epoch AI",
    evidence: "verified",
  },
  ecologitsMethodology: {
    title: "EcoLogits methodology, LLM inference",
    url: "https://github.com/genai-impact/ecologits/blob/2d0a1c76358a1aad0c530d47794e37465ad029e8/docs/methodology/llm_inference.md",
    publisher: "GenAI Impact",
    evidence: "verified",
  },
  ecologitsLlm: {
    title: "EcoLogits impacts/llm.py",
    url: "https://github.com/genai-impact/ecologits/blob/2d0a1c76358a1aad0c530d47794e37465ad029e8/ecologits/impacts/llm.py",
    publisher: "GenAI Impact",
    evidence: "verified",
  },
  li2023Water: {
    title:
      "Li, Yang, Islam and Ren 2023, Making AI Less Thirsty: Uncovering and Addressing the Secret Water Footprint of AI Models",
    url: "https://arxiv.org/abs/2304.03271",
    publisher: "arXiv",
    date: "2023",
    evidence: "secondary",
    note: "U.S. averages as quoted from the paper by several independent secondary write-ups; the off-site factor is WRI's (Reig et al.) U.S. electricity water-consumption factor.",
  },
  newkirk2025: {
    title:
      "Newkirk et al. 2025, Empirically-Calibrated H100 Node Power Models for Reducing Uncertainty in AI Training Energy Estimation",
    url: "https://arxiv.org/abs/2506.14551",
    publisher: "arXiv",
    date: "2025-06",
    locator: "Abstract",
    evidence: "verified",
  },
} as const satisfies Record<string, Source>;
