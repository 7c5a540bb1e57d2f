import { testRegistry } from '../test/test-registry.factory';
import { DEFAULT_FAULTS, type FaultConfig, UNKNOWN_FIELD, parseFaultRequest } from './fault-config';
import { FaultService } from './fault.service';

describe('parseFaultRequest', () => {
  it('fills defaults for omitted fields, and takes a missing body as {}', () => {
    expect(parseFaultRequest({})).toEqual({ ok: true, request: DEFAULT_FAULTS });
    expect(parseFaultRequest(undefined)).toEqual({ ok: true, request: DEFAULT_FAULTS });
    expect(DEFAULT_FAULTS).toEqual({
      mode: 'up',
      status: 500,
      latencyMs: 2_000,
      errorRate: 0.5,
      unlicensedServiceCodes: [],
      unauthorisedOfficialCodes: [],
    });
  });

  it('names every bad field, each unknown key on its own', () => {
    const parsed = parseFaultRequest({
      mode: 'sideways',
      errorRate: 2,
      status: 418,
      latencyMs: -1,
      colour: 'red',
      size: 3,
    });
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['mode', 'errorRate', 'status', 'latencyMs', 'colour', 'size']),
    );
    expect(errors.find((e) => e.path === 'colour')?.message).toBe(UNKNOWN_FIELD);
  });

  it('names the body itself when it is not an object', () => {
    const parsed = parseFaultRequest([1]);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.path)).toEqual(['(body)']);
  });
});

describe('FaultService', () => {
  const sleeps: number[] = [];
  const configured = (request: unknown, random = (): number => 0.5): FaultService => {
    const service = new FaultService(
      random,
      (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      testRegistry(),
    );
    const parsed = parseFaultRequest(request);
    if (!parsed.ok) throw new Error('bad test config');
    service.replace(parsed.request);
    return service;
  };

  beforeEach(() => {
    sleeps.length = 0;
  });

  it('passes every call when up', () => {
    expect(configured({}).decide()).toEqual({ kind: 'pass' });
  });

  it('answers 503 maintenance in the registries’ envelope when down', () => {
    expect(configured({ mode: 'down' }).decide()).toEqual({
      kind: 'fail',
      reply: {
        httpStatus: 503,
        headers: {},
        body: { MaLoi: '503', MoTaLoi: 'Hệ thống đang bảo trì' },
      },
    });
  });

  it('answers the configured status in error mode, with Retry-After on 429 only', () => {
    expect(configured({ mode: 'error' }).decide()).toEqual({
      kind: 'fail',
      reply: {
        httpStatus: 500,
        headers: {},
        body: { MaLoi: '500', MoTaLoi: 'Lỗi hệ thống, vui lòng thử lại sau' },
      },
    });
    expect(configured({ mode: 'error', status: 429 }).decide()).toEqual({
      kind: 'fail',
      reply: {
        httpStatus: 429,
        headers: { 'Retry-After': '1' },
        body: {
          MaLoi: '429',
          MoTaLoi: 'Vượt quá số lượng yêu cầu cho phép, vui lòng thử lại sau',
        },
      },
    });
    expect(configured({ mode: 'error', status: 503 }).decide()).toMatchObject({
      reply: { httpStatus: 503, headers: {} },
    });
  });

  it('names the registry behind a 502 as the registry says it', () => {
    expect(configured({ mode: 'error', status: 502 }).decide()).toEqual({
      kind: 'fail',
      reply: {
        httpStatus: 502,
        headers: {},
        body: { MaLoi: '502', MoTaLoi: testRegistry().badGatewayMessage },
      },
    });
  });

  it('delays in slow mode', () => {
    expect(configured({ mode: 'slow', latencyMs: 250 }).decide()).toEqual({
      kind: 'delay',
      ms: 250,
    });
  });

  it('fails the configured share of calls in flaky mode, with a message of its own', () => {
    const draws = [0.1, 0.9, 0.29, 0.3];
    const service = configured({ mode: 'flaky', errorRate: 0.3 }, () => draws.shift() ?? 1);
    const decisions = [1, 2, 3, 4].map(() => service.decide());
    expect(decisions.map((d) => d.kind)).toEqual(['fail', 'pass', 'fail', 'pass']);
    expect(decisions[0]).toEqual({
      kind: 'fail',
      reply: {
        httpStatus: 503,
        headers: {},
        body: { MaLoi: '503', MoTaLoi: 'Hệ thống tạm thời không phản hồi' },
      },
    });
  });

  it('admits a call: waits out a delay, hands back a failure, or lets it through', async () => {
    expect(await configured({}).admit()).toBeUndefined();
    expect(sleeps).toEqual([]);
    expect(await configured({ mode: 'slow', latencyMs: 750 }).admit()).toBeUndefined();
    expect(sleeps).toEqual([750]);
    expect(await configured({ mode: 'down' }).admit()).toMatchObject({ httpStatus: 503 });
    expect(sleeps).toEqual([750]);
  });

  it('refuses the licensing lists of the environment and of the fault config alike', () => {
    const service = configured({
      unlicensedServiceCodes: ['2.000777'],
      unauthorisedOfficialCodes: ['CB-TAM-DINH-CHI'],
    });
    expect(service.isLicensed('9.999999')).toBe(false);
    expect(service.isLicensed('2.000777')).toBe(false);
    expect(service.isLicensed('1.000001')).toBe(true);
    expect(service.isAuthorised('CB-CAM')).toBe(false);
    expect(service.isAuthorised('CB-TAM-DINH-CHI')).toBe(false);
    expect(service.isAuthorised('CB-0001')).toBe(true);
  });

  it('returns copies, and goes back to the defaults on reset (the environment lists stay)', () => {
    const service = configured({ mode: 'down', unlicensedServiceCodes: ['2.000777'] });
    const current: FaultConfig = service.current();
    current.unlicensedServiceCodes.push('1.000001');
    expect(service.isLicensed('1.000001')).toBe(true);
    service.reset();
    expect(service.current()).toEqual(DEFAULT_FAULTS);
    expect(service.isLicensed('2.000777')).toBe(true);
    expect(service.isLicensed('9.999999')).toBe(false);
  });
});
