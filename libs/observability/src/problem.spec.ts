import type { ArgumentsHost } from '@nestjs/common';
import { BadRequestException } from '@nestjs/common';
import { HubLogger } from './logger';
import { ProblemFilter } from './problem';

function render(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent = { status: 0, body: {} as Record<string, unknown> };
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    set() {
      return res;
    },
    send(text: string) {
      sent.body = JSON.parse(text) as Record<string, unknown>;
      return res;
    },
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => res,
      getRequest: () => ({ method: 'POST', path: '/v1/x', headers: {} }),
    }),
  } as unknown as ArgumentsHost;
  new ProblemFilter(HubLogger.for('test', 'silent')).catch(exception, host);
  return sent;
}

/** What body-parser raises for a body over its limit (http-errors). */
function tooLarge(): Error {
  return Object.assign(new Error('request entity too large'), {
    status: 413,
    statusCode: 413,
    expose: true,
    type: 'entity.too.large',
  });
}

describe('ProblemFilter', () => {
  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE, not a 500', () => {
    expect(render(tooLarge())).toEqual({
      status: 413,
      body: expect.objectContaining({
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        detail: 'request entity too large',
      }) as unknown,
    });
  });

  it('keeps Nest HTTP exceptions as they are', () => {
    expect(render(new BadRequestException('bad')).body).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
    });
  });

  it('hides everything else behind a 500 with an errorId', () => {
    const secret = Object.assign(new Error('password=hunter2'), { status: 500, expose: false });
    const { status, body } = render(secret);
    expect(status).toBe(500);
    expect(body).toMatchObject({ code: 'INTERNAL' });
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(body['errorId']).toEqual(expect.any(String));
  });
});
