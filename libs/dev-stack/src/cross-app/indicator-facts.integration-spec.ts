import { startPostgres, type PostgresHandle } from '@hub/testing';
import { createDataSource, type OutboxMessage, runMigrations } from '@hub/persistence';
import { PortalSyncJobRepository } from '../../../../apps/portal-sync/src/store';
import type { DataSource } from 'typeorm';
import { EventIntakeRepository } from '../../../../apps/gateway/src/event-intake.repository';
import { AcceptEventsCommand } from '../../../../apps/gateway/src/usecases/accept-events/accept-events.command';
import { GetIndicatorsHandler } from '../../../../apps/ops/src/usecases/get-indicators/get-indicators.handler';
import type {
  Indicator,
  IndicatorTargets,
} from '../../../../apps/ops/src/indicators/indicator-formulas';
import { IndicatorFactsRepository } from '../../../../apps/ops/src/indicators/indicator-facts.repository';
import {
  FIXTURE_AS_OF,
  FIXTURE_MONTH,
  indicatorFixture,
} from '../../../../apps/ops/src/indicators/test/indicator-fixture';

jest.setTimeout(60_000);

const targets: IndicatorTargets = {
  synced: 1,
  online_intake: 0.95,
  online_payment: 0.8,
  electronic_results: 1,
  digitised_documents: 1,
  reused_data: 0.8,
  on_time: 0.98,
  early: null,
};

const pick = (list: Indicator[]) =>
  Object.fromEntries(list.map((i) => [i.key, [i.numerator, i.denominator]]));

/**
 * The same hand-computed fixture as indicator-formulas.spec.ts, stored through the gateway's real
 * intake repository and synced through the real sync-job repository, then read back by the
 * scorecard's SQL: the numbers must be the same.
 */
describe('IndicatorFactsRepository + GetIndicatorsHandler (real Postgres)', () => {
  let pg: PostgresHandle;
  let ds: DataSource;
  let handler: GetIndicatorsHandler;

  beforeAll(async () => {
    pg = await startPostgres({ freshDatabase: true });
    await runMigrations(pg.url);
    ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 4 });
    await ds.initialize();
    handler = new GetIndicatorsHandler(new IndicatorFactsRepository(ds), targets);

    const intake = new EventIntakeRepository(ds);
    const fixture = indicatorFixture();
    for (const c of fixture) {
      const built = AcceptEventsCommand.create({
        department: c.department,
        body: c.events,
        kind: 'batch',
        maxBatch: 500,
      });
      if (!built.ok) throw new Error(`invalid fixture ${c.label}: ${JSON.stringify(built.error)}`);
      const result = await intake.accept(c.department, built.command.events);
      expect(result.kind).toBe('accepted');
    }

    // Sync jobs through the real repository: every event synced, except the fixture's unsynced.
    const jobs = new PortalSyncJobRepository(ds);
    await jobs.backfillMissingJobs(0, 1000);
    const held = new Set(fixture.flatMap((c) => c.unsynced.map((seq) => `${c.caseCode}#${seq}`)));
    const announce = (): OutboxMessage => ({ topic: 't', key: 'k', headers: {}, value: '' });
    for (;;) {
      const claimed = await jobs.claimDue(100, 'test', 60_000);
      if (claimed.length === 0) break;
      for (const job of claimed) {
        const result = held.has(`${job.caseCode}#${job.sequence}`)
          ? {
              state: 'retrying' as const,
              attempted: true,
              dossierSynced: false,
              nextAttemptAt: new Date(Date.now() + 3_600_000),
              errorCode: 'PORTAL_UNAVAILABLE',
              errorMessage: 'down',
            }
          : { state: 'synced' as const, portalStatus: '10' };
        await jobs.record(job.eventId, 'test', result, announce);
      }
    }
  });

  afterAll(async () => {
    await ds?.destroy();
    await pg?.stop();
  });

  it('gives the hand-computed STP and SXD numbers for March 2026', async () => {
    const scorecard = await handler.execute({ month: FIXTURE_MONTH }, FIXTURE_AS_OF);
    expect(scorecard.month).toBe('2026-03');
    expect(scorecard.departments.map((d) => d.department)).toEqual(['STP', 'SXD']);
    // Derivation: indicator-formulas.spec.ts ("computes STP by hand").
    expect(pick(scorecard.departments[0].indicators)).toEqual({
      synced: [5, 6],
      online_intake: [4, 6],
      online_payment: [2, 4],
      electronic_results: [3, 4],
      digitised_documents: [4, 5],
      reused_data: [2, 5],
      on_time: [3, 5],
      early: [2, 5],
    });
    expect(pick(scorecard.departments[1].indicators)).toEqual({
      synced: [1, 1],
      online_intake: [1, 1],
      online_payment: [1, 1],
      electronic_results: [1, 1],
      digitised_documents: [1, 1],
      reused_data: [0, 1],
      on_time: [1, 1],
      early: [1, 1],
    });
  });

  it('selects by Hanoi month: April holds only F (1 April 00:30 Hanoi)', async () => {
    const april = await handler.execute({ month: '2026-04' }, FIXTURE_AS_OF);
    expect(april.departments.map((d) => [d.department, d.indicators[0].denominator])).toEqual([
      ['STP', 1],
    ]);
    const february = await handler.execute({ month: '2026-02' }, FIXTURE_AS_OF);
    expect(february.departments).toEqual([]);
  });

  it('filters by department and lists it even when it has no cases', async () => {
    const sxd = await handler.execute({ month: FIXTURE_MONTH, department: 'SXD' }, FIXTURE_AS_OF);
    expect(sxd.departments.map((d) => d.department)).toEqual(['SXD']);
    const syt = await handler.execute({ month: FIXTURE_MONTH, department: 'SYT' }, FIXTURE_AS_OF);
    expect(syt.departments).toHaveLength(1);
    expect(syt.departments[0].indicators.every((i) => i.value === null)).toBe(true);
  });
});
