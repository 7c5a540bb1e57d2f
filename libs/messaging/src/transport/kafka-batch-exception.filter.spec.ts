import { lastValueFrom } from 'rxjs';
import type { ArgumentsHost } from '@nestjs/common';
import { BatchFailure } from './batch-failure';
import { KafkaBatchExceptionFilter, errorCodeOf } from './kafka-batch-exception.filter';

const host = {} as ArgumentsHost;

async function verdict(filter: KafkaBatchExceptionFilter, error: unknown): Promise<BatchFailure> {
  try {
    await lastValueFrom(filter.catch(error, host));
  } catch (e) {
    if (e instanceof BatchFailure) return e;
    throw e;
  }
  throw new Error('the filter did not fail the batch');
}

describe('KafkaBatchExceptionFilter', () => {
  const filter = new KafkaBatchExceptionFilter(['APP_POISON']);

  it.each([
    ['an error nobody expected', new Error('boom'), 'UNKNOWN', 'retry'],
    [
      'a connection refused',
      Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      'ECONNREFUSED',
      'retry',
    ],
    [
      'Postgres unavailable (57P01)',
      Object.assign(new Error('x'), { code: '57P01' }),
      '57P01',
      'retry',
    ],
    ['a lock timeout (55P03)', Object.assign(new Error('x'), { code: '55P03' }), '55P03', 'retry'],
    [
      'a datetime overflow (22008)',
      Object.assign(new Error('x'), { code: '22008' }),
      '22008',
      'dead-letter',
    ],
    [
      'a NUL byte (22021)',
      Object.assign(new Error('x'), { code: '22021' }),
      '22021',
      'dead-letter',
    ],
    [
      'TypeORM wrapping a 22P02',
      Object.assign(new Error('x'), { driverError: { code: '22P02' } }),
      '22P02',
      'dead-letter',
    ],
    [
      'an app code named as poison',
      Object.assign(new Error('x'), { code: 'APP_POISON' }),
      'APP_POISON',
      'dead-letter',
    ],
    [
      'a code that only starts like a SQLSTATE',
      Object.assign(new Error('x'), { code: '22_NOT_SQL' }),
      '22_NOT_SQL',
      'retry',
    ],
    ['a thrown string', 'nope', 'UNKNOWN', 'retry'],
  ])('%s: %s → %s', async (_what, error, code, disposition) => {
    const failure = await verdict(filter, error);
    expect({ code: failure.code, disposition: failure.disposition }).toEqual({ code, disposition });
  });

  it('keeps a BatchFailure a handler threw as it is', async () => {
    const thrown = new BatchFailure('dead-letter', 'MINE', 'mine');
    expect(await verdict(filter, thrown)).toBe(thrown);
  });

  it('reads codes from the error, never from its message', () => {
    expect(errorCodeOf(new Error('22008 in the message'))).toBe('UNKNOWN');
    expect(errorCodeOf({ code: 42 })).toBe('UNKNOWN');
    expect(errorCodeOf(null)).toBe('UNKNOWN');
  });
});
