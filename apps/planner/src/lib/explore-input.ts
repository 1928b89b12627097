/** Parses "512, 1024 2048" into positive integers; returns the offending token when one is not. */
export function parseCounts(text: string): { counts: number[] } | { error: string } {
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  if (tokens.length === 0) return { error: "give at least one count" };
  const counts: number[] = [];
  for (const token of tokens) {
    const value = Number(token);
    if (!Number.isInteger(value) || value <= 0) return { error: `"${token}" is not a positive integer` };
    counts.push(value);
  }
  return { counts: [...new Set(counts)] };
}
