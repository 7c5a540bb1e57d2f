import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@hub/persistence';
import { DataSource } from 'typeorm';
import type { CaseEvents, CatalogFacts, CatalogView, StoredCaseEvent } from './indicator-formulas';

/**
 * The `receivedAt` of a stored case.received as an instant, or NULL when Postgres could not read
 * it. Rows accepted before the storable rule (issue 16) may hold a year 0000 or an offset beyond
 * ±15:59, and one bad cast failed every month's query with a 500: the CASE only casts text of the
 * RFC 3339 shape Postgres takes (CASE evaluates its branch only when the test holds).
 */
const RECEIVED_AT = `CASE WHEN r.payload->'data'->>'receivedAt'
      ~ '^([0-9]{4})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-](0[0-9]|1[0-5]):[0-5][0-9])$'
    AND left(r.payload->'data'->>'receivedAt', 4) <> '0000'
  THEN (r.payload->'data'->>'receivedAt')::timestamptz END`;

/**
 * Reads, for every case received in a window (the `receivedAt` of its case.received event, an
 * instant with its offset, so the window is exact whatever the department's clock zone), all its
 * accepted events with their portal sync state. The formulas run over these in code.
 */
@Injectable()
export class IndicatorFactsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async casesReceived(
    window: { from: Date; to: Date },
    department?: string,
  ): Promise<CaseEvents[]> {
    const rows = await queryRows<{
      case_code: string;
      department: string;
      events: StoredCaseEvent[];
      asked_again: boolean | null;
    }>(
      this.ds,
      `WITH received AS (
         SELECT r.case_code, ${RECEIVED_AT} AS received_at
           FROM gateway_api.case_events r
          WHERE r.type = 'case.received')
       SELECT c.case_code, c.department,
              bool_or(cr.documents_asked_again > 0 OR cr.fields_already_verified > 0) AS asked_again,
              json_agg(json_build_object(
                'type', e.type, 'sequence', e.sequence, 'hubSequence', e.hub_sequence,
                'data', e.payload->'data', 'synced', COALESCE(j.state = 'synced', false))
                ORDER BY e.sequence, e.hub_sequence) AS events
         FROM received r
         JOIN gateway_api.cases c ON c.case_code = r.case_code
         JOIN gateway_api.case_events e ON e.case_code = r.case_code
         LEFT JOIN portal_sync_api.jobs j ON j.event_id = e.id
         LEFT JOIN once_only_api.case_reuse cr ON cr.case_code = r.case_code
        WHERE r.received_at >= $1
          AND r.received_at < $2
          AND ($3::text IS NULL OR c.department = $3)
        GROUP BY c.case_code, c.department
        ORDER BY c.case_code`,
      [window.from, window.to, department ?? null],
    );
    return rows.map((r) => ({
      caseCode: r.case_code,
      department: r.department,
      events: r.events,
      ...(r.asked_again === null ? {} : { reuse: { askedAgain: r.asked_again } }),
    }));
  }

  /**
   * The procedure catalog as the indicators need it: name, fully online (`MUCDO` "4"), and whether
   * a result can stand in for one of its documents — the administrator's override when there is
   * one (an empty override links nothing), else the catalog's THANHPHANHOSO links.
   */
  async catalog(): Promise<{ procedures: CatalogView; refreshedAt: Date | null }> {
    const refreshedAt = await this.catalogRefreshedAt();
    const rows = await queryRows<{ code: string } & CatalogFacts>(
      this.ds,
      `SELECT p.code, p.name, COALESCE((p.procedure->>'fullyOnline')::boolean, false) AS "fullyOnline",
              CASE WHEN o.procedure_code IS NOT NULL THEN cardinality(o.result_codes) > 0
                   ELSE EXISTS (SELECT 1 FROM jsonb_array_elements(p.procedure->'documents') d
                                 WHERE d->>'replacedByResult' IS NOT NULL) END AS "reuseLinked"
         FROM catalog_api.procedures p
         LEFT JOIN gateway_api.procedure_reuse_overrides o ON o.procedure_code = p.code`,
    );
    return {
      procedures: new Map(
        rows.map((r) => [
          r.code,
          { name: r.name, fullyOnline: r.fullyOnline, reuseLinked: r.reuseLinked },
        ]),
      ),
      refreshedAt,
    };
  }

  /** When the catalog in use was read from the portal; null before the first good refresh. */
  async catalogRefreshedAt(): Promise<Date | null> {
    const [row] = await queryRows<{ at: Date | null }>(
      this.ds,
      `SELECT max(finished_at) AS at FROM catalog_api.refreshes WHERE state = 'done'`,
    );
    return row?.at ?? null;
  }

  /**
   * Received cases whose `receivedAt` cannot be read (see RECEIVED_AT): they belong to no month,
   * so every scorecard leaves them out; this count says how many are left out.
   */
  async unreadableReceivedCount(department?: string): Promise<number> {
    const [row] = await queryRows<{ n: string }>(
      this.ds,
      `SELECT count(*) AS n
         FROM gateway_api.case_events r
        WHERE r.type = 'case.received'
          AND ($1::text IS NULL OR r.department = $1)
          AND (${RECEIVED_AT}) IS NULL`,
      [department ?? null],
    );
    return Number(row?.n ?? 0);
  }
}
