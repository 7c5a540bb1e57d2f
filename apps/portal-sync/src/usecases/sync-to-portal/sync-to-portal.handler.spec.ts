import { PortalErrorCode } from '@hub/national-adapters';
import { decide } from './sync-to-portal.handler';
import { retryDelayMs } from './retry-policy';

const retry = { baseMs: 1000, maxMs: 30_000 };
const now = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('decide', () => {
  it('marks a synced event synced with the portal status', () => {
    expect(decide({ kind: 'synced', portalStatus: '4' }, 0, retry, now)).toEqual({
      state: 'synced',
      portalStatus: '4',
    });
  });

  it('parks a business rejection as dead with the portal code and message', () => {
    const result = decide(
      {
        kind: 'rejected',
        code: PortalErrorCode.PORTAL_REJECTED,
        portalCode: '5',
        message: 'Hồ sơ bị từ chối',
      },
      2,
      retry,
      now,
    );
    expect(result).toEqual({
      state: 'dead',
      errorCode: 'PORTAL_REJECTED:5',
      errorMessage: 'Hồ sơ bị từ chối',
      dossierSynced: false,
    });
  });

  it('schedules a transient failure with backoff, honouring Retry-After as a floor', () => {
    const result = decide(
      {
        kind: 'transient',
        code: PortalErrorCode.PORTAL_RATE_LIMITED,
        message: 'HTTP 429',
        retryAfterMs: 20_000,
      },
      0,
      retry,
      now,
    );
    expect(result).toMatchObject({
      state: 'retrying',
      attempted: true,
      errorCode: 'PORTAL_RATE_LIMITED',
    });
    if (result.state !== 'retrying') return;
    expect(result.nextAttemptAt.getTime() - now).toBeGreaterThanOrEqual(20_000);
  });

  it('remembers that the dossier write was applied when only the progress call failed', () => {
    const result = decide(
      {
        kind: 'transient',
        code: PortalErrorCode.PORTAL_HTTP_5XX,
        message: 'HTTP 503',
        dossierSynced: true,
      },
      0,
      retry,
      now,
    );
    expect(result).toMatchObject({ state: 'retrying', attempted: true, dossierSynced: true });
  });

  it('waits on an open breaker without spending an attempt', () => {
    const result = decide(
      { kind: 'breaker-open', code: PortalErrorCode.BREAKER_OPEN, retryAfterMs: 4000 },
      3,
      retry,
      now,
    );
    expect(result).toMatchObject({ state: 'retrying', attempted: false });
    if (result.state !== 'retrying') return;
    expect(result.nextAttemptAt.getTime()).toBe(now + 4000);
  });
});

describe('retryDelayMs', () => {
  it('doubles per attempt within [half, full] of the exponential and caps it', () => {
    expect(retryDelayMs(1, retry, () => 0)).toBe(500);
    expect(retryDelayMs(1, retry, () => 1)).toBe(1000);
    expect(retryDelayMs(3, retry, () => 1)).toBe(4000);
    expect(retryDelayMs(20, retry, () => 1)).toBe(30_000);
    expect(retryDelayMs(20, retry, () => 0)).toBe(15_000);
  });
});
