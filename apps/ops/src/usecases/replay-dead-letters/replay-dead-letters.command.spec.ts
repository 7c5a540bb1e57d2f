import { ProblemException } from '@hub/observability';
import { parseBulkReplay } from './replay-dead-letters.command';

function problemOf(body: unknown): ProblemException {
  try {
    parseBulkReplay(body);
  } catch (e) {
    if (e instanceof ProblemException) return e;
    throw e;
  }
  throw new Error('expected a problem');
}

describe('parseBulkReplay', () => {
  it('accepts a list of event ids', () => {
    expect(parseBulkReplay({ eventIds: ['a', 'b'] })).toEqual({ eventIds: ['a', 'b'] });
  });

  it('names the bad field of a bad request', () => {
    expect(problemOf({ eventIds: ['ok', ''] })).toMatchObject({
      status: 400,
      code: 'INVALID_REPLAY_REQUEST',
      errors: [{ path: 'body.eventIds[1]', message: expect.any(String) as string }],
    });
    expect(problemOf({}).errors?.[0]?.path).toBe('body.eventIds');
    expect(problemOf({ eventIds: [] }).errors?.[0]?.path).toBe('body.eventIds');
    expect(problemOf(undefined).errors?.[0]?.path).toBe('body');
    expect(problemOf({ eventIds: Array.from({ length: 501 }, (_, i) => `e${i}`) }).status).toBe(
      400,
    );
  });
});
