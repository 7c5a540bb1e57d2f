import { type ArgumentsHost, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { KafkaJSError } from 'kafkajs';
import { type Observable, throwError } from 'rxjs';
import { BatchFailure, type BatchDisposition } from './batch-failure';

/**
 * Postgres SQLSTATE classes that mean "the infrastructure, not this record": the connection (08),
 * the server's resources (53), an operator or a timeout stopping the statement (57: shutdown,
 * `statement_timeout`), a transaction that lost a race (40: serialization failure, deadlock), the
 * server's own failures (58, XX), and the deployment (28 authentication, 3D a missing database,
 * 42 a missing table or column: migrations not run, a build ahead of its schema). Each passes
 * once the moment passes; dead-lettering on them would set aside every record of the topic.
 */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '28', '3D', '40', '42', '53', '57', '58', 'XX']);

/** Single SQLSTATEs of other classes that are about the moment: a lock or an object in use. */
const TRANSIENT_SQLSTATES = new Set(['55P03', '55006']);

/** Socket and resolver errors: a peer (Postgres, the broker, an HTTP dependency) is not there. */
const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const SQLSTATE = /^[0-9A-Z]{5}$/;

export interface FailureRules {
  /** App error codes that mean "try again later" (the gateway's UNAVAILABLE). */
  transientCodes?: Iterable<string>;
  /**
   * Recognises errors of a dependency that is not answering, for errors that carry no code (pg
   * reports a dropped connection only by its message): `UnavailableErrors.matches`, to which the
   * module owning the dependency (PersistenceModule) adds its rule.
   */
  isUnavailable?: (error: unknown) => boolean;
  /** @deprecated every error that is not transient dead-letters its record; kept for callers. */
  deadLetterCodes?: Iterable<string>;
}

/**
 * The one exception filter of the hub's Kafka transport. It turns whatever a handler threw into a
 * `BatchFailure` the transport acts on, from the error's code (and the owning module's rule for
 * code-less "unavailable" errors), never from its message:
 * - a transient infrastructure fault (the allow-list above, the app's transient codes, a Kafka
 *   client error, `isUnavailable`) retries the batch with backoff: the partition waits;
 * - anything else means the batch holds a record that cannot be handled: the transport handles
 *   the batch one record at a time, and a record that fails alone, for a reason that is not
 *   transient, is dead-lettered. A poison record never stops its partition.
 */
@Catch()
export class KafkaBatchExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly transientCodes: ReadonlySet<string>;
  private readonly isUnavailable: (error: unknown) => boolean;

  constructor(rules: FailureRules | Iterable<string> = {}) {
    const normalised: FailureRules = isIterable(rules) ? { deadLetterCodes: rules } : rules;
    this.transientCodes = new Set(normalised.transientCodes ?? []);
    this.isUnavailable = normalised.isUnavailable ?? (() => false);
  }

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => this.failureOf(exception));
  }

  failureOf(exception: unknown): BatchFailure {
    if (exception instanceof BatchFailure) return exception;
    const code = errorCodeOf(exception);
    const message = exception instanceof Error ? exception.message : String(exception);
    return new BatchFailure(this.dispositionOf(exception, code), code, message);
  }

  /** Transient when the error, or any error it wraps (`cause`, `driverError`), is transient. */
  private dispositionOf(exception: unknown, code: string): BatchDisposition {
    if (this.transientCodes.has(code)) return 'retry';
    for (const e of causeChain(exception)) {
      const own = (e as { code?: unknown }).code;
      if (typeof own === 'string' && (isTransientCode(own) || this.transientCodes.has(own))) {
        return 'retry';
      }
      if (e instanceof KafkaJSError || this.isUnavailable(e)) return 'retry';
    }
    return 'dead-letter';
  }
}

/** The error and those it wraps, outermost first (a few levels: wrappers do not nest deeper). */
function causeChain(error: unknown): object[] {
  const chain: object[] = [];
  const visit = (e: unknown, depth: number): void => {
    if (depth > 4 || e === null || typeof e !== 'object' || chain.includes(e)) return;
    chain.push(e);
    visit((e as { driverError?: unknown }).driverError, depth + 1);
    visit((e as { cause?: unknown }).cause, depth + 1);
  };
  visit(error, 0);
  return chain;
}

/** The hub-wide transient allow-list by code (README, "Workers"). */
export function isTransientCode(code: string): boolean {
  if (TRANSIENT_SOCKET_CODES.has(code) || TRANSIENT_SQLSTATES.has(code)) return true;
  return SQLSTATE.test(code) && TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2));
}

function isIterable(value: unknown): value is Iterable<string> {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
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
