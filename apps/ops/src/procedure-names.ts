import type { ProcedureCatalogReader } from '@hub/read-models';

export type WithProcedureName<T> = T & {
  /** The national catalog's name of `procedureCode`; null when the catalog does not know it. */
  procedureName: string | null;
};

/**
 * Names the procedures of a whole answer with one catalog lookup, however many rows it has. A
 * code the catalog lacks (retired from the portal since, or the catalog not loaded yet) keeps
 * its row, named null: the code stays the identity, the name is only a reading aid.
 */
export async function withProcedureNames<T extends { procedureCode: string | null }>(
  catalog: Pick<ProcedureCatalogReader, 'names'>,
  rows: readonly T[],
): Promise<WithProcedureName<T>[]> {
  const codes = new Set<string>();
  for (const r of rows) if (r.procedureCode !== null) codes.add(r.procedureCode);
  const names = await catalog.names([...codes]);
  // hasOwn: a code such as "constructor" must not pick up Object.prototype's members.
  const nameOf = (code: string | null): string | null =>
    code !== null && Object.hasOwn(names, code) ? (names[code] ?? null) : null;
  return rows.map((r) => ({ ...r, procedureName: nameOf(r.procedureCode) }));
}
