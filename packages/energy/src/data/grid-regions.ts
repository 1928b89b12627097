import type { Source } from "@aifactory/core";
import type { GridIntensity, GridRegion } from "../grid/grid-region";
import { ENERGY_SOURCES } from "../sources";

const OWID_2023 = "location-based; annual average generation (production) mix, Our World in Data (via CodeCarbon)";
const AIB_2020 =
  "location-based; production-mix factor, Association of Issuing Bodies 2021 report, via carbonfootprint.com (March 2022)";
const STATE_2020 = "location-based; US state grid factor, carbonfootprint.com (2020 data, published 2022)";

function owid(gCo2ePerKWh: number, year = 2023): GridIntensity {
  return {
    gCo2ePerKWh,
    year,
    basis: "location",
    method: OWID_2023,
    sources: [ENERGY_SOURCES.codecarbonEnergyMix],
  };
}

function greenAlgorithms(gCo2ePerKWh: number, year: number, method: string): GridIntensity {
  return {
    gCo2ePerKWh,
    year,
    basis: "location",
    method,
    sources: [ENERGY_SOURCES.greenAlgorithmsCi],
  };
}

const codecarbonUsa2016: Source = {
  title: "CodeCarbon 2016 usa_emissions.json (EPA state emission rates)",
  url: "https://github.com/mlco2/codecarbon/blob/b05965e43b690cdc53787c7577adbe6e2caf4ed9/codecarbon/data/private_infra/2016/usa_emissions.json",
  publisher: "CodeCarbon / US EPA",
  evidence: "derived",
  note: "813.802 lb/MWh x 0.45359 kg/lb = 369.1 g/kWh",
};

/**
 * The built-in grid carbon-intensity catalog: every figure location-based, each with its data year, method and
 * source (curated from `shared/reference/grid-and-facility.json`, 2026-11-25). Region ids are lower-case ISO
 * 3166-1 codes, sub-national grids (`us-va`) and `world`. No market-based figure is included yet: the
 * accounting basis is a field so that plugins can add them without mixing the two.
 *
 * @example
 * ```ts
 * import { GRID_REGIONS } from "@aifactory/energy";
 * GRID_REGIONS.find((region) => region.id === "de")?.intensities.length; // 2
 * ```
 * @since 0.1.0
 * @category Grid
 */
export const GRID_REGIONS: readonly GridRegion[] = [
  {
    id: "world",
    name: "World",
    intensities: [
      {
        gCo2ePerKWh: 481,
        year: 2019,
        basis: "location",
        method: "location-based; IEA/Statista power-sector intensity",
        sources: [ENERGY_SOURCES.carbontrackerConstants],
      },
      greenAlgorithms(
        475,
        2019,
        "location-based; IEA Global Energy & CO2 Status Report 2019 (also CodeCarbon's world default)",
      ),
    ],
  },
  {
    id: "us",
    name: "United States",
    intensities: [
      owid(369.5),
      greenAlgorithms(
        423.94,
        2019,
        "location-based; EPA eGRID combined generation + transmission & distribution losses factor",
      ),
    ],
    notes: ["Including T&D losses (eGRID 2019 figure) raises the factor; the 2023 OWID figure is generation only."],
  },
  {
    id: "us-va",
    name: "United States, Virginia",
    parentId: "us",
    intensities: [
      greenAlgorithms(308, 2020, STATE_2020),
      {
        gCo2ePerKWh: 369.1,
        year: 2016,
        basis: "location",
        method: "location-based; EPA state output emission rate 813.802 lb/MWh converted",
        sources: [codecarbonUsa2016],
      },
    ],
    notes: ["Google Cloud reports 322 g/kWh for us-east4 (Ashburn) without a data year; not included for that reason."],
  },
  {
    id: "us-tx",
    name: "United States, Texas",
    parentId: "us",
    intensities: [greenAlgorithms(409.16, 2020, STATE_2020)],
    notes: ["Google Cloud reports 321 g/kWh for us-south1 (Dallas) without a data year; not included for that reason."],
  },
  {
    id: "us-ia",
    name: "United States, Iowa",
    parentId: "us",
    intensities: [greenAlgorithms(293.85, 2020, STATE_2020)],
  },
  {
    id: "us-or",
    name: "United States, Oregon",
    parentId: "us",
    intensities: [greenAlgorithms(163.15, 2020, STATE_2020)],
  },
  {
    id: "fr",
    name: "France",
    intensities: [owid(56.0), greenAlgorithms(51.28, 2020, AIB_2020)],
  },
  {
    id: "de",
    name: "Germany",
    intensities: [owid(381.0), greenAlgorithms(338.66, 2020, AIB_2020)],
  },
  {
    id: "no",
    name: "Norway",
    intensities: [owid(30.1), greenAlgorithms(7.62, 2020, AIB_2020)],
    notes: ["The method alone moves Norway by about 4x (30.1 vs 7.62 g/kWh)."],
  },
  {
    id: "se",
    name: "Sweden",
    intensities: [owid(40.7), greenAlgorithms(5.67, 2020, AIB_2020)],
  },
  {
    id: "ie",
    name: "Ireland",
    intensities: [owid(290.8), greenAlgorithms(335.99, 2020, AIB_2020)],
  },
  {
    id: "gb",
    name: "United Kingdom",
    intensities: [
      owid(237.6),
      greenAlgorithms(
        231.12,
        2019,
        "location-based; UK Defra/BEIS generation + T&D factor (2019/20 data, 2021 report)",
      ),
    ],
  },
  { id: "cn", name: "China", intensities: [owid(582.3)] },
  { id: "in", name: "India", intensities: [owid(713.4)] },
  {
    id: "tw",
    name: "Taiwan",
    intensities: [owid(642.4)],
    notes: ["Relevant to fab (embodied) carbon of TSMC-made chips."],
  },
  { id: "kr", name: "South Korea", intensities: [owid(430.6)] },
  { id: "jp", name: "Japan", intensities: [owid(485.4)] },
  { id: "sg", name: "Singapore", intensities: [owid(470.8)] },
  { id: "ae", name: "United Arab Emirates", intensities: [owid(561.1, 2022)] },
  { id: "sa", name: "Saudi Arabia", intensities: [owid(706.8, 2022)] },
  { id: "ca", name: "Canada", intensities: [owid(170.0)] },
  {
    id: "ca-qc",
    name: "Canada, Quebec",
    parentId: "ca",
    intensities: [
      greenAlgorithms(
        1.5,
        2019,
        "location-based; Canada's 2021 UNFCCC submission (2019 data), via carbonfootprint.com",
      ),
    ],
  },
  { id: "is", name: "Iceland", intensities: [owid(27.7, 2022)] },
];
