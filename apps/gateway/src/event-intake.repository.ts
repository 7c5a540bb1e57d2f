import { Inject, Injectable } from '@nestjs/common';
import { type CaseEvent, topics } from '@hub/contracts';
import { toBinaryRecord } from '@hub/messaging';
import { outboxRows, queryPrepared } from '@hub/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { ValidatedEvent } from './usecases/accept-events/accept-events.command';

export type IntakeResult =
  | { kind: 'accepted'; results: { id: string; status: 'accepted' | 'duplicate' }[] }
  | { kind: 'conflict'; errors: { index: number; path: string; message: string }[] }
  | { kind: 'forbidden'; errors: { index: number; path: string; message: string }[] };

/** Header on hub.case-events.v1 records: when the gateway committed the event. */
export const ACCEPTED_AT_HEADER = 'hub-accepted-at';

/** Batches of up to this many new events write with a prepared statement (one per size). */
const PREPARED_WRITE_SIZES = 5;

/** A row of SEEN_BEFORE: a case's owner (department set) or an event already stored. */
interface SeenRow {
  case_code: string;
  department: string | null;
  id: string | null;
  sequence: number | null;
  content_hash: string | null;
}

/**
 * Creates the cases not seen before and locks every case of the batch, in case-code order so
 * that batches cannot deadlock. `WHERE false` locks an existing row without writing a new
 * version of it: the projection update later in the transaction writes the only one.
 */
export const LOCK_CASES = `INSERT INTO cases (case_code, department)
  SELECT c, $2 FROM unnest($1::text[]) AS c ORDER BY c
  ON CONFLICT (case_code) DO UPDATE SET department = cases.department WHERE false`;

/**
 * Who owns each case, and the stored events that have one of the batch's ids or case sequences.
 * Each part is an index lookup: an OR with a sub-select would read every event ever accepted,
 * under the case locks.
 */
export const SEEN_BEFORE = `
  SELECT case_code, department, NULL::text AS id, NULL::int AS sequence, NULL::text AS content_hash
    FROM cases WHERE case_code = ANY($1::text[])
  UNION ALL
  SELECT case_code, NULL, id, sequence, content_hash FROM case_events WHERE id = ANY($2::text[])
  UNION ALL
  SELECT e.case_code, NULL, e.id, e.sequence, e.content_hash
    FROM unnest($3::text[], $4::int[]) AS u(case_code, sequence)
    JOIN case_events e ON e.case_code = u.case_code AND e.sequence = u.sequence`;

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
 * Each case's projection change from the highest-sequence events just accepted, as the six
 * columns the projection update unnests.
 */
function projectionOf(fresh: ValidatedEvent[]): unknown[][] {
  const perCase = new Map<
    string,
    { last: number; count: number; status?: [number, string]; procedure?: string }
  >();
  for (const { event } of fresh) {
    const p = perCase.get(event.subject) ?? { last: 0, count: 0 };
    p.last = Math.max(p.last, event.sequence);
    p.count += 1;
    const status = statusOf(event);
    if (status && (!p.status || p.status[0] < event.sequence)) p.status = [event.sequence, status];
    if (event.type === 'case.received') p.procedure = event.data.procedureCode;
    perCase.set(event.subject, p);
  }
  const rows = [...perCase.entries()];
  return [
    rows.map(([caseCode]) => caseCode),
    rows.map(([, p]) => p.last),
    rows.map(([, p]) => p.count),
    rows.map(([, p]) => p.status?.[0] ?? 0),
    rows.map(([, p]) => p.status?.[1] ?? null),
    rows.map(([, p]) => p.procedure ?? null),
  ];
}

/**
 * Stores a batch of events, their case projections and their outbox records in ONE transaction
 * of three statements: lock the cases, read what was seen before, write. The case rows are locked
 * (in case-code order, so batches cannot deadlock) before anything is read or written: events of
 * one case are therefore committed one transaction at a time, and outbox ids follow commit order
 * per case, which is the order the relay publishes in.
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
    await queryPrepared(tx, 'hub_intake_lock', LOCK_CASES, [caseCodes, department]);
    // A statement of its own, after the locks: its snapshot then includes every event committed
    // by the transactions this one waited for.
    const seen = await queryPrepared<SeenRow>(tx, 'hub_intake_seen', SEEN_BEFORE, [
      caseCodes,
      events.map((e) => e.event.id),
      events.map((e) => e.event.subject),
      events.map((e) => e.event.sequence),
    ]);
    const ownerOf = new Map<string, string>();
    const byId = new Map<string, SeenRow>();
    const bySequence = new Map<string, SeenRow>();
    for (const row of seen) {
      if (row.department !== null) ownerOf.set(row.case_code, row.department);
      else {
        byId.set(row.id as string, row);
        bySequence.set(`${row.case_code}#${row.sequence}`, row);
      }
    }
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

    const [sql, params] = this.writes(department, fresh);
    // The text depends on the batch size: only the small batches that dominate one-at-a-time
    // traffic are prepared, so a connection holds a few plans, not one per size up to 500.
    const [{ inserted }] =
      fresh.length <= PREPARED_WRITE_SIZES
        ? await queryPrepared<{ inserted: number }>(
            tx,
            `hub_intake_write_${fresh.length}`,
            sql,
            params,
          )
        : await tx.query<{ inserted: number }[]>(sql, params);
    if (inserted !== fresh.length) {
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
    return { kind: 'accepted', results };
  }

  /**
   * The events, their outbox records and the case projections as ONE statement: under the case
   * locks every round trip is time other requests for these cases wait. Answers how many events
   * were inserted; the caller rolls everything back when that falls short.
   */
  private writes(department: string, fresh: ValidatedEvent[]): [string, unknown[]] {
    const acceptedAt = new Date();
    const params: unknown[] = [];
    const add = (value: unknown): string => `$${params.push(value)}`;
    const events = fresh.map(({ event: e, contentHash }) => {
      const values = [e.id, e.subject, department, e.type, e.sequence, e.time];
      return `(${values.map(add).join(', ')}, ${add(JSON.stringify(e))}::jsonb, ${add(contentHash)}, ${add(acceptedAt)}::timestamptz)`;
    });
    const outbox = outboxRows(
      fresh.map((v) => {
        const record = toBinaryRecord(v.event, v.event.subject);
        return {
          topic: topics.caseEvents,
          key: record.key,
          headers: { ...record.headers, [ACCEPTED_AT_HEADER]: acceptedAt.toISOString() },
          value: record.value,
        };
      }),
      add,
    );
    const projection = projectionOf(fresh).map(add);
    return [
      `WITH stored AS (
         INSERT INTO case_events (id, case_code, department, type, sequence, event_time, payload, content_hash, accepted_at)
         VALUES ${events.join(', ')} ON CONFLICT DO NOTHING RETURNING id
       ), queued AS (
         INSERT INTO outbox (lane, topic, message_key, headers, value) VALUES ${outbox}
       ), projected AS (
         UPDATE cases c SET
           last_sequence = GREATEST(c.last_sequence, u.last),
           event_count = c.event_count + u.count,
           status = CASE WHEN u.status_sequence > c.status_sequence THEN u.status ELSE c.status END,
           status_sequence = GREATEST(c.status_sequence, u.status_sequence),
           procedure_code = COALESCE(u.procedure, c.procedure_code),
           updated_at = now()
         FROM unnest(${projection[0]}::text[], ${projection[1]}::int[], ${projection[2]}::int[],
                     ${projection[3]}::int[], ${projection[4]}::text[], ${projection[5]}::text[])
           AS u(case_code, last, count, status_sequence, status, procedure)
         WHERE c.case_code = u.case_code
       )
       SELECT count(*)::int AS inserted FROM stored`,
      params,
    ];
  }
}
