/**
 * Median of a list (the mean of the two middle values for an even count); `empty` when the list is empty.
 * Internal to the validation reports.
 */
export function medianOf(values: readonly number[], empty = Number.NaN): number {
  if (values.length === 0) return empty;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
