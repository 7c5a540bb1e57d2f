import { DEFAULT_FAULTS, parseFaultRequest } from './fault-config';
import { FaultService } from './fault.service';

describe('parseFaultRequest', () => {
  it('fills defaults for omitted fields', () => {
    expect(parseFaultRequest({})).toEqual({ ok: true, request: DEFAULT_FAULTS });
    expect(DEFAULT_FAULTS).toMatchObject({ mode: 'up', rejectCaseCodes: [] });
  });

  it('names every bad field', () => {
    const parsed = parseFaultRequest({
      mode: 'sideways',
      errorRate: 2,
      status: 418,
      colour: 'red',
    });
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['mode', 'errorRate', 'status', 'colour']));
  });
});

describe('FaultService', () => {
  const configured = (request: unknown, random = (): number => 0.5): FaultService => {
    const service = new FaultService(random);
    const parsed = parseFaultRequest(request);
    if (!parsed.ok) throw new Error('bad test config');
    const { expireSessions: _e, ...config } = parsed.request;
    service.replace(config);
    return service;
  };

  it('passes every call when up', () => {
    expect(configured({}).decide()).toEqual({ kind: 'pass' });
  });

  it('answers 503 maintenance when down', () => {
    expect(configured({ mode: 'down' }).decide()).toEqual({
      kind: 'fail',
      reply: {
        httpStatus: 503,
        headers: {},
        body: { error_code: '503', message: 'Hệ thống đang bảo trì' },
      },
    });
  });

  it('answers the configured status in error mode, with Retry-After on 429', () => {
    const throttled = configured({ mode: 'error', status: 429 }).decide();
    expect(throttled).toMatchObject({
      kind: 'fail',
      reply: { httpStatus: 429, headers: { 'Retry-After': '1' } },
    });
    expect(configured({ mode: 'error', status: 502 }).decide()).toMatchObject({
      reply: { httpStatus: 502, headers: {} },
    });
  });

  it('delays in slow mode', () => {
    expect(configured({ mode: 'slow', latencyMs: 250 }).decide()).toEqual({
      kind: 'delay',
      ms: 250,
    });
  });

  it('fails the configured share of calls in flaky mode', () => {
    const draws = [0.1, 0.9, 0.29, 0.3];
    const service = configured({ mode: 'flaky', errorRate: 0.3 }, () => draws.shift() ?? 1);
    expect([1, 2, 3, 4].map(() => service.decide().kind)).toEqual(['fail', 'pass', 'fail', 'pass']);
  });

  it('returns to the defaults on reset', () => {
    const service = configured({ mode: 'down', rejectCaseCodes: ['X'] });
    expect(service.rejectedCaseCodes().has('X')).toBe(true);
    service.reset();
    expect(service.current()).toEqual(DEFAULT_FAULTS);
    expect(service.rejectedCaseCodes().size).toBe(0);
  });
});
