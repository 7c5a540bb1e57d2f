import { exampleCase } from '@hub/contracts';
import { createDataSource, runMigrations } from '@hub/persistence';
import { ProcedureCatalogReader } from '@hub/read-models';
import { type PostgresHandle, startPostgres } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { OpsInsightsRepository } from '../insights/ops-insights.repository';
import { GetCaseTimelineHandler } from '../usecases/get-case-timeline/get-case-timeline.handler';
import { GetIndicatorsHandler } from '../usecases/get-indicators/get-indicators.handler';
import { IndicatorFactsRepository } from './indicator-facts.repository';
import { fixtureTargets } from './test/indicator-fixture';
import { scorecardCsv } from './scorecard-render';

/*
 * Issue 16, "readers never fail on stored data": a case.received with receivedAt in year 0000
 * (or an offset of +23:59) was accepted before the storable rule, and from then on every
 * GET /v1/indicators answered 500 (Postgres's cast failed for every month). The rows are inserted
 * here as an old gateway wrote them, straight into its tables.
 */
jest.setTimeout(60_000);

const targets = fixtureTargets();

let pg: PostgresHandle;
let ds: DataSource;

async function insertReceived(number: number, receivedAt: string): Promise<string> {
  const [received] = exampleCase({ number }).events;
  const payload = { ...received, data: { ...received.data, receivedAt } };
  await ds.query(
    `INSERT INTO cases (case_code, department, procedure_code, status, last_sequence, event_count)
     VALUES ($1, 'STP', $2, 'accepted', 1, 1)`,
    [received.subject, '1.001193'],
  );
  await ds.query(
    `INSERT INTO case_events (id, case_code, department, type, sequence, event_time, payload, content_hash)
     VALUES ($1, $2, 'STP', 'case.received', 1, $3, $4, 'old-build')`,
    [received.id, received.subject, received.time, JSON.stringify(payload)],
  );
  return received.subject;
}

beforeAll(async () => {
  pg = await startPostgres({ freshDatabase: true });
  await runMigrations(pg.url);
  ds = createDataSource({ url: pg.url, applicationName: 'test', poolSize: 2 });
  await ds.initialize();
});

afterAll(async () => {
  await ds?.destroy();
  await pg?.stop();
});

describe('readers over rows accepted before the storable rule (real Postgres)', () => {
  it('indicators, CSV and timeline answer, leaving the unreadable case out and counting it', async () => {
    const good = await insertReceived(1, '2026-03-12T08:30:00+07:00');
    const yearZero = await insertReceived(2, '0000-01-01T00:00:00Z');
    await insertReceived(3, '2026-03-12T08:30:00+23:59');
    const facts = new IndicatorFactsRepository(ds);
    const handler = new GetIndicatorsHandler(facts, targets);

    const scorecard = await handler.execute({ month: '2026-03' });
    const stp = scorecard.departments.find((d) => d.department === 'STP');
    expect(stp?.indicators.find((i) => i.key === 'online_intake')?.denominator).toBe(1);
    expect(scorecardCsv(scorecard)).toContain('2026-03,STP');
    expect(await handler.execute({ month: '2000-01', department: 'STP' })).toBeDefined();
    expect(await facts.unreadableReceivedCount()).toBe(2);

    const timelines = new GetCaseTimelineHandler(
      new OpsInsightsRepository(ds),
      new ProcedureCatalogReader(ds),
      { OPS_TRACE_URL: undefined },
    );
    for (const caseCode of [good, yearZero]) {
      expect((await timelines.execute(caseCode))?.caseCode).toBe(caseCode);
    }
  });
});
