import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type HubLogger,
  type MetricsRegistry,
  ProblemException,
  internalErrorProblem,
} from '@hub/observability';
import type { Histogram } from 'prom-client';
import type { PortalApiService } from './portal-api.service';

export const DVCQG_PATH = '/dvcqg/api';

/**
 * JSON in UTF-8, the only thing DVCQG clients send. Other types (forms), charsets (UTF-16),
 * compressed bodies and requests without a body fall through to Express, whose parsers keep
 * answering them as they always did.
 */
const UTF8_JSON = /^application\/json(?:\s*;\s*charset=(?:utf-8|"utf-8"))?$/i;

/** RFC 8259 whitespace, as body-parser's strict mode skips it before the first character. */
const FIRST_NON_WHITESPACE = /^[ \t\n\r]*([^ \t\n\r]|$)/;

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The client errors reading a body can end in, named as ProblemFilter names them. */
const BODY_PROBLEMS = {
  400: { code: 'BAD_REQUEST', title: 'Bad Request' },
  413: { code: 'PAYLOAD_TOO_LARGE', title: 'Payload Too Large' },
} as const;

type BodyRead =
  | { kind: 'parsed'; value: unknown }
  | { kind: 'refused'; status: keyof typeof BODY_PROBLEMS; detail: string }
  | { kind: 'aborted' };

/**
 * `POST /dvcqg/api` served straight from node:http, in front of Nest. The mock shares the
 * benchmark machine with the hub, and Express and Nest cost more per call than the portal logic
 * itself (README, "CPU per request"); every CPU millisecond spent here is one the hub's measured
 * throughput loses.
 *
 * The wire stays what Express and Nest made it: body-parser's limit, strict JSON rules and error
 * texts, ProblemFilter's problem+json answers, the `hub_http_request_duration_seconds` sample.
 * Only `X-Powered-By` and the weak `ETag` (meaningless on a POST answer) are left out.
 */
export class DvcqgFastPath {
  private readonly latency: Histogram<'method' | 'route' | 'status'>;

  constructor(
    private readonly portal: PortalApiService,
    private readonly logger: HubLogger,
    metrics: MetricsRegistry,
    private readonly bodyLimitBytes: number,
  ) {
    // The histogram HttpMetricsMiddleware fills for Express routes: same name, same labels.
    this.latency = metrics.histogram('hub_http_request_duration_seconds', 'HTTP request latency', [
      'method',
      'route',
      'status',
    ]);
  }

  /** Decided from the request head alone, so a declined request reaches Express unread. */
  accepts(req: IncomingMessage): boolean {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    if (url !== DVCQG_PATH && !url.startsWith(`${DVCQG_PATH}?`)) return false;
    const { headers } = req;
    const type = headers['content-type'];
    if (type === undefined || !UTF8_JSON.test(type)) return false;
    const encoding = headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
    return headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined;
  }

  serve(req: IncomingMessage, res: ServerResponse): void {
    this.answer(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else this.internalError(res, error);
    });
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req, this.bodyLimitBytes);
    // Express answered body errors before its metrics middleware ran: no latency sample for them.
    if (body.kind === 'aborted') return;
    if (body.kind === 'refused') {
      const { code, title } = BODY_PROBLEMS[body.status];
      const problem = new ProblemException(body.status, code, title, body.detail);
      send(res, body.status, {}, PROBLEM_CONTENT_TYPE, JSON.stringify(problem.toBody()));
      return;
    }
    const end = this.latency.startTimer({ method: 'POST' });
    res.once('finish', () => end({ route: DVCQG_PATH, status: String(res.statusCode) }));
    const reply = await this.portal.handle(body.value, idempotencyKeyOf(req));
    send(res, reply.httpStatus, reply.headers, JSON_CONTENT_TYPE, JSON.stringify(reply.body));
  }

  /** As ProblemFilter answers an unknown error: a 500 whose errorId is logged with the stack. */
  private internalError(res: ServerResponse, exception: unknown): void {
    const problem = internalErrorProblem(this.logger, exception, 'POST', DVCQG_PATH);
    send(res, 500, {}, PROBLEM_CONTENT_TYPE, JSON.stringify(problem.toBody()));
  }
}

function send(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  contentType: string,
  payload: string,
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function idempotencyKeyOf(req: IncomingMessage): string | undefined {
  const key = req.headers['idempotency-key'];
  return Array.isArray(key) ? key.join(', ') : key;
}

/**
 * Reads and parses the body as body-parser's JSON parser did (raw-body underneath): a declared or
 * received length over the limit is a 413, answered only once the whole request has arrived.
 */
function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const declared = req.headers['content-length'];
    const length = declared === undefined ? undefined : Number(declared);
    let tooLarge = length !== undefined && length > limit;
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (tooLarge) return;
      if (received > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        resolve({ kind: 'refused', status: 413, detail: 'request entity too large' });
      } else if (length !== undefined && received !== length) {
        resolve({
          kind: 'refused',
          status: 400,
          detail: 'request size did not match content length',
        });
      } else {
        resolve(parseJsonBody(decodeUtf8(chunks, received)));
      }
    });
    // The client is gone: there is nobody left to answer.
    req.on('error', () => resolve({ kind: 'aborted' }));
  });
}

/** UTF-8 with a leading byte order mark dropped, as iconv-lite decodes it for body-parser. */
function decodeUtf8(chunks: Buffer[], length: number): string {
  const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * body-parser's strict JSON: an empty body is `{}`, anything but an object or array at the top
 * is a syntax error, and the error texts are V8's, which clients see in the 400's `detail`.
 */
function parseJsonBody(text: string): BodyRead {
  if (text.length === 0) return { kind: 'parsed', value: {} };
  const first =
    text[0] === '{' || text[0] === '['
      ? text[0]
      : FIRST_NON_WHITESPACE.exec(text)?.[1] || undefined;
  if (first !== '{' && first !== '[') {
    return { kind: 'refused', status: 400, detail: strictViolationMessage(text, first) };
  }
  try {
    return { kind: 'parsed', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'refused', status: 400, detail: messageOf(error) };
  }
}

/**
 * The message body-parser makes up for a top-level value strict mode refuses: V8's own error for
 * the text with everything from the offending character on masked, then unmasked again.
 */
function strictViolationMessage(text: string, first: string | undefined): string {
  const index = first === undefined ? -1 : text.indexOf(first);
  const partial = index === -1 ? '' : text.slice(0, index) + '#'.repeat(text.length - index);
  try {
    JSON.parse(partial);
    return 'strict violation';
  } catch (error) {
    return messageOf(error).replace(/#+/g, (mask) => text.substring(index, index + mask.length));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
