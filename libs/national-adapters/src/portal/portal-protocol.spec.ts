import { exampleCase } from '@hub/contracts';
import { PortalErrorCode } from './portal-errors';
import {
  classifyPortalReply,
  classifyTransportError,
  isSuccessCode,
  parseRetryAfter,
  portalIdempotencyKey,
} from './portal-protocol';
import { PortalService } from './portal-wire';

describe('portalIdempotencyKey', () => {
  const eventId = exampleCase().events[0].id;

  it('derives the key from the hub event id and the service', () => {
    expect(portalIdempotencyKey(eventId, PortalService.SyncDossier)).toBe(
      `${eventId}:DongBoHoSoMC`,
    );
    expect(portalIdempotencyKey(eventId, PortalService.UpdateProgress)).toBe(
      `${eventId}:CapNhatTienDoHoSoMC`,
    );
  });

  it('gives the create→update resend its own key', () => {
    expect(portalIdempotencyKey(eventId, PortalService.SyncDossier, 'update')).toBe(
      `${eventId}:DongBoHoSoMC:update`,
    );
  });

  it('is deterministic: a resent event carries the same keys', () => {
    const again = exampleCase().events[0].id;
    expect(portalIdempotencyKey(again, PortalService.SyncDossier)).toBe(
      portalIdempotencyKey(eventId, PortalService.SyncDossier),
    );
  });
});

describe('classifyPortalReply', () => {
  const ok = (body: unknown) => classifyPortalReply({ status: 200, body });

  it.each([
    [{ error_code: '0', message: 'Đồng bộ thành công' }],
    [{ error_code: 0, session: 'abc' }],
    [{ error_code: '00', message: 'Thành công' }],
  ])('treats %j as success', (body) => {
    expect(ok(body)).toEqual({ kind: 'success', answer: body });
  });

  it('recognises an expired session (-2, string or number)', () => {
    expect(ok({ error_code: '-2', message: 'Phiên làm việc hết hạn' })).toEqual({
      kind: 'session-expired',
      message: 'Phiên làm việc hết hạn',
    });
    expect(ok({ error_code: -2 })).toMatchObject({ kind: 'session-expired' });
  });

  it.each([
    ['1', 'Trường NgayHenTra không hợp lệ: phải có dạng yyyyMMddHHmmss'],
    ['2', 'Hồ sơ đã tồn tại'],
    ['3', 'Không tìm thấy hồ sơ'],
    ['4', 'Không được chuyển trạng thái từ 2 sang 9'],
    ['5', 'Hồ sơ bị từ chối'],
    ['-1', 'Sai tên đăng nhập hoặc mật khẩu'],
  ])('rejects error_code %s for good, keeping the portal code and message', (code, message) => {
    expect(ok({ error_code: code, message })).toEqual({
      kind: 'rejected',
      code: PortalErrorCode.PORTAL_REJECTED,
      portalCode: code,
      message,
    });
  });

  it('treats an HTTP 200 without error_code as a transient bad response', () => {
    expect(ok('<html>gateway</html>')).toMatchObject({
      kind: 'transient',
      code: PortalErrorCode.PORTAL_BAD_RESPONSE,
    });
    expect(ok({ message: 'thành công' })).toMatchObject({ kind: 'transient' });
  });

  it.each([500, 502, 503, 504, 408])('treats HTTP %i as transient', (status) => {
    expect(classifyPortalReply({ status, body: '' })).toMatchObject({
      kind: 'transient',
      code: PortalErrorCode.PORTAL_HTTP_5XX,
    });
  });

  it('honours Retry-After on 429 and 503, in seconds or as a date', () => {
    expect(classifyPortalReply({ status: 429, body: {}, retryAfter: '3' })).toEqual({
      kind: 'transient',
      code: PortalErrorCode.PORTAL_RATE_LIMITED,
      message: 'portal rate limit (HTTP 429)',
      retryAfterMs: 3000,
    });
    expect(classifyPortalReply({ status: 429, body: {} })).not.toHaveProperty('retryAfterMs');
    const now = Date.parse('2026-03-12T01:30:00Z');
    expect(
      classifyPortalReply(
        { status: 503, body: {}, retryAfter: 'Thu, 12 Mar 2026 01:30:10 GMT' },
        now,
      ),
    ).toMatchObject({ kind: 'transient', retryAfterMs: 10_000 });
  });

  it('rejects other HTTP 4xx for good with the status as the portal code', () => {
    expect(classifyPortalReply({ status: 404, body: { message: 'Not Found' } })).toEqual({
      kind: 'rejected',
      code: PortalErrorCode.PORTAL_HTTP_4XX,
      portalCode: 'HTTP 404',
      message: 'Not Found',
    });
  });
});

describe('classifyTransportError', () => {
  const error = (code: string) => Object.assign(new Error(`boom ${code}`), { code });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN'])('%s → unavailable', (code) => {
    expect(classifyTransportError(error(code))).toMatchObject({
      kind: 'transient',
      code: PortalErrorCode.PORTAL_UNAVAILABLE,
    });
  });

  it.each(['ECONNABORTED', 'ETIMEDOUT'])('%s → timeout', (code) => {
    expect(classifyTransportError(error(code))).toMatchObject({
      kind: 'transient',
      code: PortalErrorCode.PORTAL_TIMEOUT,
    });
  });

  it('classifies an error without a code as unavailable', () => {
    expect(classifyTransportError('socket hang up')).toMatchObject({
      code: PortalErrorCode.PORTAL_UNAVAILABLE,
    });
  });
});

describe('helpers', () => {
  it('knows the success codes', () => {
    expect(['0', '00', '1', '-2', undefined].map(isSuccessCode)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('parses Retry-After', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('1.5')).toBe(1500);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
