import { exampleCase, type CaseEventInput } from '@hub/contracts';
import { fromBinaryRecord } from '@hub/messaging';
import { createDataSource, outboxLane, queryRows, runMigrations } from '@hub/persistence';
import { startPostgres, type PostgresHandle } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { EventIntakeRepository } from '../event-intake.repository';
import { AcceptEventsCommand } from '../usecases/accept-events/accept-events.command';
import { HubEventWriter, UnknownCaseError, type HubEventDraft } from './hub-event.writer';

jest.setTimeout(30_000);

describe('HubEventWriter (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let intake: EventIntakeRepository;
  const writer = new HubEventWriter();

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 10 });
    await ds.initialize();
    intake = new EventIntakeRepository(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await pg?.stop();
  });

  beforeEach(async () => {
    await ds.query('TRUNCATE cases, case_events, outbox CASCADE');
  });

  const { caseCode, events } = exampleCase({ department: 'STP', number: 7 });

  async function accept(body: CaseEventInput[]): Promise<string> {
    const built = AcceptEventsCommand.create({
      department: 'STP',
      body,
      kind: 'batch',
      maxBatch: 500,
    });
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    const result = await intake.accept('STP', built.command.events);
    return result.kind;
  }

  const payment = (transaction: string): HubEventDraft => ({
    id: `hub-payment-${transaction}`,
    type: 'payment.completed',
    time: '2026-03-02T09:00:00+07:00',
    data: {
      caseCode,
      paymentRef: `REF-${transaction}`,
      amount: 8000,
      currency: 'VND',
      paidAt: '2026-03-02T09:00:00+07:00',
      method: 'national_payment_platform',
      fees: [{ code: 'LP-KS', amount: 8000 }],
    },
  });

  const append = (draft: HubEventDraft) =>
    ds.transaction((tx) => writer.append(tx, caseCode, draft));

  async function order(): Promise<[number, number, string][]> {
    const rows = await queryRows<{ sequence: number; hub_sequence: number; type: string }>(
      ds,
      `SELECT sequence, hub_sequence, type FROM case_events WHERE case_code = $1
        ORDER BY sequence, hub_sequence`,
      [caseCode],
    );
    return rows.map((r) => [r.sequence, r.hub_sequence, r.type]);
  }

  it('anchors a hub event at the department’s last sequence, never taking its next number', async () => {
    expect(await accept(events.slice(0, 2))).toBe('accepted');
    const { event, duplicate } = await append(payment('T1'));
    expect(duplicate).toBe(false);
    expect(event).toMatchObject({
      source: '/departments/STP',
      sequence: 2,
      hubsequence: 1,
      data: { method: 'national_payment_platform' },
    });
    // The department's next number is still free, and its event follows the hub's.
    expect(await accept([{ ...events[4], sequence: 3 }])).toBe('accepted');
    expect(await append(payment('T2'))).toMatchObject({
      event: { sequence: 3, hubsequence: 1 },
    });
    expect(await order()).toEqual([
      [1, 0, 'case.received'],
      [2, 0, 'case.status-changed'],
      [2, 1, 'payment.completed'],
      [3, 0, 'case.status-changed'],
      [3, 1, 'payment.completed'],
    ]);
    const [row] = await queryRows<{ last_sequence: number; event_count: number }>(
      ds,
      'SELECT last_sequence, event_count FROM cases WHERE case_code = $1',
      [caseCode],
    );
    expect(row).toEqual({ last_sequence: 3, event_count: 5 });
  });

  it('stores a fact once however often it is appended, and numbers a second one after it', async () => {
    await accept(events.slice(0, 2));
    await append(payment('T1'));
    const again = await append(payment('T1'));
    expect(again).toMatchObject({
      duplicate: true,
      event: { id: 'hub-payment-T1', hubsequence: 1 },
    });
    expect(await append(payment('T9'))).toMatchObject({ event: { sequence: 2, hubsequence: 2 } });
    expect(await order()).toHaveLength(4);
  });

  it('queues the event on the case’s lane after the department’s, with hubsequence as a header', async () => {
    await accept(events.slice(0, 2));
    await append(payment('T1'));
    const rows = await queryRows<{
      lane: number;
      message_key: string;
      headers: Record<string, string>;
      value: string;
    }>(ds, 'SELECT lane, message_key, headers, value FROM outbox ORDER BY id');
    expect(rows).toHaveLength(3);
    const last = rows[2];
    expect(last).toMatchObject({ lane: outboxLane(caseCode), message_key: caseCode });
    expect(last.headers).toMatchObject({ ce_sequence: '2', ce_hubsequence: '1' });
    expect(fromBinaryRecord(last.headers, last.value)).toMatchObject({
      sequence: 2,
      hubsequence: 1,
      type: 'payment.completed',
    });
  });

  it('refuses a case the hub does not know and stores nothing', async () => {
    await expect(append(payment('T1'))).rejects.toBeInstanceOf(UnknownCaseError);
    expect(await order()).toEqual([]);
  });

  it('never collides with department events accepted at the same time', async () => {
    await accept(events.slice(0, 1));
    const departmentEvents = Array.from({ length: 8 }, (_, i) => ({
      ...events[1],
      id: `${events[1].id}-c${i}`,
      sequence: i + 2,
    }));
    const outcomes = await Promise.all([
      ...departmentEvents.map((e) => accept([e])),
      ...['A', 'B', 'C', 'D'].map((t) => append(payment(t))),
    ]);
    expect(outcomes.slice(0, 8)).toEqual(Array(8).fill('accepted'));
    const stored = await order();
    expect(stored.filter(([, hub]) => hub === 0).map(([s]) => s)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(stored.filter(([, hub]) => hub > 0)).toHaveLength(4);
  });
});
