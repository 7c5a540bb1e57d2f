import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@hub/persistence';
import { DataSource } from 'typeorm';
import type { CaseEvents, StoredCaseEvent } from './indicator-formulas';

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
      `SELECT c.case_code, c.department,
              json_agg(json_build_object(
                'type', e.type, 'sequence', e.sequence, 'data', e.payload->'data',
                'synced', COALESCE(j.state = 'synced', false)) ORDER BY e.sequence) AS events
         FROM gateway_api.case_events r
         JOIN gateway_api.cases c ON c.case_code = r.case_code
         JOIN gateway_api.case_events e ON e.case_code = r.case_code
         LEFT JOIN portal_sync_api.jobs j ON j.event_id = e.id
        WHERE r.type = 'case.received'
          AND (r.payload->'data'->>'receivedAt')::timestamptz >= $1
          AND (r.payload->'data'->>'receivedAt')::timestamptz < $2
          AND ($3::text IS NULL OR c.department = $3)
        GROUP BY c.case_code, c.department
        ORDER BY c.case_code`,
      [window.from, window.to, department ?? null],
    );
    return rows.map((r) => ({ caseCode: r.case_code, department: r.department, events: r.events }));
  }
}
