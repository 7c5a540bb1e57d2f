import type { DataSource } from 'typeorm';
import type { PortalCatalog } from '@hub/national-adapters';
import { queryRows, withAdvisoryLock } from '@hub/persistence';
import { type CatalogRefresh, toCatalogRefresh } from '@hub/read-models';

/** One catalog refresh at a time across every portal-sync replica. */
const CATALOG_REFRESH_LOCK = 7_264_504;

const COLUMNS = `id::text AS id, trigger, requested_by, requested_at, state, started_at, finished_at,
  run_by, listed, procedures, added, changed, removed, agencies, skipped, error`;

/** What a refresh changed in the stored copy. */
export interface CatalogChanges {
  listed: number;
  procedures: number;
  added: number;
  changed: number;
  removed: number;
  agencies: number;
  skipped: PortalCatalog['skipped'];
}

/** The portal answered, but with a catalog the hub will not put in place of the one it has. */
export class CatalogRefused extends Error {}

/**
 * The stored catalog and its refreshes (tables `catalog_procedures`, `catalog_agencies`,
 * `catalog_refreshes`; published as `catalog_api`). Scheduled refreshes and those ops requests
 * are claimed and run under an advisory lock, one replica at a time, like reconciliations.
 */
export class CatalogRepository {
  constructor(private readonly ds: DataSource) {}

  runExclusive<T>(work: () => Promise<T>): Promise<T | undefined> {
    return withAdvisoryLock(this.ds, CATALOG_REFRESH_LOCK, work);
  }

  /**
   * Holding the lock: refreshes a stopped replica left `running` go back to `requested`; a
   * scheduled refresh is requested when none succeeded within `intervalMs` and none was tried
   * within `retryMs` (so an outage is retried at that pace, not at every poll).
   */
  async prepare(
    intervalMs: number,
    retryMs: number,
  ): Promise<{ resumed: number; scheduled: boolean }> {
    const resumed = await queryRows(
      this.ds,
      `UPDATE catalog_refreshes SET state = 'requested', started_at = NULL, run_by = NULL
        WHERE state = 'running' RETURNING 1`,
    );
    const scheduled = await queryRows(
      this.ds,
      `INSERT INTO catalog_refreshes (trigger, state)
       SELECT 'schedule', 'requested'
        WHERE NOT EXISTS (SELECT 1 FROM catalog_refreshes
                           WHERE state = 'done' AND finished_at > now() - ($1::bigint * interval '1 millisecond'))
          AND NOT EXISTS (SELECT 1 FROM catalog_refreshes
                           WHERE state IN ('requested', 'running')
                              OR requested_at > now() - ($2::bigint * interval '1 millisecond'))
       RETURNING 1`,
      [intervalMs, retryMs],
    );
    return { resumed: resumed.length, scheduled: scheduled.length > 0 };
  }

  async claimNext(worker: string): Promise<CatalogRefresh | undefined> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.ds,
      `UPDATE catalog_refreshes SET state = 'running', started_at = now(), run_by = $1
        WHERE id = (SELECT id FROM catalog_refreshes WHERE state = 'requested'
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [worker],
    );
    return row ? toCatalogRefresh(row) : undefined;
  }

  /**
   * Puts a catalog read in place of the stored one, in one transaction, and records the refresh
   * as done. A procedure the portal listed but could not be read keeps its previous copy; one it
   * no longer lists is removed. A read that lists nothing, or no agency, while the hub holds a
   * catalog is refused (CatalogRefused): an empty answer is more likely a portal fault than a
   * city without procedures.
   */
  async apply(refreshId: string, catalog: PortalCatalog): Promise<CatalogChanges> {
    return this.ds.transaction(async (tx) => {
      const [held] = await queryRows<{ procedures: number; agencies: number }>(
        tx,
        `SELECT (SELECT count(*) FROM catalog_procedures)::int AS procedures,
                (SELECT count(*) FROM catalog_agencies)::int AS agencies`,
      );
      if (catalog.listed.length === 0 && held.procedures > 0) {
        throw new CatalogRefused(
          `the portal listed no procedures; the ${held.procedures} held are kept`,
        );
      }
      if (catalog.agencies.length === 0 && held.agencies > 0) {
        throw new CatalogRefused(
          `the portal listed no agencies; the ${held.agencies} held are kept`,
        );
      }
      const before = new Map(
        (
          await queryRows<{ code: string; procedure: unknown }>(
            tx,
            `SELECT code, procedure FROM catalog_procedures`,
          )
        ).map((r) => [r.code, JSON.stringify(r.procedure)]),
      );
      const upserted = await queryRows<{ code: string; procedure: unknown }>(
        tx,
        `INSERT INTO catalog_procedures (code, name, procedure, refreshed_at)
         SELECT p ->> 'code', p ->> 'name', p, now() FROM jsonb_array_elements($1::jsonb) p
         ON CONFLICT (code) DO UPDATE
           SET name = excluded.name, procedure = excluded.procedure, refreshed_at = excluded.refreshed_at
         RETURNING code, procedure`,
        [JSON.stringify(catalog.procedures)],
      );
      const removed = await queryRows(
        tx,
        `DELETE FROM catalog_procedures WHERE code <> ALL($1::text[]) RETURNING 1`,
        [catalog.listed],
      );
      await tx.query(
        `INSERT INTO catalog_agencies (code, name, level, refreshed_at)
         SELECT a ->> 'code', a ->> 'name', a ->> 'level', now() FROM jsonb_array_elements($1::jsonb) a
         ON CONFLICT (code) DO UPDATE
           SET name = excluded.name, level = excluded.level, refreshed_at = excluded.refreshed_at`,
        [JSON.stringify(dedupe(catalog.agencies))],
      );
      await tx.query(`DELETE FROM catalog_agencies WHERE code <> ALL($1::text[])`, [
        catalog.agencies.map((a) => a.code),
      ]);
      const [stored] = await queryRows<{ n: number }>(
        tx,
        `SELECT count(*)::int AS n FROM catalog_procedures`,
      );
      // jsonb normalises key order, so compare what Postgres stored before and after.
      const changes: CatalogChanges = {
        listed: catalog.listed.length,
        procedures: stored.n,
        added: upserted.filter((r) => !before.has(r.code)).length,
        changed: upserted.filter(
          (r) => before.has(r.code) && before.get(r.code) !== JSON.stringify(r.procedure),
        ).length,
        removed: removed.length,
        agencies: new Set(catalog.agencies.map((a) => a.code)).size,
        skipped: catalog.skipped,
      };
      await tx.query(
        `UPDATE catalog_refreshes SET state = 'done', finished_at = now(), listed = $2, procedures = $3,
                added = $4, changed = $5, removed = $6, agencies = $7, skipped = $8::jsonb
          WHERE id = $1`,
        [
          refreshId,
          changes.listed,
          changes.procedures,
          changes.added,
          changes.changed,
          changes.removed,
          changes.agencies,
          JSON.stringify(changes.skipped),
        ],
      );
      return changes;
    });
  }

  async fail(refreshId: string, error: string): Promise<void> {
    await this.ds.query(
      `UPDATE catalog_refreshes SET state = 'failed', finished_at = now(), error = $2 WHERE id = $1`,
      [refreshId, error],
    );
  }
}

/** The last of each agency code wins, as an upsert of one statement must not touch a row twice. */
function dedupe<T extends { code: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((i) => [i.code, i])).values()];
}
