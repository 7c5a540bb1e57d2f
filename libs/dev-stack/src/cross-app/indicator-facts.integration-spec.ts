import { startPostgres, type PostgresHandle } from '@hub/testing';
import { createDataSource, type OutboxMessage, runMigrations } from '@hub/persistence';
import { PortalSyncJobRepository } from '../../../../apps/portal-sync/src/store';
import type { DataSource } from 'typeorm';
import { EventIntakeRepository } from '../../../../apps/gateway/src/event-intake.repository';
import { AcceptEventsCommand } from '../../../../apps/gateway/src/usecases/accept-events/accept-events.command';
import { HubEventWriter } from '../../../../apps/gateway/src/hub-events/hub-event.writer';
import { GetIndicatorsHandler } from '../../../../apps/ops/src/usecases/get-indicators/get-indicators.handler';
import {
  type IndicatorKey,
  indicatorKeys,
} from '../../../../apps/ops/src/indicators/indicator-definitions';
import type { Indicator } from '../../../../apps/ops/src/indicators/indicator-formulas';
import { IndicatorFactsRepository } from '../../../../apps/ops/src/indicators/indicator-facts.repository';
import { scorecardCsv, scorecardHtml } from '../../../../apps/ops/src/indicators/scorecard-render';
import type { OpsConfig } from '../../../../apps/ops/src/config';
import { IndicatorReportRepository } from '../../../../apps/ops/src/reports/indicator-report.repository';
import {
  dueReportMonth,
  IndicatorReportService,
} from '../../../../apps/ops/src/reports/indicator-report.service';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { waitFor } from '@hub/testing';
import {
  EXAMPLE_PROCEDURE,
  FIXTURE_AS_OF,
  FIXTURE_CATALOG,
  FIXTURE_MONTH,
  fixtureTargets,
  indicatorFixture,
  LINKED_PROCEDURE,
} from '../../../../apps/ops/src/indicators/test/indicator-fixture';

jest.setTimeout(60_000);

const targets = fixtureTargets();

/** The eight indicators of the first scorecard (issue 15). */
const FIRST_EIGHT: readonly string[] = indicatorKeys.slice(0, 8);

const pick = (list: Indicator[], keys: readonly string[] = FIRST_EIGHT) =>
  Object.fromEntries(
    list.filter((i) => keys.includes(i.key)).map((i) => [i.key, [i.numerator, i.denominator]]),
  );

/**
 * The fixture's catalog as portal-sync stores it (`catalog_procedures`, the shape of
 * CatalogProcedure): the linked procedure's document names a result; the example's does not.
 */
async function storeCatalog(ds: DataSource): Promise<void> {
  for (const [code, p] of FIXTURE_CATALOG) {
    const procedure = {
      code,
      name: p.name,
      fullyOnline: p.fullyOnline,
      onlineLevel: p.fullyOnline ? '4' : '2',
      fields: [],
      channels: [],
      documents: [
        {
          code: `TP-${code}`,
          name: 'Tờ khai',
          required: true,
          count: 1,
          replacedByResult: p.reuseLinked ? 'KQ-FIXTURE' : null,
        },
      ],
      results: [],
      legalBases: [],
      agencies: [],
    };
    await ds.query(
      `INSERT INTO catalog_procedures (code, name, procedure, refreshed_at) VALUES ($1, $2, $3, now())`,
      [code, p.name, procedure],
    );
  }
}

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
      const payment = c.hubPayment;
      if (payment) {
        await ds.transaction((tx) =>
          new HubEventWriter().append(tx, c.caseCode, { type: 'payment.completed', ...payment }),
        );
      }
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

    await storeCatalog(ds);
    // Once-only's accounting, as its ingest writes it (its repository needs a registry and keys
    // this test does not start): only the columns the indicator reads matter.
    for (const c of fixture.filter((f) => f.reuse)) {
      await ds.query(
        `INSERT INTO case_reuse (case_code, event_id, department, procedure_code, received_at,
                                 documents_asked_again, fields_already_verified)
         VALUES ($1, 'e', $2, 'p', now(), $3, 0)`,
        [c.caseCode, c.department, c.reuse?.askedAgain ? 1 : 0],
      );
    }
  });

  afterAll(async () => {
    await ds?.destroy();
    await pg?.stop();
  });

  it('gives the hand-computed STP and SXD numbers for March 2026', async () => {
    const scorecard = await handler.execute({ month: FIXTURE_MONTH }, FIXTURE_AS_OF);
    expect(scorecard.month).toBe('2026-03');
    expect(scorecard.departments.map((d) => d.department)).toEqual(['SCT', 'STP', 'SXD']);
    // Derivation: indicator-formulas.spec.ts ("computes STP by hand").
    expect(pick(scorecard.departments[1].indicators)).toEqual({
      synced: [5, 6],
      online_intake: [4, 6],
      online_payment: [2, 4],
      electronic_results: [3, 4],
      digitised_documents: [4, 5],
      reused_data: [2, 5],
      on_time: [3, 5],
      early: [2, 5],
    });
    expect(pick(scorecard.departments[2].indicators)).toEqual({
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

  it("gives the plans' further indicators from the stored catalog and reuse rows", async () => {
    const scorecard = await handler.execute({ month: FIXTURE_MONTH }, FIXTURE_AS_OF);
    const later: IndicatorKey[] = [
      'fully_online_dossiers',
      'fully_online_procedures',
      'restructured_procedures',
      'business_info_once',
      'open_past_due',
    ];
    // Derivation: indicator-formulas.spec.ts ("the plans' further indicators", "city total").
    expect(pick(scorecard.departments[0].indicators, later)).toEqual({
      fully_online_dossiers: [0, 0],
      fully_online_procedures: [0, 1],
      restructured_procedures: [0, 1],
      business_info_once: [0, 1],
      open_past_due: [0, 1],
    });
    expect(pick(scorecard.departments[2].indicators, later)).toEqual({
      fully_online_dossiers: [1, 1],
      fully_online_procedures: [1, 1],
      restructured_procedures: [1, 1],
      business_info_once: [1, 1],
      open_past_due: [0, 0],
    });
    expect(pick(scorecard.total.indicators, later)).toEqual({
      fully_online_dossiers: [4, 5],
      fully_online_procedures: [1, 3],
      restructured_procedures: [2, 3],
      business_info_once: [1, 2],
      open_past_due: [1, 2],
    });
    expect(scorecard.procedures[0]).toMatchObject({
      procedureCode: EXAMPLE_PROCEDURE,
      procedureName: 'Đăng ký khai sinh',
    });
    const ratio = scorecard.total.indicators.find((i) => i.key === 'online_time_ratio');
    expect(ratio?.value).toBeCloseTo(43 / 73, 9);
  });

  it("takes an administrator's reuse override before the catalog's links", async () => {
    const restructured = async () =>
      pick((await handler.execute({ month: FIXTURE_MONTH }, FIXTURE_AS_OF)).total.indicators, [
        'restructured_procedures',
      ]);
    // An empty override: the linked procedure no longer links anything.
    await ds.query(
      `INSERT INTO procedure_reuse_overrides (procedure_code, result_codes, reason, set_by)
       VALUES ($1, '{}', 'test', 'test')`,
      [LINKED_PROCEDURE],
    );
    try {
      expect(await restructured()).toEqual({ restructured_procedures: [1, 3] });
    } finally {
      await ds.query(`DELETE FROM procedure_reuse_overrides WHERE procedure_code = $1`, [
        LINKED_PROCEDURE,
      ]);
    }
    expect(await restructured()).toEqual({ restructured_procedures: [2, 3] });
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

  it("keeps the report of the month before from OPS_REPORT_DAY on, without a call, with the API's numbers", async () => {
    // 2 April 2026, 09:00 in Hanoi: March's report is due (OPS_REPORT_DAY 2).
    const now = new Date('2026-04-02T02:00:00Z');
    expect(dueReportMonth(now, 2)).toBe('2026-03');
    expect(dueReportMonth(new Date('2026-04-01T16:59:00Z'), 2)).toBeUndefined(); // 1 April 23:59 Hanoi
    expect(dueReportMonth(new Date('2026-01-10T00:00:00Z'), 1)).toBe('2025-12');

    const reports = new IndicatorReportRepository(ds);
    const config = { OPS_REPORT_DAY: 2, OPS_REPORT_POLL_MS: 100 } as OpsConfig;
    const replicas = [1, 2].map(
      () =>
        new IndicatorReportService(
          reports,
          handler,
          new IndicatorFactsRepository(ds),
          config,
          () => now,
          HubLogger.for('ops', 'error'),
          new MetricsRegistry('test'),
        ),
    );
    // Two replicas, started: nobody asks for the report. It waits for a catalog first.
    for (const r of replicas) r.onApplicationBootstrap();
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await reports.exists('2026-03')).toBe(false);
      await ds.query(
        `INSERT INTO catalog_refreshes (trigger, state, started_at, finished_at)
         VALUES ('schedule', 'done', $1, $1)`,
        [new Date('2026-04-01T20:00:00Z')],
      );
      const report = await waitFor('the March report', () => reports.get('2026-03'));
      expect(report).toMatchObject({ month: '2026-03', trigger: 'schedule' });
      expect(report.generatedAt.toISOString()).toBe(now.toISOString());
      expect(report.scorecard.catalogRefreshedAt).toBe('2026-04-01T20:00:00.000Z');

      // The same numbers as GET /v1/indicators at that instant: JSON, CSV and the HTML page.
      const api = await handler.execute({ month: '2026-03' }, now);
      expect(report.scorecard).toEqual(JSON.parse(JSON.stringify(api)));
      expect(scorecardCsv(report.scorecard)).toBe(scorecardCsv(api));
      const html = scorecardHtml(report.scorecard, report);
      expect(html).toContain('tháng 03/2026');
      expect(html).toContain('02/04/2026 09:00');
      expect(html).toContain('Đăng ký khai sinh');
    } finally {
      await Promise.all(replicas.map((r) => r.onModuleDestroy()));
    }
    // Written once, by one of them; a report is never overwritten.
    expect(await reports.list(10, 0)).toHaveLength(1);
    expect(
      await reports.insert({
        month: '2026-03',
        generatedAt: new Date(),
        trigger: 'schedule',
        generatedBy: 'late',
        scorecard: await handler.execute({ month: '2026-03' }, new Date()),
      }),
    ).toBe(false);
    expect((await reports.get('2026-03'))?.generatedBy).not.toBe('late');
  });

  it('writes the report on the 15th even without a catalog', async () => {
    await ds.query(`DELETE FROM catalog_refreshes`);
    const reports = new IndicatorReportRepository(ds);
    const at = (iso: string) =>
      new IndicatorReportService(
        reports,
        handler,
        new IndicatorFactsRepository(ds),
        { OPS_REPORT_DAY: 1, OPS_REPORT_POLL_MS: 100 } as OpsConfig,
        () => new Date(iso),
        HubLogger.for('ops', 'error'),
        new MetricsRegistry('test'),
      );
    const early = at('2026-05-14T10:00:00Z'); // 14 May, 17:00 Hanoi: April waits
    early.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await early.onModuleDestroy();
    expect(await reports.exists('2026-04')).toBe(false);
    const due = at('2026-05-14T17:00:00Z'); // 15 May, 00:00 Hanoi
    due.onApplicationBootstrap();
    try {
      const report = await waitFor('the April report', () => reports.get('2026-04'));
      expect(report.scorecard.catalogRefreshedAt).toBeNull();
    } finally {
      await due.onModuleDestroy();
    }
  });
});
