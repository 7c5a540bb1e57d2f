import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@hub/persistence';
import { DataSource } from 'typeorm';
import type { CaseEvents, StoredCaseEvent } from './indicator-formulas';

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
    }>(
      this.ds,
      `WITH received AS (
         SELECT r.case_code, ${RECEIVED_AT} AS received_at
           FROM gateway_api.case_events r
          WHERE r.type = 'case.received')
       SELECT c.case_code, c.department,
              json_agg(json_build_object(
                'type', e.type, 'sequence', e.sequence, 'data', e.payload->'data',
                'synced', COALESCE(j.state = 'synced', false)) ORDER BY e.sequence) AS events
         FROM received r
         JOIN gateway_api.cases c ON c.case_code = r.case_code
         JOIN gateway_api.case_events e ON e.case_code = r.case_code
         LEFT JOIN portal_sync_api.jobs j ON j.event_id = e.id
        WHERE r.received_at >= $1
          AND r.received_at < $2
          AND ($3::text IS NULL OR c.department = $3)
        GROUP BY c.case_code, c.department
        ORDER BY c.case_code`,
      [window.from, window.to, department ?? null],
    );
    return rows.map((r) => ({ caseCode: r.case_code, department: r.department, events: r.events }));
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
