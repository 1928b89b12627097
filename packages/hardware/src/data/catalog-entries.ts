/**
 * Types a built-in catalog's entries as `T` while keeping each entry's literal `id`, so the catalog's id union is
 * read from the data (`(typeof BUILT_IN_ACCELERATORS)[number]["id"]`) instead of being kept by hand beside it.
 * Curried so that `T` is given and the ids are inferred.
 *
 * @returns a function that returns its entries unchanged, typed with their literal ids
 * @internal
 */
export function catalogEntries<T extends { id: string }>(): <Id extends string>(
  entries: ReadonlyArray<T & { id: Id }>,
) => ReadonlyArray<T & { id: Id }> {
  return (entries) => entries;
}
