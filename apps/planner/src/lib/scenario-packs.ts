/**
 * Adds a pack to a scenario's `packs` (inline, so that the plan, the share link and an exported scenario carry it),
 * replacing a pack of the same `name` and `version`. The worker's `plan()` validates the pack and reports every
 * problem with its dotted path; no package code runs here.
 *
 * @param scenario - the scenario on screen (as edited)
 * @param pack - a parsed pack file: accelerators, systems, fabrics, architectures, grid regions, prices
 * @returns the scenario with the pack added (the input is not modified)
 * @throws Error when the file is not a JSON object with a name
 */
export function withPack(scenario: unknown, pack: unknown): unknown {
  if (
    pack === null ||
    typeof pack !== "object" ||
    Array.isArray(pack) ||
    typeof (pack as { name?: unknown }).name !== "string"
  ) {
    throw new Error('a pack is a JSON object with a "name", a "version" and its contributions');
  }
  const base = scenario !== null && typeof scenario === "object" && !Array.isArray(scenario) ? scenario : {};
  const key = (value: unknown) => {
    const entry = value as { name?: unknown; version?: unknown } | null;
    return `${String(entry?.name)}@${String(entry?.version)}`;
  };
  const current = (base as { packs?: unknown }).packs;
  const packs = Array.isArray(current) ? current.filter((entry) => key(entry) !== key(pack)) : [];
  return { ...base, packs: [...packs, pack] };
}

/**
 * The names of the packs a scenario carries inline (`name@version`), for the page to list.
 *
 * @param scenario - the scenario on screen
 * @returns one label per inline pack; a pack given as a path shows as its path
 */
export function packLabels(scenario: unknown): string[] {
  const packs = (scenario as { packs?: unknown } | null)?.packs;
  if (!Array.isArray(packs)) return [];
  return packs.map((entry) =>
    typeof entry === "string"
      ? entry
      : `${String((entry as { name?: unknown })?.name)}@${String((entry as { version?: unknown })?.version)}`,
  );
}
