import type { Server } from 'node:http';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiKeyAuthModule } from '@hub/auth';
import { HubLogger, ObservabilityModule } from '@hub/observability';
import { type DeadLetter, ProcedureCatalogReader, SyncStatusReader } from '@hub/read-models';
import request from 'supertest';
import { OPS_CONFIG } from './config';
import { OpsController } from './ops.controller';
import { GetCaseTimelineHandler } from './usecases/get-case-timeline/get-case-timeline.handler';
import { GetDeadLettersHandler } from './usecases/get-dead-letters/get-dead-letters.handler';
import { GetNationalAdaptersHandler } from './usecases/get-national-adapters/get-national-adapters.handler';
import { GetProcedureBreakdownHandler } from './usecases/get-procedure-breakdown/get-procedure-breakdown.handler';
import { GetReuseKpisHandler } from './usecases/get-reuse-kpis/get-reuse-kpis.handler';
import { GetSyncHistoryHandler } from './usecases/get-sync-history/get-sync-history.handler';
import { GetSyncSummaryHandler } from './usecases/get-sync-summary/get-sync-summary.handler';
import { ReplayDeadLetterHandler } from './usecases/replay-dead-letter/replay-dead-letter.handler';
import { ReplayDeadLettersHandler } from './usecases/replay-dead-letters/replay-dead-letters.handler';

/*
 * Issue 16: a NUL in a path or query parameter reached Postgres and came back as 500; a repeated
 * `q` crashed the controller. Each is now 400 naming the parameter, and nothing is read.
 */
const timeline = { execute: jest.fn() };
const replay = { execute: jest.fn() };
const bulkReplay = { execute: jest.fn() };
const status = { deadLetters: jest.fn().mockResolvedValue([]) };
const catalog = { names: jest.fn().mockResolvedValue({}) };
let app: INestApplication;

beforeAll(async () => {
  const unused = { execute: jest.fn() };
  @Module({
    imports: [
      ObservabilityModule.forRoot('ops', HubLogger.for('ops', 'error')),
      ApiKeyAuthModule.forKeys('ops:spec-ops-key', 'HUB_OPS_KEYS'),
    ],
    controllers: [OpsController],
    providers: [
      { provide: GetCaseTimelineHandler, useValue: timeline },
      { provide: ReplayDeadLetterHandler, useValue: replay },
      { provide: SyncStatusReader, useValue: status },
      { provide: ProcedureCatalogReader, useValue: catalog },
      GetDeadLettersHandler,
      { provide: GetSyncSummaryHandler, useValue: unused },
      { provide: ReplayDeadLettersHandler, useValue: bulkReplay },
      { provide: GetNationalAdaptersHandler, useValue: unused },
      { provide: GetSyncHistoryHandler, useValue: unused },
      { provide: GetProcedureBreakdownHandler, useValue: unused },
      { provide: GetReuseKpisHandler, useValue: unused },
      { provide: OPS_CONFIG, useValue: {} },
    ],
  })
  class OpsApiModule {}
  app = await NestFactory.create(OpsApiModule, { logger: false });
  await app.init();
});

afterAll(async () => {
  await app?.close();
});

beforeEach(() => jest.clearAllMocks());

const api = () => request(app.getHttpServer() as Server);
const auth = { authorization: 'Bearer spec-ops-key' };

function expectNamed(res: request.Response, path: string): void {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([path]);
}

describe('ops API parameters Postgres cannot take', () => {
  it('a NUL in the case code of a timeline is 400 naming caseCode', async () => {
    expectNamed(await api().get('/v1/cases/a%00b/timeline').set(auth), 'caseCode');
    expect(timeline.execute).not.toHaveBeenCalled();
  });

  it('a NUL in the event id of a replay is 400 naming eventId', async () => {
    expectNamed(await api().post('/v1/dead-letters/%00/replay').set(auth), 'eventId');
    expect(replay.execute).not.toHaveBeenCalled();
  });

  it('a NUL in an event id of a bulk replay is 400 naming that id', async () => {
    const res = await api()
      .post('/v1/dead-letters/replay')
      .set(auth)
      .send({ eventIds: ['e-1', 'e\u00002'] });
    expectNamed(res, 'body.eventIds[1]');
    expect(bulkReplay.execute).not.toHaveBeenCalled();
  });

  it('dead letters: q with a NUL, or given twice, is 400 naming query.q', async () => {
    expectNamed(await api().get('/v1/dead-letters?q=a%00b').set(auth), 'query.q');
    expectNamed(await api().get('/v1/dead-letters?q=a&q=b').set(auth), 'query.q');
    expectNamed(
      await api().get('/v1/dead-letters?department=STP&department=SXD').set(auth),
      'query.department',
    );
    expect(status.deadLetters).not.toHaveBeenCalled();
    await api().get('/v1/dead-letters?q=h%E1%BB%93%20s%C6%A1').set(auth).expect(200);
    expect(status.deadLetters).toHaveBeenCalledWith(expect.objectContaining({ text: 'hồ sơ' }));
  });
});

describe('dead letters with procedure names', () => {
  const deadLetter = (eventId: string, procedureCode: string | null): DeadLetter => ({
    eventId,
    caseCode: `000.00.01.H26-261201-0000${eventId}`,
    department: 'STP',
    procedureCode,
    sequence: 1,
    eventType: 'case.received',
    attempts: 3,
    errorCode: 'PORTAL_REJECTED:5',
    errorMessage: 'Hồ sơ bị từ chối',
    deadAt: new Date('2026-12-01T10:00:00Z'),
    acceptedAt: new Date('2026-12-01T09:59:00Z'),
    waitingBehind: 0,
  });

  it('names each row from one catalog lookup, null for a code the catalog lacks', async () => {
    status.deadLetters.mockResolvedValueOnce([
      deadLetter('1', '1.001193'),
      deadLetter('2', '9.999999'),
      deadLetter('3', '1.001193'),
    ]);
    catalog.names.mockResolvedValueOnce({ '1.001193': 'Thủ tục đăng ký khai sinh' });
    const res = await api().get('/v1/dead-letters?procedure=1.001193').set(auth).expect(200);
    const items = (res.body as { items: { procedureCode: string; procedureName: unknown }[] })
      .items;
    expect(items.map((d) => [d.procedureCode, d.procedureName])).toEqual([
      ['1.001193', 'Thủ tục đăng ký khai sinh'],
      ['9.999999', null],
      ['1.001193', 'Thủ tục đăng ký khai sinh'],
    ]);
    expect(status.deadLetters).toHaveBeenCalledWith(
      expect.objectContaining({ procedureCode: '1.001193' }),
    );
    expect(catalog.names).toHaveBeenCalledTimes(1);
    expect(catalog.names).toHaveBeenCalledWith(['1.001193', '9.999999']);
  });
});
