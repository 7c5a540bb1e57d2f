import { exampleCase } from '@hub/contracts';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import type { EventIntakeRepository, IntakeResult } from '../../event-intake.repository';
import type { GatewayConfig } from '../../config';
import { GatewayErrorCode } from '../../gateway.errors';
import { AcceptEventsCommand } from './accept-events.command';
import { AcceptEventsHandler } from './accept-events.handler';
import type { CatalogSnapshot, ProcedureCatalogCache } from '../../catalog/procedure-catalog.cache';

function handlerWith(
  accept: () => Promise<IntakeResult>,
  config?: Partial<GatewayConfig>,
): AcceptEventsHandler {
  const intake = { accept } as unknown as EventIntakeRepository;
  return new AcceptEventsHandler(
    intake,
    HubLogger.for('test', 'silent'),
    new MetricsRegistry('test'),
    config
      ? ({
          HUB_API_KEYS: '',
          RATE_LIMIT_DEPARTMENTS: '',
          HUB_DEPARTMENTS: '',
          ...config,
        } as GatewayConfig)
      : undefined,
  );
}

function command(agencyCode?: string): AcceptEventsCommand {
  const built = AcceptEventsCommand.create({
    department: 'STP',
    body: exampleCase(agencyCode ? { agencyCode } : {}).events,
    kind: 'batch',
    maxBatch: 500,
  });
  if (!built.ok) throw new Error('factory events must be valid');
  return built.command;
}

describe('AcceptEventsHandler', () => {
  it('counts accepted and duplicate events', async () => {
    const handler = handlerWith(() =>
      Promise.resolve({
        kind: 'accepted',
        results: [
          { id: 'a', status: 'accepted' },
          { id: 'b', status: 'duplicate' },
        ],
      }),
    );
    expect(await handler.execute(command())).toMatchObject({
      kind: 'accepted',
      accepted: 1,
      duplicates: 1,
    });
  });

  it('maps a conflict to 409 with the field errors', async () => {
    const errors = [
      { index: 2, path: 'id', message: 'was already used for an event with different content' },
    ];
    const handler = handlerWith(() => Promise.resolve({ kind: 'conflict', errors }));
    expect(await handler.execute(command())).toMatchObject({
      kind: 'refused',
      code: GatewayErrorCode.IdConflict,
      errors,
    });
  });

  it('refuses with 503 and Retry-After when Postgres cannot be reached, and rethrows anything else', async () => {
    const down = handlerWith(() =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    );
    expect(await down.execute(command())).toMatchObject({
      kind: 'refused',
      code: GatewayErrorCode.Unavailable,
      retryAfterSeconds: 5,
    });
    const bug = handlerWith(() => Promise.reject(new TypeError('boom')));
    await expect(bug.execute(command())).rejects.toThrow('boom');
  });

  it("refuses with 403 naming subject a case code outside the department's agency codes, storing nothing", async () => {
    const accept = jest.fn(() => Promise.resolve<IntakeResult>({ kind: 'accepted', results: [] }));
    const handler = handlerWith(accept, {
      HUB_DEPARTMENTS: 'STP:000.00.01.H26,SXD:000.00.03.H26',
    });
    const outcome = await handler.execute(command('000.00.03.H26'));
    expect(outcome).toMatchObject({ kind: 'refused', code: GatewayErrorCode.ForbiddenSource });
    const errors = outcome.kind === 'refused' ? outcome.errors : [];
    expect(errors).toHaveLength(5);
    expect(errors[0]).toEqual({
      index: 0,
      path: 'subject',
      message: "agency 000.00.03.H26 is not one of department STP's (000.00.01.H26)",
    });
    expect(accept).not.toHaveBeenCalled();

    expect(await handler.execute(command('000.00.01.H26'))).toMatchObject({ kind: 'accepted' });
    expect(accept).toHaveBeenCalledTimes(1);
  });

  it('binds no agency while HUB_DEPARTMENTS is not set', async () => {
    const handler = handlerWith(() => Promise.resolve({ kind: 'accepted', results: [] }), {
      HUB_API_KEYS: 'STP:stp-key-123',
    });
    expect(await handler.execute(command('000.00.03.H26'))).toMatchObject({ kind: 'accepted' });
  });
});

describe('AcceptEventsHandler against the national procedure catalog', () => {
  const refreshedAt = new Date('2026-12-01T01:00:00Z');
  const snapshot = (procedures: Record<string, string[]>): CatalogSnapshot => ({
    refreshId: '7',
    refreshedAt,
    procedures: new Map(Object.entries(procedures).map(([code, a]) => [code, new Set(a)])),
    reusableResults: new Map(),
  });
  const stored: unknown[] = [];
  function checking(mode: 'strict' | 'warn' | 'off', catalog: CatalogSnapshot | undefined) {
    const intake = {
      accept: (_department: string, events: unknown[]) => {
        stored.push(...events);
        return Promise.resolve({
          kind: 'accepted',
          results: events.map((_, i) => ({ id: `e${i}`, status: 'accepted' })),
        });
      },
    } as unknown as EventIntakeRepository;
    const metrics = new MetricsRegistry('test');
    const handler = new AcceptEventsHandler(
      intake,
      HubLogger.for('test', 'silent'),
      metrics,
      {
        HUB_API_KEYS: '',
        RATE_LIMIT_DEPARTMENTS: '',
        HUB_DEPARTMENTS: '',
        INTAKE_CATALOG_CHECK: mode,
      } as GatewayConfig,
      { current: () => catalog } as ProcedureCatalogCache,
    );
    return { handler, metrics };
  }

  beforeEach(() => stored.splice(0));

  it('strict: refuses an unknown procedure with 422 naming data.procedureCode and the refresh time, storing nothing', async () => {
    const { handler } = checking('strict', snapshot({ '2.000488': ['000.00.01.H26'] }));
    const outcome = await handler.execute(command());
    expect(outcome).toEqual({
      kind: 'refused',
      code: GatewayErrorCode.NotInCatalog,
      detail: expect.stringContaining('Nothing was stored') as string,
      errors: [
        {
          index: 0,
          path: 'data.procedureCode',
          message:
            'procedure 1.001193 is not in the national catalog as refreshed at 2026-12-01T01:00:00.000Z',
        },
      ],
    });
    expect(stored).toEqual([]);
  });

  it('strict: refuses an agency that does not perform the procedure, naming data.agencyCode', async () => {
    const { handler } = checking('strict', snapshot({ '1.001193': ['000.00.02.H26'] }));
    const outcome = await handler.execute(command());
    expect(outcome).toMatchObject({
      kind: 'refused',
      errors: [
        {
          index: 0,
          path: 'data.agencyCode',
          message: expect.stringContaining(
            'agency 000.00.01.H26 does not perform procedure 1.001193',
          ) as string,
        },
      ],
    });
    expect(stored).toEqual([]);
  });

  it('accepts what the catalog has, and checks nothing before a catalog was ever loaded', async () => {
    expect(
      await checking('strict', snapshot({ '1.001193': ['000.00.01.H26'] })).handler.execute(
        command(),
      ),
    ).toMatchObject({ kind: 'accepted', accepted: 5 });
    expect(await checking('strict', undefined).handler.execute(command())).toMatchObject({
      kind: 'accepted',
    });
    expect(await checking('off', snapshot({})).handler.execute(command())).not.toHaveProperty(
      'warnings',
    );
  });

  it('warn: accepts, answers the warning and counts it', async () => {
    const { handler, metrics } = checking('warn', snapshot({}));
    const outcome = await handler.execute(command());
    expect(outcome).toMatchObject({
      kind: 'accepted',
      accepted: 5,
      warnings: [{ index: 0, path: 'data.procedureCode' }],
    });
    expect(stored).toHaveLength(5);
    expect(await metrics.render()).toContain(
      'hub_intake_catalog_mismatches_total{department="STP",field="procedureCode",mode="warn",service="test"} 1',
    );
  });
});
