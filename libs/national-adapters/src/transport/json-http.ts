import http from 'node:http';
import https from 'node:https';

export interface JsonHttpOptions {
  /** Every request is made relative to this URL (a path) or to it exactly (no path). */
  baseUrl: string;
  timeoutMs: number;
  maxSockets: number;
  /** Sent with every request (credentials of a data-sharing platform, say). */
  headers?: Readonly<Record<string, string>>;
  /** Larger answers fail the call: a national system never sends one, a broken proxy might. */
  maxResponseBytes?: number;
}

export interface JsonHttpRequest {
  method: 'GET' | 'POST';
  /** Appended to `baseUrl`; omit to call `baseUrl` itself. */
  path?: string;
  query?: Readonly<Record<string, string>>;
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

export interface JsonHttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON answer; the raw text when it is not JSON ('' when empty). */
  body: unknown;
}

/** Transport failures carry a Node-style `code`, which the protocol classifiers read. */
export class JsonHttpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'JsonHttpError';
  }
}

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * JSON over keep-alive HTTP(S) for the national adapters, on `node:http` alone. It replaced axios
 * on the portal's hot path, where axios's per-request config merging and transforms cost more CPU
 * than the request itself (profiled in the backlog benchmark, docs/performance.md). It never
 * throws for an HTTP status: callers classify every status themselves. It follows no redirects
 * and ignores proxy settings in the environment, because every endpoint is configured explicitly.
 */
export class JsonHttpTransport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly client: typeof http | typeof https;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: JsonHttpOptions) {
    this.base = new URL(options.baseUrl);
    const secure = this.base.protocol === 'https:';
    if (!secure && this.base.protocol !== 'http:') {
      throw new Error(`unsupported protocol in ${options.baseUrl}: use http or https`);
    }
    this.client = secure ? https : http;
    this.agent = secure
      ? new https.Agent({ keepAlive: true, maxSockets: options.maxSockets })
      : new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
    this.headers = { ...options.headers, accept: 'application/json' };
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  request(request: JsonHttpRequest): Promise<JsonHttpResponse> {
    const url = this.urlOf(request);
    const payload =
      request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    const headers: Record<string, string | number> = { ...this.headers, ...request.headers };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const req = this.client.request(
        url,
        { method: request.method, agent: this.agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (settled) return;
            size += chunk.length;
            if (size > this.maxResponseBytes) {
              fail(
                new JsonHttpError(
                  'ERR_RESPONSE_TOO_LARGE',
                  `answer larger than ${this.maxResponseBytes} bytes`,
                ),
              );
              // The socket carries the rest of the answer: it cannot be reused.
              res.destroy();
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', fail);
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: parseBody(Buffer.concat(chunks, size).toString('utf8')),
            });
          });
        },
      );
      // A deadline for the whole exchange, not an idle timer: a trickling answer must end too.
      const timer = setTimeout(() => {
        const error = new JsonHttpError(
          'ETIMEDOUT',
          `no complete answer within ${this.options.timeoutMs} ms`,
        );
        req.destroy(error);
        fail(error);
      }, this.options.timeoutMs);
      req.on('error', fail);
      req.end(payload);
    });
  }

  /** Closes pooled sockets. */
  close(): void {
    this.agent.destroy();
  }

  private urlOf(request: JsonHttpRequest): URL {
    const url = new URL(this.base);
    if (request.path !== undefined) {
      url.pathname = `${url.pathname.replace(/\/+$/, '')}/${request.path.replace(/^\/+/, '')}`;
    }
    for (const [name, value] of Object.entries(request.query ?? {})) {
      url.searchParams.set(name, value);
    }
    return url;
  }
}

function parseBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
