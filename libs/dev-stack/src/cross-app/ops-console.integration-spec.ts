import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleCase, topics, type ExampleCase } from '@hub/contracts';
import type { CatalogProcedure } from '@hub/national-adapters';
import { repoRoot, startPostgres, type PostgresHandle } from '@hub/testing';
import {
  createDataSource,
  enqueueOutbox,
  NationalAdapterStateRepository,
  type OutboxMessage,
  queryRows,
  runMigrations,
} from '@hub/persistence';
import { ProcedureCatalogReader, SyncStatusReader } from '@hub/read-models';
import {
  CatalogRepository,
  PortalSyncJobRepository,
  type PortalSyncJobRecord,
} from '../../../../apps/portal-sync/src/store';
import type { DataSource } from 'typeorm';
import { OpsInsightsRepository } from '../../../../apps/ops/src/insights/ops-insights.repository';
import { GetCaseTimelineHandler } from '../../../../apps/ops/src/usecases/get-case-timeline/get-case-timeline.handler';
import { GetDeadLettersHandler } from '../../../../apps/ops/src/usecases/get-dead-letters/get-dead-letters.handler';
import { GetProcedureBreakdownHandler } from '../../../../apps/ops/src/usecases/get-procedure-breakdown/get-procedure-breakdown.handler';

jest.setTimeout(60_000);

const LEASE_MS = 60_000;

/** The names the mock portal ships (LayThuTuc's TENTTHC), the catalog the dev stack loads. */
function shippedNames(): Record<string, string> {
  const file = join(repoRoot(), 'apps', 'mock-portal', 'config', 'catalog.json');
  const { procedures } = JSON.parse(readFileSync(file, 'utf8')) as {
    procedures: { MATTHC: string; TENTTHC: string }[];
  };
  return Object.fromEntries(procedures.map((p) => [p.MATTHC, p.TENTTHC]));
}

const catalogProcedure = (code: string, name: string): CatalogProcedure => ({
  code,
  name,
  fullyOnline: false,
  onlineLevel: '3',
  fields: [],
  channels: [],
  documents: [],
  results: [{ code: `KQ-${code}`, name: 'Kết quả' }],
  legalBases: [],
  agencies: [{ code: '000.00.01.H26', name: 'Sở Tư pháp' }],
});

function announce(job: PortalSyncJobRecord): OutboxMessage {
  return {
    topic: topics.syncResults,
    key: job.caseCode,
    headers: { ce_id: `${job.eventId}#${job.attempts}#${job.state}` },
    value: '{}',
  };
}

describe('ops console read models (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let jobs: PortalSyncJobRepository;
  let status: SyncStatusReader;
  let insights: OpsInsightsRepository;
  let adapters: NationalAdapterStateRepository;

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test' });
    await ds.initialize();
    jobs = new PortalSyncJobRepository(ds);
    status = new SyncStatusReader(ds);
    insights = new OpsInsightsRepository(ds);
    adapters = new NationalAdapterStateRepository(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await pg?.stop();
  });

  beforeEach(async () => {
    await ds.query(
      'TRUNCATE cases, case_events, outbox, portal_sync_jobs, portal_sync_attempts, ops_sync_samples, national_adapter_states CASCADE',
    );
  });

  /** Stores a case as the gateway does (case, events, outbox), accepted `agoMs` ago. */
  async function accept(
    c: ExampleCase,
    procedureCode: string,
    agoMs = 0,
    sequences = [1, 2, 3, 4, 5],
  ) {
    const acceptedAt = new Date(Date.now() - agoMs);
    await ds.query(
      `INSERT INTO cases (case_code, department, procedure_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [c.caseCode, c.department, procedureCode],
    );
    const events = c.events.filter((e) => sequences.includes(e.sequence));
    for (const e of events) {
      await ds.query(
        `INSERT INTO case_events (id, case_code, department, type, sequence, event_time, payload, content_hash, accepted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, 'hash', $8)`,
        [e.id, c.caseCode, c.department, e.type, e.sequence, e.time, JSON.stringify(e), acceptedAt],
      );
    }
    await ds.transaction((tx) =>
      enqueueOutbox(
        tx,
        events.map((e) => ({
          topic: topics.caseEvents,
          key: c.caseCode,
          headers: { ce_id: e.id },
          value: '{}',
        })),
      ),
    );
    return events;
  }

  /** What the relay and portal-sync do: the outbox row goes, a job appears with its publish time. */
  async function publish(c: ExampleCase, sequences = [1, 2, 3, 4, 5], publishedAt = new Date()) {
    const events = c.events.filter((e) => sequences.includes(e.sequence));
    await ds.query(`DELETE FROM outbox WHERE headers->>'ce_id' = ANY($1::text[])`, [
      events.map((e) => e.id),
    ]);
    await jobs.insertJobs(
      events.map((e) => ({
        eventId: e.id,
        caseCode: c.caseCode,
        department: c.department,
        sequence: e.sequence,
        eventType: e.type,
        event: e,
        acceptedAt: new Date(),
        publishedAt,
      })),
    );
  }

  async function claimOne(eventId: string): Promise<void> {
    const claimed = await jobs.claimDue(100, 'w', LEASE_MS);
    expect(claimed.map((j) => j.eventId)).toContain(eventId);
  }

  it('records every portal attempt and replay, and tells a case timeline end to end', async () => {
    const c = exampleCase({ number: 1 });
    await accept(c, '1.001193');
    await publish(c, [1, 2], new Date('2026-11-22T10:00:00Z'));
    const [first] = c.events;
    if (!first) throw new Error('no event');

    await claimOne(first.id);
    // A retry that never reached the portal (breaker open) is not an attempt.
    await jobs.record(
      first.id,
      'w',
      {
        state: 'retrying',
        dossierSynced: false,
        nextAttemptAt: new Date(),
        errorCode: 'PORTAL_BREAKER_OPEN',
        errorMessage: 'open',
        attempted: false,
      },
      announce,
    );
    await claimOne(first.id);
    await jobs.record(
      first.id,
      'w',
      {
        state: 'retrying',
        dossierSynced: false,
        nextAttemptAt: new Date(),
        errorCode: 'PORTAL_UNAVAILABLE',
        errorMessage: 'HTTP 503',
        attempted: true,
      },
      announce,
    );
    await claimOne(first.id);
    await jobs.record(
      first.id,
      'w',
      {
        state: 'dead',
        dossierSynced: false,
        errorCode: 'PORTAL_REJECTED:5',
        errorMessage: 'Hồ sơ bị từ chối',
      },
      announce,
    );
    expect(await status.replay(first.id, undefined, 'ops-anna')).toBe('replayed');
    await claimOne(first.id);
    await jobs.record(first.id, 'w', { state: 'synced', portalStatus: '2' }, announce);

    const tl = await insights.caseTimeline(c.caseCode);
    expect(tl?.case).toMatchObject({
      caseCode: c.caseCode,
      department: 'STP',
      procedureCode: '1.001193',
    });
    expect(tl?.events.map((e) => [e.sequence, e.inOutbox, e.job?.state ?? null])).toEqual([
      [1, false, 'synced'],
      [2, false, 'pending'],
      [3, true, null],
      [4, true, null],
      [5, true, null],
    ]);
    expect(tl?.events[0]?.job?.publishedAt).toEqual(new Date('2026-11-22T10:00:00Z'));
    expect(tl?.events[0]?.job?.replayCount).toBe(1);
    expect(
      tl?.attempts.map((a) => [a.outcome, a.errorCode, a.errorMessage, a.portalStatus, a.operator]),
    ).toEqual([
      ['retrying', 'PORTAL_UNAVAILABLE', 'HTTP 503', null, null],
      ['dead', 'PORTAL_REJECTED:5', 'Hồ sơ bị từ chối', null, null],
      ['replayed', null, null, null, 'ops-anna'],
      ['synced', null, null, '2', null],
    ]);
    expect(await insights.caseTimeline('000.00.01.H26-000000-99999')).toBeUndefined();
  });

  it('filters dead letters by department, procedure, reason code (or its prefix) and text', async () => {
    const a = exampleCase({ department: 'STP', number: 2 });
    const b = exampleCase({ department: 'SYT', number: 3, day: '260313' });
    await accept(a, '1.001193', 0, [1]);
    await accept(b, '1.005092', 0, [1]);
    await publish(a, [1]);
    await publish(b, [1]);
    // Both first events are due at once (different cases): claim them together.
    expect(await jobs.claimDue(100, 'w', LEASE_MS)).toHaveLength(2);
    for (const [c, code, message] of [
      [a, 'PORTAL_REJECTED:5', 'Thông tin 50% không khớp'],
      [b, 'PORTAL_REJECTED:7', 'Quá nhiều tiến trình'],
    ] as const) {
      const id = c.events[0]?.id ?? '';
      await jobs.record(
        id,
        'w',
        { state: 'dead', dossierSynced: false, errorCode: code, errorMessage: message },
        announce,
      );
    }
    const find = async (f: Partial<Parameters<SyncStatusReader['deadLetters']>[0]>) =>
      (await status.deadLetters({ limit: 100, offset: 0, ...f })).map((d) => d.caseCode).sort();

    expect(await find({})).toEqual([a.caseCode, b.caseCode].sort());
    expect(await find({ department: 'SYT' })).toEqual([b.caseCode]);
    expect(await find({ procedureCode: '1.001193' })).toEqual([a.caseCode]);
    expect(await find({ reasonCode: 'PORTAL_REJECTED:7' })).toEqual([b.caseCode]);
    expect(await find({ reasonCode: 'PORTAL_REJECTED' })).toEqual([a.caseCode, b.caseCode].sort());
    expect(await find({ reasonCode: 'PORTAL_REJ' })).toEqual([]);
    expect(await find({ text: 'KHÔNG KHỚP' })).toEqual([a.caseCode]);
    expect(await find({ text: '50%' })).toEqual([a.caseCode]);
    expect(await find({ text: '%' })).toEqual([a.caseCode]); // a literal %, not a wildcard
    expect(await find({ text: b.caseCode.slice(-12) })).toEqual([b.caseCode]);
    const [dl] = await status.deadLetters({ limit: 10, offset: 0, department: 'STP' });
    expect(dl).toMatchObject({ procedureCode: '1.001193', errorCode: 'PORTAL_REJECTED:5' });
  });

  it('counts per procedure over every accepted event, and throughput per minute', async () => {
    const a = exampleCase({ department: 'STP', number: 4 });
    const b = exampleCase({ department: 'STP', number: 5 });
    await accept(a, '1.001193', 0);
    await accept(b, '1.000001', 0, [1, 2]);
    await publish(a, [1]);
    await claimOne(a.events[0]?.id ?? '');
    await jobs.record(a.events[0]?.id ?? '', 'w', { state: 'synced', portalStatus: '2' }, announce);

    const rows = await insights.byProcedure();
    expect(rows.map((r) => [r.procedureCode, r.department, r.total, r.synced, r.pending])).toEqual([
      ['1.000001', 'STP', 2, 0, 2],
      ['1.001193', 'STP', 5, 1, 4],
    ]);
    const minutes = await insights.throughput(5);
    expect(minutes.reduce((n, m) => n + m.accepted, 0)).toBe(7);
    expect(minutes.reduce((n, m) => n + m.synced, 0)).toBe(1);
    expect(minutes.every((m) => m.minute.getUTCSeconds() === 0)).toBe(true);
  });

  it('names procedures from the catalog next to their codes, with one lookup per answer', async () => {
    const shipped = shippedNames();
    const birth = '1.001193';
    const business = '1.005092';
    const retired = '1.999999'; // a code the catalog does not (or no longer) list
    const names = { [birth]: shipped[birth] ?? '', [business]: shipped[business] ?? '' };
    expect(Object.values(names).every((n) => n.length > 0)).toBe(true);
    // Stored the way portal-sync stores a portal read.
    const catalog = new ProcedureCatalogReader(ds);
    const refresh = await catalog.requestRefresh('ops-anna');
    const store = new CatalogRepository(ds);
    await store.claimNext('w');
    await store.apply(refresh.id, {
      kind: 'read',
      listed: Object.keys(names),
      procedures: Object.entries(names).map(([code, name]) => catalogProcedure(code, name)),
      agencies: [{ code: '000.00.01.H26', name: 'Sở Tư pháp', level: '2' }],
      skipped: [],
    });

    const a = exampleCase({ department: 'STP', number: 6 });
    const b = exampleCase({ department: 'STP', number: 7 });
    const c = exampleCase({ department: 'SYT', number: 8, day: '260313' });
    await accept(a, birth, 0, [1]);
    await accept(b, birth, 0, [1]);
    await accept(c, retired, 0, [1]);
    await publish(a, [1]);
    await publish(b, [1]);
    await publish(c, [1]);
    expect(await jobs.claimDue(100, 'w', LEASE_MS)).toHaveLength(3);
    for (const x of [a, b, c]) {
      await jobs.record(
        x.events[0]?.id ?? '',
        'w',
        { state: 'dead', dossierSynced: false, errorCode: 'PORTAL_REJECTED:5', errorMessage: 'x' },
        announce,
      );
    }
    const lookups = jest.spyOn(catalog, 'names');

    const breakdown = await new GetProcedureBreakdownHandler(insights, catalog).execute();
    expect(breakdown.items.map((r) => [r.procedureCode, r.procedureName]).sort()).toEqual([
      [birth, names[birth]],
      [retired, null],
    ]);
    expect(lookups).toHaveBeenCalledTimes(1);

    lookups.mockClear();
    const deadLetters = await new GetDeadLettersHandler(status, catalog).execute({
      limit: 100,
      offset: 0,
    });
    expect(deadLetters.map((d) => [d.caseCode, d.procedureName]).sort()).toEqual(
      [
        [a.caseCode, names[birth]],
        [b.caseCode, names[birth]],
        [c.caseCode, null],
      ].sort(),
    );
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(lookups).toHaveBeenCalledWith(expect.arrayContaining([birth, retired]));
    const filtered = await new GetDeadLettersHandler(status, catalog).execute({
      procedureCode: birth,
      limit: 100,
      offset: 0,
    });
    expect(filtered.map((d) => d.caseCode).sort()).toEqual([a.caseCode, b.caseCode].sort());

    const timelines = new GetCaseTimelineHandler(insights, catalog, { OPS_TRACE_URL: undefined });
    expect(await timelines.execute(a.caseCode)).toMatchObject({
      procedureCode: birth,
      procedureName: names[birth],
    });
    expect(await timelines.execute(c.caseCode)).toMatchObject({
      procedureCode: retired,
      procedureName: null,
    });
  });

  it('stores one sample per bucket and reads the recent ones', async () => {
    const counts = {
      total: 10,
      synced: 9,
      pending: 1,
      retrying: 0,
      dead: 0,
      oldestUnsyncedSeconds: 4.5,
      outboxBacklog: 2,
    };
    await insights.writeSample(counts, 3600);
    await insights.writeSample({ ...counts, synced: 10 }, 3600); // same bucket: first wins
    await ds.query(
      `INSERT INTO ops_sync_samples VALUES (now() - interval '2 hours', 1, 1, 0, 0, 0, 0, 0),
                                           (now() - interval '2 days', 1, 1, 0, 0, 0, 0, 0)`,
    );
    const samples = await insights.samples(60);
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({
      total: 10,
      synced: 9,
      oldestUnsyncedSeconds: 4.5,
      outboxBacklog: 2,
    });
    await insights.deleteSamplesOlderThan(1);
    expect(await insights.samples(7 * 24 * 60)).toHaveLength(2);
  });

  it('keeps each process breaker state with when it changed and when it last reported', async () => {
    await adapters.report('portal', 'p1', 'portal-sync', 'closed');
    const [before] = await queryRows<{ changed_at: Date }>(
      ds,
      'SELECT changed_at FROM national_adapter_states',
    );
    await adapters.report('portal', 'p1', 'portal-sync', 'closed');
    const [same] = await queryRows<{ changed_at: Date }>(
      ds,
      'SELECT changed_at FROM national_adapter_states',
    );
    expect(same?.changed_at).toEqual(before?.changed_at); // a heartbeat is not a change
    await adapters.report('portal', 'p1', 'portal-sync', 'open');
    await adapters.report('portal', 'p2', 'portal-sync', 'closed');
    await ds.query(
      `UPDATE national_adapter_states SET heartbeat_at = now() - interval '2 days' WHERE instance = 'p2'`,
    );
    await adapters.report('population', 'o1', 'once-only', 'half-open');

    const listed = await adapters.list(86_400);
    expect(listed.map((r) => [r.adapter, r.instance, r.state])).toEqual([
      ['population', 'o1', 'half-open'],
      ['portal', 'p1', 'open'],
    ]);
    expect(listed[1]?.changedAt.getTime()).toBeGreaterThanOrEqual(
      before?.changed_at.getTime() ?? 0,
    );
    expect(listed[1]?.heartbeatAgeSeconds).toBeLessThan(60);
    await adapters.forget('p1');
    expect((await adapters.list()).map((r) => r.instance)).toEqual(['o1']);
  });
});
