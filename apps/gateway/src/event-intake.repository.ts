import { Inject, Injectable } from '@nestjs/common';
import { type CaseEvent, topics } from '@hub/contracts';
import { toBinaryRecord } from '@hub/messaging';
import { enqueueOutbox } from '@hub/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { ValidatedEvent } from './usecases/accept-events/accept-events.command';

export type IntakeResult =
  | { kind: 'accepted'; results: { id: string; status: 'accepted' | 'duplicate' }[] }
  | { kind: 'conflict'; errors: { index: number; path: string; message: string }[] }
  | { kind: 'forbidden'; errors: { index: number; path: string; message: string }[] };

/** Header on hub.case-events.v1 records: when the gateway committed the event. */
export const ACCEPTED_AT_HEADER = 'hub-accepted-at';

interface ExistingEvent {
  id: string;
  case_code: string;
  sequence: number;
  content_hash: string;
}

class RollbackWith extends Error {
  constructor(readonly result: IntakeResult) {
    super(result.kind);
  }
}

/** What an event says about the case's status (payments leave it unchanged). */
function statusOf(event: CaseEvent): string | undefined {
  switch (event.type) {
    case 'case.received':
      return event.data.initialStatus;
    case 'case.status-changed':
      return event.data.status;
    case 'case.result-issued':
      return 'processed';
    case 'payment.completed':
      return undefined;
  }
}

/**
 * Stores a batch of events, their case projections and their outbox records in ONE transaction.
 * The case rows are locked (in case-code order, so batches cannot deadlock) before anything is
 * written: events of one case are therefore committed one transaction at a time, and outbox ids
 * follow commit order per case, which is the order the relay publishes in.
 */
@Injectable()
export class EventIntakeRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async accept(department: string, events: ValidatedEvent[]): Promise<IntakeResult> {
    try {
      return await this.ds.transaction((tx) => this.acceptIn(tx, department, events));
    } catch (e) {
      if (e instanceof RollbackWith) return e.result;
      throw e;
    }
  }

  private async acceptIn(
    tx: EntityManager,
    department: string,
    events: ValidatedEvent[],
  ): Promise<IntakeResult> {
    const caseCodes = [...new Set(events.map((e) => e.event.subject))].sort();
    await tx.query(
      `INSERT INTO cases (case_code, department) SELECT c, $2 FROM unnest($1::text[]) AS c ORDER BY c
       ON CONFLICT (case_code) DO NOTHING`,
      [caseCodes, department],
    );
    const owners: { case_code: string; department: string }[] = await tx.query(
      `SELECT case_code, department FROM cases WHERE case_code = ANY($1::text[]) ORDER BY case_code FOR UPDATE`,
      [caseCodes],
    );
    const ownerOf = new Map(owners.map((o) => [o.case_code, o.department]));
    const foreign = events.filter((e) => ownerOf.get(e.event.subject) !== department);
    if (foreign.length > 0) {
      throw new RollbackWith({
        kind: 'forbidden',
        errors: foreign.map((e) => ({
          index: e.index,
          path: 'subject',
          message: `case ${e.event.subject} belongs to another department`,
        })),
      });
    }

    const existing: ExistingEvent[] = await tx.query(
      `SELECT id, case_code, sequence, content_hash FROM case_events
        WHERE id = ANY($1::text[])
           OR (case_code, sequence) IN (SELECT * FROM unnest($2::text[], $3::int[]))`,
      [
        events.map((e) => e.event.id),
        events.map((e) => e.event.subject),
        events.map((e) => e.event.sequence),
      ],
    );
    const byId = new Map(existing.map((x) => [x.id, x]));
    const bySequence = new Map(existing.map((x) => [`${x.case_code}#${x.sequence}`, x]));

    const results: { id: string; status: 'accepted' | 'duplicate' }[] = [];
    const conflicts: { index: number; path: string; message: string }[] = [];
    const fresh: ValidatedEvent[] = [];
    for (const v of events) {
      const same = byId.get(v.event.id);
      if (same) {
        if (same.content_hash === v.contentHash)
          results.push({ id: v.event.id, status: 'duplicate' });
        else
          conflicts.push({
            index: v.index,
            path: 'id',
            message: `was already used for an event with different content`,
          });
        continue;
      }
      const taken = bySequence.get(`${v.event.subject}#${v.event.sequence}`);
      if (taken) {
        conflicts.push({
          index: v.index,
          path: 'sequence',
          message: `${v.event.sequence} of case ${v.event.subject} is already taken by event ${taken.id}`,
        });
        continue;
      }
      results.push({ id: v.event.id, status: 'accepted' });
      fresh.push(v);
    }
    if (conflicts.length > 0) throw new RollbackWith({ kind: 'conflict', errors: conflicts });
    if (fresh.length === 0) return { kind: 'accepted', results };

    const acceptedAt = new Date();
    const params: unknown[] = [];
    const rows = fresh.map((v, i) => {
      const e = v.event;
      params.push(
        e.id,
        e.subject,
        department,
        e.type,
        e.sequence,
        e.time,
        JSON.stringify(e),
        v.contentHash,
        acceptedAt,
      );
      const b = i * 9;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}::jsonb, $${b + 8}, $${b + 9})`;
    });
    const inserted: unknown[] = await tx.query(
      `INSERT INTO case_events (id, case_code, department, type, sequence, event_time, payload, content_hash, accepted_at)
       VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING RETURNING id`,
      params,
    );
    if (inserted.length !== fresh.length) {
      // Another request took one of these ids for a different case in the meantime.
      throw new RollbackWith({
        kind: 'conflict',
        errors: [
          {
            index: fresh[0].index,
            path: 'id',
            message: 'was accepted concurrently by another request; retry',
          },
        ],
      });
    }

    await enqueueOutbox(
      tx,
      fresh.map((v) => {
        const record = toBinaryRecord(v.event, v.event.subject);
        return {
          topic: topics.caseEvents,
          key: record.key,
          headers: { ...record.headers, [ACCEPTED_AT_HEADER]: acceptedAt.toISOString() },
          value: record.value,
        };
      }),
    );

    await this.project(tx, fresh);
    return { kind: 'accepted', results };
  }

  /** Updates each case's projection from the highest-sequence events just accepted. */
  private async project(tx: EntityManager, fresh: ValidatedEvent[]): Promise<void> {
    const perCase = new Map<
      string,
      { last: number; count: number; status?: [number, string]; procedure?: string }
    >();
    for (const { event } of fresh) {
      const p = perCase.get(event.subject) ?? { last: 0, count: 0 };
      p.last = Math.max(p.last, event.sequence);
      p.count += 1;
      const status = statusOf(event);
      if (status && (!p.status || p.status[0] < event.sequence))
        p.status = [event.sequence, status];
      if (event.type === 'case.received') p.procedure = event.data.procedureCode;
      perCase.set(event.subject, p);
    }
    // One statement for the whole batch: the case rows are locked, so round trips are lock time.
    const rows = [...perCase.entries()];
    await tx.query(
      `UPDATE cases c SET
          last_sequence = GREATEST(c.last_sequence, u.last),
          event_count = c.event_count + u.count,
          status = CASE WHEN u.status_sequence > c.status_sequence THEN u.status ELSE c.status END,
          status_sequence = GREATEST(c.status_sequence, u.status_sequence),
          procedure_code = COALESCE(u.procedure, c.procedure_code),
          updated_at = now()
        FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[])
          AS u(case_code, last, count, status_sequence, status, procedure)
       WHERE c.case_code = u.case_code`,
      [
        rows.map(([caseCode]) => caseCode),
        rows.map(([, p]) => p.last),
        rows.map(([, p]) => p.count),
        rows.map(([, p]) => p.status?.[0] ?? 0),
        rows.map(([, p]) => p.status?.[1] ?? null),
        rows.map(([, p]) => p.procedure ?? null),
      ],
    );
  }
}
