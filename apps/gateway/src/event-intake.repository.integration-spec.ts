import fc from 'fast-check';
import {
  caseStatuses,
  departmentOfSource,
  exampleCase,
  topics,
  type CaseEventInput,
} from '@hub/contracts';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import { createDataSource, outboxLane, queryRows, runMigrations } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import {
  ACCEPTED_AT_HEADER,
  EventIntakeRepository,
  LOCK_CASES,
  SEEN_BEFORE,
} from './event-intake.repository';
import { AcceptEventsCommand } from './usecases/accept-events/accept-events.command';

jest.setTimeout(30_000);

interface OutboxRow {
  id: string;
  lane: number;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  value: string;
}

interface CaseRow {
  department: string;
  procedure_code: string | null;
  status: string | null;
  status_sequence: number;
  last_sequence: number;
  event_count: number;
}

function command(department: string, body: unknown): AcceptEventsCommand {
  const built = AcceptEventsCommand.create({ department, body, kind: 'either', maxBatch: 500 });
  if (!built.ok) throw new Error(`invalid test data: ${JSON.stringify(built.error)}`);
  return built.command;
}

/** Sequence 1 of the example case, then status changes 2..count with valid, varying statuses. */
function longCase(number: number, count: number): { caseCode: string; events: CaseEventInput[] } {
  const { caseCode, events } = exampleCase({ number });
  const [received, , , , returned] = events;
  const changes = Array.from({ length: count - 1 }, (_, i): CaseEventInput => {
    const sequence = i + 2;
    return {
      ...returned,
      id: `${received.id.replace(/-1$/, '')}-s${sequence}`,
      sequence,
      type: 'case.status-changed',
      data: {
        caseCode,
        status: caseStatuses[sequence % caseStatuses.length],
        changedAt: returned.time,
        note: `change ${sequence}`,
      },
    };
  });
  return { caseCode, events: [received, ...changes] };
}

describe('EventIntakeRepository (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let intake: EventIntakeRepository;

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    // Room for every request of the concurrency scenario to hold its own connection.
    ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 25 });
    await ds.initialize();
    intake = new EventIntakeRepository(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await pg?.stop();
  });

  beforeEach(async () => {
    await ds.query('TRUNCATE cases, case_events, outbox, portal_sync_jobs CASCADE');
  });

  const accept = (department: string, body: unknown) =>
    intake.accept(department, command(department, body).events);

  async function outbox(): Promise<OutboxRow[]> {
    return queryRows<OutboxRow>(
      ds,
      'SELECT id, lane, topic, message_key, headers, value FROM outbox ORDER BY id',
    );
  }

  async function storedIds(): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(ds, 'SELECT id FROM case_events ORDER BY id');
    return rows.map((r) => r.id);
  }

  async function caseRow(caseCode: string): Promise<CaseRow | undefined> {
    const [row] = await queryRows<CaseRow>(
      ds,
      `SELECT department, procedure_code, status, status_sequence, last_sequence, event_count
         FROM cases WHERE case_code = $1`,
      [caseCode],
    );
    return row;
  }

  it('stores a batch with one CloudEvents binary outbox record per event', async () => {
    const { caseCode, events } = exampleCase({ department: 'STP', number: 1 });
    const validated = command('STP', events).events;
    const result = await intake.accept('STP', validated);
    expect(result).toEqual({
      kind: 'accepted',
      results: events.map((e) => ({ id: e.id, status: 'accepted' })),
    });
    expect(await storedIds()).toEqual(events.map((e) => e.id).sort());

    const rows = await outbox();
    expect(rows).toHaveLength(5);
    rows.forEach((row, i) => {
      const e = events[i];
      expect(row).toMatchObject({
        topic: topics.caseEvents,
        message_key: caseCode,
        lane: outboxLane(caseCode),
      });
      expect(row.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_id: e.id,
        ce_type: e.type,
        ce_source: '/departments/STP',
        ce_subject: caseCode,
        ce_time: e.time,
        ce_sequence: String(e.sequence),
        'content-type': 'application/json',
      });
      expect(Number.isNaN(Date.parse(row.headers[ACCEPTED_AT_HEADER]))).toBe(false);
      // The value is the validated data (defaults applied), as consumers will parse it.
      expect(JSON.parse(row.value)).toEqual(validated[i].event.data);
    });

    expect(await caseRow(caseCode)).toEqual({
      department: 'STP',
      procedure_code: '1.001193',
      status: 'result_returned',
      status_sequence: 5,
      last_sequence: 5,
      event_count: 5,
    });
  });

  it('stores a batch larger than the prepared write sizes across several cases', async () => {
    const long = longCase(16, 12);
    const short = exampleCase({ department: 'STP', number: 17 });
    const batch = [...long.events, ...short.events];
    expect(await accept('STP', batch)).toEqual({
      kind: 'accepted',
      results: batch.map((e) => ({ id: e.id, status: 'accepted' })),
    });
    expect(await storedIds()).toEqual(batch.map((e) => e.id).sort());
    expect(await outbox()).toHaveLength(17);
    expect(await caseRow(long.caseCode)).toMatchObject({ last_sequence: 12, event_count: 12 });
    expect(await caseRow(short.caseCode)).toMatchObject({ last_sequence: 5, event_count: 5 });
  });

  it('answers a re-sent batch with duplicates and stores nothing new', async () => {
    const { caseCode, events } = exampleCase({ number: 2 });
    await accept('STP', events);
    const before = await outbox();

    expect(await accept('STP', events)).toEqual({
      kind: 'accepted',
      results: events.map((e) => ({ id: e.id, status: 'duplicate' })),
    });
    // Key order and absent optional fields do not matter: the content is the same.
    const reordered = events.map((e) => JSON.parse(JSON.stringify(e)) as CaseEventInput).reverse();
    expect(await accept('STP', reordered)).toMatchObject({ kind: 'accepted' });

    expect(await outbox()).toEqual(before);
    expect(await storedIds()).toHaveLength(5);
    expect(await caseRow(caseCode)).toMatchObject({ event_count: 5, last_sequence: 5 });
  });

  it('stores only the new events of a batch that partly repeats earlier ones', async () => {
    const { caseCode, events } = exampleCase({ number: 10 });
    await accept('STP', events.slice(0, 3));

    expect(await accept('STP', events)).toEqual({
      kind: 'accepted',
      results: events.map((e, i) => ({ id: e.id, status: i < 3 ? 'duplicate' : 'accepted' })),
    });
    expect((await outbox()).map((r) => r.headers['ce_id'])).toEqual(events.map((e) => e.id));
    expect(await caseRow(caseCode)).toMatchObject({ event_count: 5, last_sequence: 5 });
  });

  it('refuses a whole batch when one id comes back with different content', async () => {
    const { caseCode, events } = exampleCase({ number: 3 });
    await accept('STP', events.slice(0, 2));
    const other = exampleCase({ number: 4 });
    const [changed] = [events[1]].map((e) => ({ ...e, time: events[2].time }));

    const result = await accept('STP', [other.events[0], events[2], changed]);
    expect(result).toEqual({
      kind: 'conflict',
      errors: [{ index: 2, path: 'id', message: expect.any(String) as string }],
    });

    expect(await storedIds()).toEqual([events[0].id, events[1].id].sort());
    expect(await outbox()).toHaveLength(2);
    // The new case of the refused batch was rolled back too, and the projection is untouched.
    expect(await caseRow(other.caseCode)).toBeUndefined();
    expect(await caseRow(caseCode)).toMatchObject({ last_sequence: 2, event_count: 2 });
  });

  it('refuses an event whose case sequence another event id already took', async () => {
    const { events } = exampleCase({ number: 5 });
    await accept('STP', events.slice(0, 3));
    const impostor = { ...events[2], id: `${events[2].id}-again` };

    const result = await accept('STP', [events[3], impostor]);
    expect(result).toMatchObject({
      kind: 'conflict',
      errors: [{ index: 1, path: 'sequence' }],
    });
    if (result.kind !== 'conflict') return;
    expect(result.errors[0].message).toContain(events[2].id);
    expect(await storedIds()).toEqual(
      events
        .slice(0, 3)
        .map((e) => e.id)
        .sort(),
    );
    expect(await outbox()).toHaveLength(3);
  });

  it('refuses events for a case that belongs to another department', async () => {
    const stp = exampleCase({ department: 'STP', number: 6 });
    await accept('STP', stp.events.slice(0, 1));
    // Same case code, sent by another department under its own source.
    const sxd = exampleCase({ department: 'SXD', number: 6 });
    const newCase = exampleCase({ department: 'SXD', number: 7 });
    expect(sxd.caseCode).toBe(stp.caseCode);

    const result = await accept('SXD', [newCase.events[0], sxd.events[1]]);
    expect(result).toEqual({
      kind: 'forbidden',
      errors: [{ index: 1, path: 'subject', message: expect.any(String) as string }],
    });
    expect(await storedIds()).toEqual([stp.events[0].id]);
    expect(await caseRow(newCase.caseCode)).toBeUndefined();
    expect(await caseRow(stp.caseCode)).toMatchObject({ department: 'STP', event_count: 1 });
  });

  it('projects the status of the highest sequence whatever the arrival order', async () => {
    const { caseCode, events } = exampleCase({ number: 8 });
    await accept('STP', [events[4]]);
    expect(await caseRow(caseCode)).toMatchObject({
      status: 'result_returned',
      status_sequence: 5,
      last_sequence: 5,
    });

    await accept('STP', [events[1]]);
    expect(await caseRow(caseCode)).toMatchObject({
      status: 'result_returned',
      status_sequence: 5,
      last_sequence: 5,
      event_count: 2,
    });

    // A later batch carrying the rest, lowest last: still the status of sequence 5.
    await accept('STP', [events[3], events[2], events[0]]);
    expect(await caseRow(caseCode)).toEqual({
      department: 'STP',
      procedure_code: '1.001193',
      status: 'result_returned',
      status_sequence: 5,
      last_sequence: 5,
      event_count: 5,
    });
  });

  it('does not deadlock when concurrent batches name the same cases in opposite orders', async () => {
    const first = longCase(11, 11);
    const second = longCase(12, 11);
    await accept('STP', [first.events[0], second.events[0]]);

    // Batch i carries sequence i+2 of both cases; odd batches list the second case first.
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const pair = [first.events[i + 1], second.events[i + 1]];
        return accept('STP', i % 2 === 0 ? pair : pair.reverse());
      }),
    );

    expect(results.map((r) => r.kind)).toEqual(Array<string>(10).fill('accepted'));
    expect(await caseRow(first.caseCode)).toMatchObject({ last_sequence: 11, event_count: 11 });
    expect(await caseRow(second.caseCode)).toMatchObject({ last_sequence: 11, event_count: 11 });
    expect(await outbox()).toHaveLength(22);
  });

  it('commits 20 concurrent requests for one case without deadlock, outbox in commit order', async () => {
    const { caseCode, events } = longCase(9, 20);
    const committed: number[] = [];

    const results = await Promise.all(
      events.map(async (e) => {
        const result = await accept('STP', e);
        committed.push(e.sequence);
        return result;
      }),
    );

    expect(results.every((r) => r.kind === 'accepted')).toBe(true);
    expect(committed).toHaveLength(20);
    const rows = (await outbox()).filter((r) => r.message_key === caseCode);
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.headers['ce_id']))).toEqual(new Set(events.map((e) => e.id)));
    // The case row lock serialises the transactions, so outbox ids follow commit order.
    expect(rows.map((r) => Number(r.headers['ce_sequence']))).toEqual(committed);
    expect(await caseRow(caseCode)).toMatchObject({
      status: caseStatuses[20 % caseStatuses.length],
      status_sequence: 20,
      last_sequence: 20,
      event_count: 20,
    });
  });

  it('answers a re-send that waited for the original on the case lock as a duplicate', async () => {
    const { caseCode, events } = exampleCase({ department: 'STP', number: 13 });
    await accept('STP', events[0]);

    // Hold the case's lock so both requests are queued behind it, then let them go.
    const holder = ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT 1 FROM cases WHERE case_code = $1 FOR UPDATE', [caseCode]);
    const both = Promise.all([accept('STP', events[1]), accept('STP', events[1])]);
    await new Promise((r) => setTimeout(r, 200));
    await holder.commitTransaction();
    await holder.release();

    const statuses = (await both).map((r) =>
      r.kind === 'accepted' ? r.results[0].status : r.kind,
    );
    expect(statuses.sort()).toEqual(['accepted', 'duplicate']);
    expect(await caseRow(caseCode)).toMatchObject({ event_count: 2, last_sequence: 2 });
  });

  it('locks a known case without writing a new version of its row', async () => {
    const { caseCode, events } = exampleCase({ department: 'STP', number: 14 });
    await accept('STP', events);
    const version = async () =>
      (
        await queryRows<{ xmin: string }>(ds, 'SELECT xmin FROM cases WHERE case_code = $1', [
          caseCode,
        ])
      )[0].xmin;
    const before = await version();

    expect(await accept('STP', events)).toMatchObject({ kind: 'accepted' });
    expect(await version()).toBe(before);
    // and the lock is real: another transaction cannot take the row while LOCK_CASES holds it
    const locker = ds.createQueryRunner();
    await locker.connect();
    await locker.startTransaction();
    await locker.query(LOCK_CASES, [[caseCode], ['STP']]);
    const [{ locked }] = await queryRows<{ locked: boolean }>(
      ds,
      `SELECT NOT EXISTS (SELECT 1 FROM cases WHERE case_code = $1 FOR UPDATE SKIP LOCKED) AS locked`,
      [caseCode],
    );
    await locker.rollbackTransaction();
    await locker.release();
    expect(locked).toBe(true);
  });

  it('finds earlier events by index, never by reading every stored event', async () => {
    const { caseCode, events } = exampleCase({ department: 'STP', number: 15 });
    await accept('STP', events);
    // With sequential scans priced out, a query that can only be answered by one still shows one.
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('SET LOCAL enable_seqscan = off');
    const rows = await queryRows<{ 'QUERY PLAN': string }>(runner, `EXPLAIN ${SEEN_BEFORE}`, [
      [caseCode],
      [events[0].id],
      [caseCode],
      [events[0].sequence],
    ]);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    await runner.rollbackTransaction();
    await runner.release();
    expect(plan).not.toMatch(/Seq Scan on case_events/);
    expect(plan).toMatch(/Index Scan using case_events_pkey/);
  });
  describe('group commit: concurrent requests share a transaction', () => {
    /** The transaction ids that wrote these events: events committed together share one. */
    async function writers(ids: string[]): Promise<Set<string>> {
      const rows = await queryRows<{ xmin: string }>(
        ds,
        'SELECT xmin::text FROM case_events WHERE id = ANY($1)',
        [ids],
      );
      return new Set(rows.map((r) => r.xmin));
    }

    it('writes the requests that arrive while two transactions run in one more', async () => {
      const cases = Array.from({ length: 20 }, (_, i) => exampleCase({ number: 100 + i }));
      const results = await Promise.all(cases.map((c) => accept('STP', c.events[0])));
      expect(results.every((r) => r.kind === 'accepted')).toBe(true);
      // Two start at once, alone; the eighteen that queued behind them share the third.
      expect((await writers(cases.map((c) => c.events[0].id))).size).toBe(3);
      expect(await outbox()).toHaveLength(20);
    });

    it('refuses one request of a group without storing it or holding back the others', async () => {
      const { caseCode, events } = exampleCase({ number: 120 });
      await accept('STP', events.slice(0, 2));
      const fresh = Array.from({ length: 6 }, (_, i) => exampleCase({ number: 121 + i }));
      const newCaseOfRefused = exampleCase({ number: 130 });
      const changed = { ...events[1], time: events[2].time };

      const results = await Promise.all([
        // the first two go alone; everything after them forms one group
        accept('STP', fresh[0].events[0]),
        accept('STP', fresh[1].events[0]),
        accept('STP', fresh[2].events[0]),
        accept('STP', [newCaseOfRefused.events[0], changed]),
        accept('STP', fresh[3].events[0]),
        accept('SXD', exampleCase({ department: 'SXD', number: 121 }).events[1]),
        accept('STP', [fresh[4].events[0], events[2]]),
        accept('STP', fresh[5].events[0]),
      ]);

      expect(results.map((r) => r.kind)).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'conflict',
        'accepted',
        'forbidden',
        'accepted',
        'accepted',
      ]);
      expect(results[3]).toEqual({
        kind: 'conflict',
        errors: [{ index: 1, path: 'id', message: expect.any(String) as string }],
      });
      // The refused request's new case is not kept, and nothing of it is in the outbox.
      expect(await caseRow(newCaseOfRefused.caseCode)).toBeUndefined();
      expect(await storedIds()).toEqual(
        [...fresh.map((c) => c.events[0].id), ...events.slice(0, 3).map((e) => e.id)].sort(),
      );
      expect(await outbox()).toHaveLength(9);
      expect(await caseRow(caseCode)).toMatchObject({ last_sequence: 3, event_count: 3 });
    });

    it('gives a new case to the first accepted request, not to a refused one before it', async () => {
      const { events } = exampleCase({ number: 140 });
      await accept('STP', events[0]);
      const contested = {
        stp: exampleCase({ number: 141 }),
        sxd: exampleCase({ department: 'SXD', number: 141 }),
      };
      const results = await Promise.all([
        accept('STP', exampleCase({ number: 142 }).events[0]),
        accept('STP', exampleCase({ number: 143 }).events[0]),
        // STP names the case first, but is refused for another case of the same request
        accept('STP', [contested.stp.events[0], { ...events[0], time: events[1].time }]),
        accept('SXD', contested.sxd.events[0]),
        accept('STP', contested.stp.events[1]),
      ]);
      expect(results.map((r) => r.kind)).toEqual([
        'accepted',
        'accepted',
        'conflict',
        'accepted',
        'forbidden',
      ]);
      expect(await caseRow(contested.sxd.caseCode)).toMatchObject({
        department: 'SXD',
        event_count: 1,
      });
    });

    it('answers every request of a group exactly as if each had committed alone, in order', async () => {
      // Requests drawn from two departments' events for three case numbers: re-sends, changed
      // content under a used id, another id for a taken sequence, and foreign cases all occur.
      const pool = ['STP', 'SXD'].flatMap((department) =>
        [150, 151, 152].flatMap((number) => exampleCase({ department, number }).events.slice(0, 3)),
      );
      const variant = fc
        .tuple(fc.nat(pool.length - 1), fc.constantFrom('same', 'changed', 'other-id'))
        .map(([i, kind]) => {
          const e = pool[i];
          if (kind === 'changed') return { ...e, time: pool[(i + 1) % pool.length].time };
          if (kind === 'other-id') return { ...e, id: `${e.id}-other` };
          return e;
        });
      const request = fc
        .array(variant, { minLength: 1, maxLength: 3 })
        .map((events) => {
          const department = departmentOfSource(events[0].source) ?? 'STP';
          const built = AcceptEventsCommand.create({
            department,
            body: events,
            kind: 'either',
            maxBatch: 500,
          });
          return built.ok ? { department, events: built.command.events } : undefined;
        })
        .filter((r): r is NonNullable<typeof r> => r !== undefined);

      const state = async () => ({
        events: await queryRows(
          ds,
          'SELECT id, case_code, department, sequence, content_hash FROM case_events ORDER BY id',
        ),
        cases: await queryRows(
          ds,
          `SELECT case_code, department, status, status_sequence, last_sequence, event_count,
                  procedure_code FROM cases ORDER BY case_code`,
        ),
        outbox: (await outbox()).map((r) => [r.message_key, r.headers['ce_id']]),
      });
      const grouped = new EventIntakeRepository(ds, 1);
      const outcomes = new Set<string>();

      await fc.assert(
        fc.asyncProperty(fc.array(request, { minLength: 2, maxLength: 10 }), async (requests) => {
          await ds.query('TRUNCATE cases, case_events, outbox CASCADE');
          const alone = [];
          for (const r of requests) alone.push(await intake.accept(r.department, r.events));
          const expected = await state();

          await ds.query('TRUNCATE cases, case_events, outbox CASCADE');
          // One transaction at a time: the first request goes alone, the rest share the next.
          const together = await Promise.all(
            requests.map((r) => grouped.accept(r.department, r.events)),
          );
          expect(together).toEqual(alone);
          for (const r of alone) {
            outcomes.add(r.kind === 'accepted' ? r.results.map((x) => x.status).join() : r.kind);
          }
          expect(await state()).toEqual(expected);
        }),
        { numRuns: 40 },
      );
      // The generated requests reached every kind of answer, re-sends within a group included.
      expect([...outcomes].join(' ')).toMatch(/conflict/);
      expect([...outcomes].join(' ')).toMatch(/forbidden/);
      expect([...outcomes].join(' ')).toMatch(/duplicate/);
    });
  });
});
