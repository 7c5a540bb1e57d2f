import { Inject, Injectable } from '@nestjs/common';
import { queryRows } from '@hub/persistence';
import { DataSource } from 'typeorm';

/** A dead letter as ops keeps it: the reason and where the original is, nothing of its content. */
export interface IntakeDeadLetter {
  id: string;
  deadAt: string;
  consumerGroup: string;
  department: string | null;
  eventId: string | null;
  caseCode: string | null;
  code: string;
  detail: string;
  errors: { index?: number; path: string; message: string }[];
  topic: string;
  partition: number;
  offset: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export type NewIntakeDeadLetter = Omit<IntakeDeadLetter, 'acknowledgedAt' | 'acknowledgedBy'>;

const COLUMNS = `id, dead_at, consumer_group, department, event_id, case_code, code, detail, errors,
  topic, "partition", "offset", acknowledged_at, acknowledged_by`;

function toDeadLetter(r: Record<string, unknown>): IntakeDeadLetter {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);
  return {
    id: r['id'] as string,
    deadAt: iso(r['dead_at']) ?? '',
    consumerGroup: r['consumer_group'] as string,
    department: r['department'] as string | null,
    eventId: r['event_id'] as string | null,
    caseCode: r['case_code'] as string | null,
    code: r['code'] as string,
    detail: r['detail'] as string,
    errors: r['errors'] as IntakeDeadLetter['errors'],
    topic: r['topic'] as string,
    partition: r['partition'] as number,
    offset: r['offset'] as string,
    acknowledgedAt: iso(r['acknowledged_at']),
    acknowledgedBy: r['acknowledged_by'] as string | null,
  };
}

/** ops' own table of hub.dead-letters.v1 (see the migration). */
@Injectable()
export class IntakeDeadLetterRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Idempotent by dead-letter id (a redelivered record, or the same record refused twice). */
  async insert(letters: readonly NewIntakeDeadLetter[]): Promise<number> {
    if (letters.length === 0) return 0;
    const rows = await queryRows(
      this.ds,
      `INSERT INTO intake_dead_letters (id, dead_at, consumer_group, department, event_id, case_code,
                                        code, detail, errors, topic, "partition", "offset")
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[],
                            $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::int[],
                            $12::text[])
       ON CONFLICT (id) DO NOTHING RETURNING 1`,
      [
        letters.map((l) => l.id),
        letters.map((l) => l.deadAt),
        letters.map((l) => l.consumerGroup),
        letters.map((l) => l.department),
        letters.map((l) => l.eventId),
        letters.map((l) => l.caseCode),
        letters.map((l) => l.code),
        letters.map((l) => l.detail),
        letters.map((l) => JSON.stringify(l.errors)),
        letters.map((l) => l.topic),
        letters.map((l) => l.partition),
        letters.map((l) => l.offset),
      ],
    );
    return rows.length;
  }

  /** Newest first; `open`: only those no operator has marked handled. */
  async list(options: {
    state: 'open' | 'all';
    limit: number;
    offset: number;
  }): Promise<{ items: IntakeDeadLetter[]; open: number }> {
    const rows = await queryRows<Record<string, unknown>>(
      this.ds,
      `SELECT ${COLUMNS} FROM intake_dead_letters
        WHERE ($1::boolean IS FALSE OR acknowledged_at IS NULL)
        ORDER BY dead_at DESC, id LIMIT $2 OFFSET $3`,
      [options.state === 'open', options.limit, options.offset],
    );
    return { items: rows.map(toDeadLetter), open: await this.openCount() };
  }

  /** How many no operator has marked handled (the alert's gauge). */
  async openCount(): Promise<number> {
    const [{ open }] = await queryRows<{ open: number }>(
      this.ds,
      `SELECT count(*)::int AS open FROM intake_dead_letters WHERE acknowledged_at IS NULL`,
    );
    return open;
  }

  /**
   * Marks a dead letter handled (the department resent the record, or it was a test). Idempotent:
   * the first operator and time are kept. `undefined` when there is no such dead letter.
   */
  async acknowledge(id: string, by: string): Promise<IntakeDeadLetter | undefined> {
    const [row] = await queryRows<Record<string, unknown>>(
      this.ds,
      `UPDATE intake_dead_letters
          SET acknowledged_at = COALESCE(acknowledged_at, now()),
              acknowledged_by = COALESCE(acknowledged_by, $2)
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, by],
    );
    return row ? toDeadLetter(row) : undefined;
  }
}
