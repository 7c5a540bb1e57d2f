import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Injectable,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { HubLogger } from './logger';
import { afterUnreadBody } from './unread-body';

/** One bad field: `index` is the event's position in a batch (0 for a single event). */
export interface FieldError {
  index?: number;
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
  errorId?: string;
  [extension: string]: unknown;
}

/**
 * An RFC 9457 problem. `code` is stable and machine-readable; `detail` is for people.
 */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemException';
  }

  toBody(): ProblemBody {
    return {
      type: `https://lienthong.hanoi.gov.vn/problems/${this.code.toLowerCase().replace(/_/g, '-')}`,
      title: this.title,
      status: this.status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

/**
 * Errors that mean "a system this app depends on is not answering right now" (Postgres down,
 * a statement timed out): the modules that own such a dependency say how to recognise them
 * (`PersistenceModule` adds Postgres's), and every HTTP surface answers them with 503 and
 * Retry-After instead of a 500. Nothing was done, and the same request will work later.
 */
@Injectable()
export class UnavailableErrors {
  private readonly predicates: ((error: unknown) => boolean)[] = [];

  add(predicate: (error: unknown) => boolean): void {
    this.predicates.push(predicate);
  }

  matches(error: unknown): boolean {
    return this.predicates.some((p) => p(error));
  }
}

/** Seconds a client is told to wait after a 503 for an unavailable dependency. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * Renders every error as application/problem+json. Unknown errors become a 500 with an
 * `errorId` that is also logged with the stack, so support can find it without the client ever
 * seeing internals; an unavailable dependency (`UnavailableErrors`) becomes a 503.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly logger: HubLogger,
    private readonly unavailable: UnavailableErrors = new UnavailableErrors(),
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    let problem: ProblemException;
    if (exception instanceof ProblemException) {
      problem = exception;
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      problem = new ProblemException(
        status,
        httpCode(status),
        HttpStatus[status] ? titleCase(HttpStatus[status]) : 'Error',
        status === 404 ? `No route for ${req.method} ${req.path}` : exception.message,
      );
    } else if (isClientHttpError(exception)) {
      // http-errors from Express middleware (body-parser: body too large, bad charset, …): the
      // client's fault, and `expose` says the message is safe to show.
      problem = new ProblemException(
        exception.status,
        httpCode(exception.status),
        HttpStatus[exception.status] ? titleCase(HttpStatus[exception.status]) : 'Error',
        exception.message,
      );
    } else if (this.unavailable.matches(exception)) {
      this.logger.event('error', 'a dependency is unavailable; answered 503', {
        method: req.method,
        path: req.path,
        error: exception instanceof Error ? exception.message : String(exception),
      });
      problem = new ProblemException(
        503,
        'UNAVAILABLE',
        'Service Unavailable',
        'A system the hub depends on is not answering. Nothing was changed; try again later.',
        undefined,
        { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      );
    } else {
      problem = internalErrorProblem(this.logger, exception, req.method, req.path);
    }
    // A refusal given before the body was read waits for it: see afterUnreadBody.
    afterUnreadBody(req, () => {
      if (res.headersSent || res.destroyed) return;
      res
        .status(problem.status)
        .set({ ...problem.headers, 'content-type': 'application/problem+json' })
        .send(JSON.stringify(problem.toBody()));
    });
  }
}

/**
 * An unexpected error as every HTTP surface answers it: logged once with its stack under a fresh
 * errorId, answered as a 500 that carries only that id (no stack trace reaches the client).
 */
export function internalErrorProblem(
  logger: Pick<HubLogger, 'event'>,
  exception: unknown,
  method: string,
  path: string,
): ProblemException {
  const errorId = randomUUID();
  const err = exception instanceof Error ? exception : new Error(String(exception));
  logger.event('error', 'unhandled error', {
    errorId,
    method,
    path,
    err: { message: err.message, stack: err.stack },
  });
  return new ProblemException(
    500,
    'INTERNAL',
    'Internal Server Error',
    'The hub could not complete this request. Quote the errorId when reporting it.',
    undefined,
    {},
    { errorId },
  );
}

/** An http-errors client error (4xx, `expose: true`), as body-parser raises them. */
function isClientHttpError(e: unknown): e is Error & { status: number; expose: true } {
  if (!(e instanceof Error)) return false;
  const { status, expose } = e as Error & { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

function httpCode(status: number): string {
  const name = HttpStatus[status];
  return typeof name === 'string' ? name : `HTTP_${status}`;
}

function titleCase(constant: string): string {
  return constant
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
