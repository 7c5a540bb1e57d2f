import { Inject, Injectable, Optional } from '@nestjs/common';
import { type CaseEvent, topics } from '@hub/contracts';
import { toBinaryRecord } from '@hub/messaging';
import { traceHeaders } from '@hub/tracing';
import {
  isDatabaseUnavailable,
  outboxColumns,
  outboxInsert,
  queryPrepared,
  type OutboxMessage,
} from '@hub/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { ValidatedEvent } from './usecases/accept-events/accept-events.command';

export type IntakeResult =
  | { kind: 'accepted'; results: { id: string; status: 'accepted' | 'duplicate' }[] }
  | { kind: 'conflict'; errors: { index: number; path: string; message: string }[] }
  | { kind: 'forbidden'; errors: { index: number; path: string; message: string }[] };

/** Header on hub.case-events.v1 records: when the gateway committed the event. */
export const ACCEPTED_AT_HEADER = 'hub-accepted-at';

/** Injection token: how many intake transactions may run at once (`DB_INTAKE_TRANSACTIONS`). */
export const INTAKE_TRANSACTIONS = Symbol('INTAKE_TRANSACTIONS');

/** Events one intake transaction carries at most, unless a single request alone has more. */
const GROUP_EVENTS = 500;

/** A row of SEEN_BEFORE: a case's owner (department set) or an event already stored. */
interface SeenRow {
  case_code: string;
  department: string | null;
  id: string | null;
  sequence: number | null;
  content_hash: string | null;
}

/**
 * Creates the cases not seen before (each with the department of the first request naming it)
 * and locks every case of the transaction, in case-code order so that transactions cannot
 * deadlock. `WHERE false` locks an existing row without writing a new version of it: the
 * projection update later in the transaction writes the only one. Answers the cases it created.
 */
export const LOCK_CASES = `INSERT INTO cases (case_code, department)
  SELECT c, d FROM unnest($1::text[], $2::text[]) AS u(c, d) ORDER BY c
  ON CONFLICT (case_code) DO UPDATE SET department = cases.department WHERE false
  RETURNING case_code`;

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
    JOIN case_events e
      ON e.case_code = u.case_code AND e.sequence = u.sequence AND e.hub_sequence = 0`;

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

/** An event about to be stored, with the department whose request carried it. */
interface FreshEvent {
  department: string;
  event: CaseEvent;
  contentHash: string;
  /** The W3C trace headers of the request that carried it (empty when tracing is off). */
  trace: Record<string, string>;
}

/**
 * Each case's projection change from the highest-sequence events just accepted, as the seven
 * columns the projection update unnests. The department is the case's owner: it differs from the
 * row's only for a case created in this transaction for a request that was then refused.
 */
function projectionOf(fresh: FreshEvent[]): unknown[][] {
  const perCase = new Map<
    string,
    {
      department: string;
      last: number;
      count: number;
      status?: [number, string];
      procedure?: string;
    }
  >();
  for (const { event, department } of fresh) {
    const p = perCase.get(event.subject) ?? { department, last: 0, count: 0 };
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
    rows.map(([, p]) => p.department),
  ];
}

/** Deletes cases this transaction created for requests that were then refused. */
const DELETE_UNCLAIMED = `DELETE FROM cases WHERE case_code = ANY($1::text[])`;

/**
 * The events, their outbox records and the case projections as ONE statement: under the case
 * locks every round trip is time other requests for these cases wait. Rows travel as arrays, so
 * the text is the same for any number of events and is prepared once per connection. Answers how
 * many events were inserted; the caller rolls everything back when that falls short.
 */
const WRITE_EVENTS = `WITH stored AS (
    INSERT INTO case_events (id, case_code, department, type, sequence, event_time, payload,
                             content_hash, accepted_at)
    SELECT e.*, $9::timestamptz
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[],
                  $7::jsonb[], $8::text[])
        AS e(id, case_code, department, type, sequence, event_time, payload, content_hash)
    ON CONFLICT DO NOTHING RETURNING id
  ), queued AS (
    ${outboxInsert(10)}
  ), projected AS (
    UPDATE cases c SET
      department = u.department,
      last_sequence = GREATEST(c.last_sequence, u.last),
      event_count = c.event_count + u.count,
      status = CASE WHEN u.status_sequence > c.status_sequence THEN u.status ELSE c.status END,
      status_sequence = GREATEST(c.status_sequence, u.status_sequence),
      procedure_code = COALESCE(u.procedure, c.procedure_code),
      updated_at = now()
    FROM unnest($15::text[], $16::int[], $17::int[], $18::int[], $19::text[], $20::text[],
                $21::text[])
      AS u(case_code, last, count, status_sequence, status, procedure, department)
    WHERE c.case_code = u.case_code
  )
  SELECT count(*)::int AS inserted FROM stored`;

/**
 * The hub.case-events.v1 record of an event the gateway accepted at `acceptedAt`, with the trace
 * of the request that carried it (`traceparent`, beside the `ce_*` headers; libs/tracing).
 */
export function caseEventRecord(
  event: CaseEvent,
  acceptedAt: Date,
  trace: Record<string, string>,
): OutboxMessage {
  const record = toBinaryRecord(event, event.subject);
  return {
    topic: topics.caseEvents,
    key: record.key,
    headers: { ...record.headers, [ACCEPTED_AT_HEADER]: acceptedAt.toISOString(), ...trace },
    value: record.value,
  };
}

/** The parameters of WRITE_EVENTS. */
function writeParameters(fresh: FreshEvent[]): unknown[] {
  const acceptedAt = new Date();
  const records = fresh.map(({ event, trace }) => caseEventRecord(event, acceptedAt, trace));
  return [
    fresh.map((f) => f.event.id),
    fresh.map((f) => f.event.subject),
    fresh.map((f) => f.department),
    fresh.map((f) => f.event.type),
    fresh.map((f) => f.event.sequence),
    fresh.map((f) => f.event.time),
    fresh.map((f) => JSON.stringify(f.event)),
    fresh.map((f) => f.contentHash),
    acceptedAt,
    ...outboxColumns(records),
    ...projectionOf(fresh),
  ];
}

/**
 * One request's answer, given what is stored (and what the requests before it in the same
 * transaction store): refused whole when a case belongs to another department or an id or case
 * sequence is taken by different content; otherwise accepted, its new events to be written.
 */
function decide(
  department: string,
  events: ValidatedEvent[],
  ownerOf: ReadonlyMap<string, string>,
  byId: ReadonlyMap<string, SeenRow>,
  bySequence: ReadonlyMap<string, SeenRow>,
): { result: IntakeResult; fresh: ValidatedEvent[] } {
  // A case no one owns yet is created in this transaction: it becomes this request's.
  const foreign = events.filter((e) => (ownerOf.get(e.event.subject) ?? department) !== department);
  if (foreign.length > 0) {
    return {
      result: {
        kind: 'forbidden',
        errors: foreign.map((e) => ({
          index: e.index,
          path: 'subject',
          message: `case ${e.event.subject} belongs to another department`,
        })),
      },
      fresh: [],
    };
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
  if (conflicts.length > 0) return { result: { kind: 'conflict', errors: conflicts }, fresh: [] };
  return { result: { kind: 'accepted', results }, fresh };
}

/** One request's events, waiting for an intake transaction. */
interface Pending {
  department: string;
  events: ValidatedEvent[];
  trace: Record<string, string>;
  resolve: (result: IntakeResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Another transaction took one of the group's new ids for a different case between the read and
 * the write (the ids are global, the locks are per case). Rolls the group back.
 */
class ShortInsert extends Error {
  constructor(readonly firstFreshIndex: number) {
    super('an event id was accepted concurrently by another request');
  }
}

/**
 * Stores events, their case projections and their outbox records, committing concurrent requests
 * together (group commit): at most `transactions` intake transactions run at once, and the
 * requests that arrive while they run share the next one, up to 500 events. Each request still
 * gets its own answer, as if it had committed alone, and only after the commit: a refused
 * request stores nothing, and never takes the others down with it.
 *
 * One transaction is three statements: lock the cases, read what was seen before, write. The
 * case rows are locked (in case-code order, so transactions cannot deadlock) before anything is
 * read or written: events of one case are therefore committed one transaction at a time, and
 * outbox ids follow commit order per case, which is the order the relay publishes in. Within a
 * group, requests are decided in arrival order and their outbox records written in that order.
 *
 * Hand-written rather than DataLoader, which already batches the portal calls: a group is
 * bounded by events (the statements' size), and DataLoader bounds a batch by requests.
 */
@Injectable()
export class EventIntakeRepository {
  private readonly queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Optional() @Inject(INTAKE_TRANSACTIONS) private readonly transactions = 2,
  ) {}

  accept(department: string, events: ValidatedEvent[]): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ department, events, trace: traceHeaders(), resolve, reject });
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.inFlight < this.transactions && this.queue.length > 0) {
      let events = this.queue[0].events.length;
      let size = 1;
      while (size < this.queue.length && events + this.queue[size].events.length <= GROUP_EVENTS) {
        events += this.queue[size].events.length;
        size += 1;
      }
      const group = this.queue.splice(0, size);
      this.inFlight += 1;
      void this.commit(group).finally(() => {
        this.inFlight -= 1;
        this.startGroups();
      });
    }
  }

  private async commit(group: Pending[]): Promise<void> {
    let outcomes: IntakeResult[];
    try {
      outcomes = await this.ds.transaction((tx) => this.acceptIn(tx, group));
    } catch (e) {
      if (group.length > 1 && !isDatabaseUnavailable(e)) {
        // Whatever it was (a concurrent id, one request's data), each request again on its own.
        for (const pending of group) await this.commit([pending]);
        return;
      }
      if (e instanceof ShortInsert) {
        group[0].resolve({
          kind: 'conflict',
          errors: [
            {
              index: e.firstFreshIndex,
              path: 'id',
              message: 'was accepted concurrently by another request; retry',
            },
          ],
        });
      } else for (const pending of group) pending.reject(e);
      return;
    }
    group.forEach((pending, i) => pending.resolve(outcomes[i]));
  }

  private async acceptIn(tx: EntityManager, group: Pending[]): Promise<IntakeResult[]> {
    // Each case is created, if new, for the first request that names it.
    const firstNamedBy = new Map<string, string>();
    for (const { department, events } of group) {
      for (const { event } of events) {
        if (!firstNamedBy.has(event.subject)) firstNamedBy.set(event.subject, department);
      }
    }
    const caseCodes = [...firstNamedBy.keys()].sort();
    const created = new Set(
      (
        await queryPrepared<{ case_code: string }>(tx, 'hub_intake_lock', LOCK_CASES, [
          caseCodes,
          caseCodes.map((c) => firstNamedBy.get(c)),
        ])
      ).map((row) => row.case_code),
    );
    const all = group.flatMap((pending) => pending.events);
    // A statement of its own, after the locks: its snapshot then includes every event committed
    // by the transactions this one waited for.
    const seen = await queryPrepared<SeenRow>(tx, 'hub_intake_seen', SEEN_BEFORE, [
      caseCodes,
      all.map((e) => e.event.id),
      all.map((e) => e.event.subject),
      all.map((e) => e.event.sequence),
    ]);
    const ownerOf = new Map<string, string>();
    const byId = new Map<string, SeenRow>();
    const bySequence = new Map<string, SeenRow>();
    for (const row of seen) {
      if (row.department !== null) {
        if (!created.has(row.case_code)) ownerOf.set(row.case_code, row.department);
      } else {
        byId.set(row.id as string, row);
        bySequence.set(`${row.case_code}#${row.sequence}`, row);
      }
    }

    const outcomes: IntakeResult[] = [];
    const fresh: FreshEvent[] = [];
    let firstFreshIndex = 0;
    for (const { department, events, trace } of group) {
      const outcome = decide(department, events, ownerOf, byId, bySequence);
      outcomes.push(outcome.result);
      // What an accepted request stores is "seen before" for the requests after it.
      for (const v of outcome.fresh) {
        const { id, subject, sequence } = v.event;
        const row = {
          case_code: subject,
          department: null,
          id,
          sequence,
          content_hash: v.contentHash,
        };
        byId.set(id, row);
        bySequence.set(`${subject}#${sequence}`, row);
        if (!ownerOf.has(subject)) ownerOf.set(subject, department);
        if (fresh.length === 0) firstFreshIndex = v.index;
        fresh.push({ department, event: v.event, contentHash: v.contentHash, trace });
      }
    }

    // Cases created here for requests that were then refused are not kept.
    const claimed = new Set(fresh.map((f) => f.event.subject));
    const unclaimed = [...created].filter((c) => !claimed.has(c));
    if (unclaimed.length > 0) {
      await queryPrepared(tx, 'hub_intake_unclaimed', DELETE_UNCLAIMED, [unclaimed]);
    }
    if (fresh.length > 0) {
      const [{ inserted }] = await queryPrepared<{ inserted: number }>(
        tx,
        'hub_intake_write',
        WRITE_EVENTS,
        writeParameters(fresh),
      );
      if (inserted !== fresh.length) throw new ShortInsert(firstFreshIndex);
    }
    return outcomes;
  }
}
