import { type ArgumentsHost, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { BatchFailure, type BatchDisposition } from './batch-failure';

/**
 * Postgres SQLSTATE class 22 ("data exception": a date out of range, a NUL byte, a number that
 * does not fit) is a property of the data, not of the moment: the same record fails the same way
 * on every retry, so retrying would hold its partition forever.
 */
const DATA_EXCEPTION_CLASS = '22';

/**
 * The one exception filter of the hub's Kafka transport. It turns whatever a handler threw into a
 * `BatchFailure` the transport acts on, from the error's code alone: codes the app names as
 * belonging to a record (and Postgres data exceptions) dead-letter that record; everything else,
 * including errors nobody expected, retries the batch, because a retry never loses a record.
 */
@Catch()
export class KafkaBatchExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly deadLetterCodes: ReadonlySet<string>;

  constructor(deadLetterCodes: Iterable<string> = []) {
    this.deadLetterCodes = new Set(deadLetterCodes);
  }

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => this.failureOf(exception));
  }

  failureOf(exception: unknown): BatchFailure {
    if (exception instanceof BatchFailure) return exception;
    const code = errorCodeOf(exception);
    const message = exception instanceof Error ? exception.message : String(exception);
    return new BatchFailure(this.dispositionOf(code), code, message);
  }

  private dispositionOf(code: string): BatchDisposition {
    if (this.deadLetterCodes.has(code)) return 'dead-letter';
    if (/^[0-9A-Z]{5}$/.test(code) && code.startsWith(DATA_EXCEPTION_CLASS)) return 'dead-letter';
    return 'retry';
  }
}

/** An error's `code`, or the code of the driver error TypeORM wraps, or 'UNKNOWN'. */
export function errorCodeOf(error: unknown): string {
  for (let e: unknown = error, depth = 0; depth < 3; depth++) {
    if (e === null || typeof e !== 'object') break;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    e = (e as { driverError?: unknown }).driverError;
  }
  return 'UNKNOWN';
}
