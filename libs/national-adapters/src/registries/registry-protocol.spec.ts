import { readEnterpriseAnswer } from './business-adapter';
import { readCitizenAnswer } from './population-adapter';
import { RegistryError, RegistryErrorCode, isTransientRegistryError } from './registry-errors';
import { classifyRegistryFailure, classifyTransportError } from './registry-protocol';
import { congDan, entCert } from './test/registry-wire';

const NOW = Date.parse('2026-03-12T08:00:00Z');

describe('classifyRegistryFailure', () => {
  it.each([500, 502, 503, 504, 408])('HTTP %i → Unavailable', (status) => {
    const error = classifyRegistryFailure('population', { status, body: 'gateway' }, NOW);
    expect(error?.code).toBe(RegistryErrorCode.Unavailable);
    expect(error?.transient).toBe(true);
  });

  it('HTTP 429 → Unavailable carrying Retry-After, in seconds or as a date', () => {
    expect(
      classifyRegistryFailure('business', { status: 429, body: {}, retryAfter: '3' }, NOW)
        ?.retryAfterMs,
    ).toBe(3000);
    expect(
      classifyRegistryFailure(
        'business',
        { status: 429, body: {}, retryAfter: new Date(NOW + 5000).toUTCString() },
        NOW,
      )?.retryAfterMs,
    ).toBe(5000);
    expect(classifyRegistryFailure('business', { status: 429, body: {} }, NOW)?.retryAfterMs).toBe(
      undefined,
    );
  });

  it('"004" and "005" are permanent whatever the HTTP status, decided by the code', () => {
    for (const status of [200, 403]) {
      const notLicensed = classifyRegistryFailure('population', {
        status,
        body: { MaLoi: '004', MoTaLoi: 'anything at all' },
      });
      expect(notLicensed?.code).toBe(RegistryErrorCode.NotLicensed);
      expect(notLicensed?.registryCode).toBe('004');
      expect(notLicensed?.transient).toBe(false);
      expect(classifyRegistryFailure('business', { status, body: { MaLoi: '005' } })?.code).toBe(
        RegistryErrorCode.NotAuthorised,
      );
    }
  });

  it('a message that sounds like a licensing error does not make one', () => {
    const error = classifyRegistryFailure('population', {
      status: 200,
      body: { MaLoi: '000', MoTaLoi: 'chưa được cấp phép (004)' },
    });
    expect(error).toBeUndefined();
  });

  it('other 4xx → Rejected (permanent)', () => {
    const error = classifyRegistryFailure('business', {
      status: 400,
      body: { MaLoi: '002', MoTaLoi: 'Dữ liệu yêu cầu không hợp lệ' },
    });
    expect(error?.code).toBe(RegistryErrorCode.Rejected);
    expect(error?.registryCode).toBe('002');
    expect(isTransientRegistryError(RegistryErrorCode.Rejected)).toBe(false);
  });

  it('transport failures → Unavailable, timeouts told apart', () => {
    const refused = classifyTransportError(
      'population',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    );
    expect(refused.code).toBe(RegistryErrorCode.Unavailable);
    expect(refused.registryCode).toBe('ECONNREFUSED');
    const timeout = classifyTransportError(
      'population',
      Object.assign(new Error('timeout of 50ms exceeded'), { code: 'ECONNABORTED' }),
    );
    expect(timeout.registryCode).toBe('TIMEOUT');
  });
});

describe('readCitizenAnswer', () => {
  const ID = '001085000011';

  it('"000" with CongDan → found', () => {
    const reading = readCitizenAnswer(
      { status: 200, body: { MaLoi: '000', CongDan: congDan() } },
      ID,
    );
    expect(reading).not.toBeInstanceOf(RegistryError);
    expect(reading).toMatchObject({ outcome: 'found', value: { kind: 'found' } });
  });

  it('"001" → not-found', () => {
    expect(readCitizenAnswer({ status: 200, body: { MaLoi: '001', CongDan: null } }, ID)).toEqual({
      outcome: 'not-found',
      value: { kind: 'not-found' },
    });
  });

  it('an answer without MaLoi, or with a record of another ID, is Unavailable (bad answer)', () => {
    const noCode = readCitizenAnswer({ status: 200, body: '<html>proxy</html>' }, ID);
    expect(noCode).toBeInstanceOf(RegistryError);
    expect((noCode as RegistryError).code).toBe(RegistryErrorCode.Unavailable);
    const other = readCitizenAnswer(
      { status: 200, body: { MaLoi: '000', CongDan: congDan({ SoDinhDanh: '001085000021' }) } },
      ID,
    );
    expect((other as RegistryError).code).toBe(RegistryErrorCode.Unavailable);
  });

  it('an unknown result code is Rejected, not retried forever', () => {
    const reading = readCitizenAnswer({ status: 200, body: { MaLoi: '003' } }, ID);
    expect((reading as RegistryError).code).toBe(RegistryErrorCode.Rejected);
    expect((reading as RegistryError).registryCode).toBe('003');
  });
});

describe('readEnterpriseAnswer', () => {
  it('finds the item with the code looked up; an empty list is not-found', () => {
    expect(
      readEnterpriseAnswer({ status: 200, body: { GetEntCert: [entCert()] } }, '0100000011'),
    ).toMatchObject({ outcome: 'found' });
    expect(readEnterpriseAnswer({ status: 200, body: { GetEntCert: [] } }, '0100000011')).toEqual({
      outcome: 'not-found',
      value: { kind: 'not-found' },
    });
  });

  it('a list without the code, or no list, is Unavailable (bad answer)', () => {
    const other = readEnterpriseAnswer(
      { status: 200, body: { GetEntCert: [entCert()] } },
      '0100000021',
    );
    expect((other as RegistryError).code).toBe(RegistryErrorCode.Unavailable);
    expect(
      (readEnterpriseAnswer({ status: 200, body: {} }, '0100000011') as RegistryError).code,
    ).toBe(RegistryErrorCode.Unavailable);
  });
});
