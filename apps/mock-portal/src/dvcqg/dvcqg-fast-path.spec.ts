import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { DvcqgFastPath } from './dvcqg-fast-path';
import type { PortalApiService } from './portal-api.service';

/** Which requests the fast path takes; everything it declines must reach Express unread. */
const fastPath = new DvcqgFastPath(
  { handle: jest.fn() } as unknown as PortalApiService,
  HubLogger.for('mock-portal'),
  new MetricsRegistry('mock-portal'),
  1024,
);

function head(overrides: { method?: string; url?: string; headers?: IncomingHttpHeaders } = {}) {
  return {
    method: 'POST',
    url: '/dvcqg/api',
    ...overrides,
    headers: { 'content-type': 'application/json', 'content-length': '2', ...overrides.headers },
  } as IncomingMessage;
}

describe('DvcqgFastPath.accepts', () => {
  it.each([
    ['a JSON call', head()],
    ['a query string', head({ url: '/dvcqg/api?x=1' })],
    ['charset=utf-8', head({ headers: { 'content-type': 'application/json; charset=UTF-8' } })],
    ['a quoted charset', head({ headers: { 'content-type': 'application/json;charset="utf-8"' } })],
    [
      'a chunked body',
      head({ headers: { 'content-length': undefined, 'transfer-encoding': 'chunked' } }),
    ],
    ['identity encoding', head({ headers: { 'content-encoding': 'Identity' } })],
  ])('takes %s', (_name, req) => {
    expect(fastPath.accepts(req)).toBe(true);
  });

  it.each([
    ['GET', head({ method: 'GET' })],
    ['another path', head({ url: '/dvcqg/apix' })],
    ['another spelling of the path', head({ url: '/DVCQG/api' })],
    ['a trailing slash', head({ url: '/dvcqg/api/' })],
    ['a form', head({ headers: { 'content-type': 'application/x-www-form-urlencoded' } })],
    ['text', head({ headers: { 'content-type': 'text/plain' } })],
    ['no content type', head({ headers: { 'content-type': undefined } })],
    ['a +json type', head({ headers: { 'content-type': 'application/vnd.api+json' } })],
    ['another charset', head({ headers: { 'content-type': 'application/json; charset=utf-16' } })],
    ['a compressed body', head({ headers: { 'content-encoding': 'gzip' } })],
    ['no body', head({ headers: { 'content-length': undefined } })],
  ])('leaves %s to Express', (_name, req) => {
    expect(fastPath.accepts(req)).toBe(false);
  });
});
