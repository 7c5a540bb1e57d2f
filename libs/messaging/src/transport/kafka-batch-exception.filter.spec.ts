import { lastValueFrom } from 'rxjs';
import type { ArgumentsHost } from '@nestjs/common';
import { KafkaJSConnectionError } from 'kafkajs';
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

/** Stands in for UnavailableErrors: pg reports a dropped connection only by its message. */
class ConnectionTerminated extends Error {}

describe('KafkaBatchExceptionFilter', () => {
  const filter = new KafkaBatchExceptionFilter({
    transientCodes: ['APP_BUSY'],
    isUnavailable: (e) => e instanceof ConnectionTerminated,
  });

  it.each([
    // Issue 16: an error nobody expected retried for ever and held its partition; the batch is
    // now handled record by record and the record that fails alone is dead-lettered.
    ['an error nobody expected', new Error('boom'), 'UNKNOWN', 'dead-letter'],
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
      'a lost connection (08006)',
      Object.assign(new Error('x'), { code: '08006' }),
      '08006',
      'retry',
    ],
    [
      'too many connections (53300)',
      Object.assign(new Error('x'), { code: '53300' }),
      '53300',
      'retry',
    ],
    [
      'a statement timeout (57014)',
      Object.assign(new Error('x'), { code: '57014' }),
      '57014',
      'retry',
    ],
    ['a deadlock (40P01)', Object.assign(new Error('x'), { code: '40P01' }), '40P01', 'retry'],
    ['a missing table (42P01)', Object.assign(new Error('x'), { code: '42P01' }), '42P01', 'retry'],
    ['a Kafka client error', new KafkaJSConnectionError('broker down'), 'UNKNOWN', 'retry'],
    [
      'a wrapper whose cause is a refused connection',
      new Error('key store unavailable', {
        cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      }),
      'UNKNOWN',
      'retry',
    ],
    [
      'a code-less error the owning module calls unavailable',
      new ConnectionTerminated('x'),
      'UNKNOWN',
      'retry',
    ],
    [
      'an app code named transient',
      Object.assign(new Error('x'), { code: 'APP_BUSY' }),
      'APP_BUSY',
      'retry',
    ],
    [
      'a unique violation (23505)',
      Object.assign(new Error('x'), { code: '23505' }),
      '23505',
      'dead-letter',
    ],
    ['a TypeError from a handler', new TypeError('x is undefined'), 'UNKNOWN', 'dead-letter'],
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
      'a code that only starts like a transient SQLSTATE',
      Object.assign(new Error('x'), { code: '08_NOT_SQL' }),
      '08_NOT_SQL',
      'dead-letter',
    ],
    ['a thrown string', 'nope', 'UNKNOWN', 'dead-letter'],
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
