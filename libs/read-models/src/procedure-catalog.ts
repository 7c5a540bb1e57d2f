import type { CatalogAgency, CatalogProcedure } from '@hub/national-adapters';
import { queryRows, type Queryable } from '@hub/persistence';

/*
 * The national procedure catalog as portal-sync publishes it (`catalog_api`): read by ops (the
 * catalog API and the console's names), and by the gateway (intake checks, prefill).
 */

export type CatalogRefreshState = 'requested' | 'running' | 'done' | 'failed';

export interface CatalogRefresh {
  id: string;
  trigger: 'schedule' | 'requested';
  requestedBy: string | null;
  requestedAt: Date;
  state: CatalogRefreshState;
  startedAt: Date | null;
  finishedAt: Date | null;
  runBy: string | null;
  /** Procedures the portal listed; null until the refresh is done. */
  listed: number | null;
  /** Procedures stored after it (listed, and read now or kept from before). */
  procedures: number | null;
  added: number | null;
  changed: number | null;
  removed: number | null;
  agencies: number | null;
  /** What the portal sent that could not be read, and why (the previous copy is kept). */
  skipped: { what: string; reason: string }[];
  error: string | null;
}

export interface StoredProcedure extends CatalogProcedure {
  /** When this procedure was last read from the portal. */
  refreshedAt: Date;
}

export interface StoredAgency extends CatalogAgency {
  refreshedAt: Date;
}

export interface ProcedureFilter {
  /** Procedures an agency performs (`COQUANTHUCHIEN`). */
  agency?: string;
  /** A case-insensitive part of the code or the name. */
  text?: string;
  limit: number;
  offset: number;
}

const REFRESH_COLUMNS = `id, trigger, requested_by, requested_at, state, started_at, finished_at,
  run_by, listed, procedures, added, changed, removed, agencies, skipped, error`;

export function toCatalogRefresh(r: Record<string, unknown>): CatalogRefresh {
  return {
    id: String(r['id']),
    trigger: r['trigger'] as CatalogRefresh['trigger'],
    requestedBy: r['requested_by'] as string | null,
    requestedAt: r['requested_at'] as Date,
    state: r['state'] as CatalogRefreshState,
    startedAt: r['started_at'] as Date | null,
    finishedAt: r['finished_at'] as Date | null,
    runBy: r['run_by'] as string | null,
    listed: r['listed'] as number | null,
    procedures: r['procedures'] as number | null,
    added: r['added'] as number | null,
    changed: r['changed'] as number | null,
    removed: r['removed'] as number | null,
    agencies: r['agencies'] as number | null,
    skipped: r['skipped'] as CatalogRefresh['skipped'],
    error: r['error'] as string | null,
  };
}

const toProcedure = (r: Record<string, unknown>): StoredProcedure => ({
  ...(r['procedure'] as CatalogProcedure),
  refreshedAt: r['refreshed_at'] as Date,
});

export class ProcedureCatalogReader {
  constructor(private readonly db: Queryable) {}

  async procedures(filter: ProcedureFilter): Promise<{ items: StoredProcedure[]; total: number }> {
    const text = filter.text ? `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT procedure, refreshed_at, count(*) OVER ()::int AS total
         FROM catalog_api.procedures
        WHERE ($1::text IS NULL OR procedure -> 'agencies' @> jsonb_build_array(jsonb_build_object('code', $1::text)))
          AND ($2::text IS NULL OR code ILIKE $2 OR name ILIKE $2)
        ORDER BY code LIMIT $3 OFFSET $4`,
      [filter.agency ?? null, text, filter.limit, filter.offset],
    );
    const total = rows.length > 0 ? (rows[0]['total'] as number) : await this.count(filter, text);
    return { items: rows.map(toProcedure), total };
  }

  /** The total when the page is past the end (a window count needs a row to ride on). */
  private async count(filter: ProcedureFilter, text: string | null): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM catalog_api.procedures
        WHERE ($1::text IS NULL OR procedure -> 'agencies' @> jsonb_build_array(jsonb_build_object('code', $1::text)))
          AND ($2::text IS NULL OR code ILIKE $2 OR name ILIKE $2)`,
      [filter.agency ?? null, text],
    );
    return row?.n ?? 0;
  }

  async procedure(code: string): Promise<StoredProcedure | undefined> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT procedure, refreshed_at FROM catalog_api.procedures WHERE code = $1`,
      [code],
    );
    return row ? toProcedure(row) : undefined;
  }

  /** Names of the given codes (unknown codes are left out): for tables that show codes. */
  async names(codes: readonly string[]): Promise<Record<string, string>> {
    if (codes.length === 0) return {};
    const rows = await queryRows<{ code: string; name: string }>(
      this.db,
      `SELECT code, name FROM catalog_api.procedures WHERE code = ANY($1::text[])`,
      [codes],
    );
    return Object.fromEntries(rows.map((r) => [r.code, r.name]));
  }

  async agencies(): Promise<StoredAgency[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT code, name, level, refreshed_at FROM catalog_api.agencies ORDER BY code`,
    );
    return rows.map((r) => ({
      code: r['code'] as string,
      name: r['name'] as string,
      level: r['level'] as string,
      refreshedAt: r['refreshed_at'] as Date,
    }));
  }

  async refreshes(limit: number, offset: number): Promise<CatalogRefresh[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT ${REFRESH_COLUMNS} FROM catalog_api.refreshes ORDER BY id::bigint DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return rows.map(toCatalogRefresh);
  }

  async refresh(id: string): Promise<CatalogRefresh | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row] = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT ${REFRESH_COLUMNS} FROM catalog_api.refreshes WHERE id = $1`,
      [id],
    );
    return row ? toCatalogRefresh(row) : undefined;
  }

  /** The last refresh that stored a catalog: when the copy in use was taken. */
  async lastGoodRefresh(): Promise<CatalogRefresh | undefined> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT ${REFRESH_COLUMNS} FROM catalog_api.refreshes WHERE state = 'done'
        ORDER BY id::bigint DESC LIMIT 1`,
    );
    return row ? toCatalogRefresh(row) : undefined;
  }

  async requestRefresh(requestedBy: string): Promise<CatalogRefresh> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.db,
      `SELECT ${REFRESH_COLUMNS} FROM catalog_api.request_refresh($1)`,
      [requestedBy],
    );
    return toCatalogRefresh(row);
  }
}
