import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { JsonHttpError, nodeHttpAdapter } from './node-http-adapter';

export { JsonHttpError };

export interface JsonHttpOptions {
  /** Every request is made relative to this URL (a path) or to it exactly (no path). */
  baseUrl: string;
  /** A deadline for the whole exchange, from connect to the last byte of the answer. */
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
  /** By lower-case name. */
  headers: Readonly<Record<string, unknown>>;
  /** The parsed JSON answer; the raw text when it is not JSON ('' when empty). */
  body: unknown;
}

/** The Node-style `code` of a failure (a `JsonHttpError`, opossum's own), if it has one. */
export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * JSON over keep-alive HTTP(S) for the national adapters: one axios instance per adapter (the
 * design card's HTTP client; no other lib imports axios), tuned so that it behaves as the protocol
 * classifiers need. It never throws for an HTTP status: callers classify every status themselves.
 * It follows no redirects and ignores proxy settings in the environment, because every endpoint
 * is configured explicitly. Failures below HTTP throw a `JsonHttpError` with a Node-style code.
 *
 * axios's own `http` adapter cost portal-sync about a third of its CPU in a backlog drain, so the
 * instance sends through `nodeHttpAdapter` (see there for the figures); the instance carries every
 * fixed setting and a call passes only method, URL, body, headers and the deadline's signal; the
 * body is serialised and parsed here rather than by axios's content-sniffing transforms.
 */
/** TCP keep-alive probes on an idle pooled socket: axios's own interval. */
const KEEPALIVE_PROBE_MS = 60_000;

/**
 * `agent`, with TCP keep-alive set once per socket, when the socket is made. Node's agent sets it
 * again each time a socket goes back to the pool, and axios each time a request takes one: two
 * setsockopt round trips into the kernel per portal call, about a sixth of portal-sync's CPU in
 * a backlog drain (profiled with --cpu-prof; `npm run bench`). The setting never changes, so the
 * socket's later calls are answered without a system call.
 */
function keepAliveOnce<A extends http.Agent>(agent: A): A {
  const pooled = agent as A & {
    createConnection(...args: unknown[]): net.Socket;
  };
  const create = pooled.createConnection.bind(agent);
  pooled.createConnection = (...args: unknown[]): net.Socket => {
    const socket = create(...args);
    socket.setKeepAlive(true, KEEPALIVE_PROBE_MS);
    socket.setKeepAlive = (): net.Socket => socket;
    return socket;
  };
  return agent;
}

export class JsonHttpTransport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly client: AxiosInstance;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: JsonHttpOptions) {
    this.base = new URL(options.baseUrl);
    const secure = this.base.protocol === 'https:';
    if (!secure && this.base.protocol !== 'http:') {
      throw new Error(`unsupported protocol in ${options.baseUrl}: use http or https`);
    }
    this.agent = secure
      ? keepAliveOnce(new https.Agent({ keepAlive: true, maxSockets: options.maxSockets }))
      : keepAliveOnce(new http.Agent({ keepAlive: true, maxSockets: options.maxSockets }));
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.client = axios.create({
      // No redirects, no proxy from the environment, no request size cap (a cap would turn an
      // oversized dossier into a transport failure retried for ever instead of the portal's own
      // rejection): the adapter does none of these.
      adapter: nodeHttpAdapter(this.agent, this.maxResponseBytes),
      headers: { ...options.headers, accept: 'application/json' },
      validateStatus: () => true,
      // No `timeout`: `request` sets a deadline for the whole exchange instead of an idle timer.
      responseType: 'text',
      transformRequest: [],
      transformResponse: [],
    });
  }

  async request(request: JsonHttpRequest): Promise<JsonHttpResponse> {
    const url = this.urlOf(request);
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    const headers =
      payload === undefined
        ? request.headers
        : { ...request.headers, 'content-type': 'application/json' };
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
    try {
      const response = await this.client.request<string>({
        method: request.method,
        url,
        data: payload,
        headers,
        signal: deadline.signal,
      });
      return {
        status: response.status,
        headers: response.headers,
        body: parseBody(response.data),
      };
    } catch (error) {
      throw this.failureOf(error, deadline.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes pooled sockets. */
  close(): void {
    this.agent.destroy();
  }

  /** The Node-style code the protocol classifiers read, whatever axios called the failure. */
  private failureOf(error: unknown, deadlinePassed: boolean): Error {
    if (deadlinePassed) {
      return new JsonHttpError(
        'ETIMEDOUT',
        `no complete answer within ${this.options.timeoutMs} ms`,
      );
    }
    if (error instanceof JsonHttpError) return error;
    if (!(error instanceof AxiosError))
      return error instanceof Error ? error : new Error(String(error));
    // An error without a code stays without: the classifiers read "no code" as unreachable.
    return error.code === undefined
      ? new Error(error.message)
      : new JsonHttpError(error.code, error.message);
  }

  private urlOf(request: JsonHttpRequest): string {
    const url = new URL(this.base);
    if (request.path !== undefined) {
      url.pathname = `${url.pathname.replace(/\/+$/, '')}/${request.path.replace(/^\/+/, '')}`;
    }
    for (const [name, value] of Object.entries(request.query ?? {})) {
      url.searchParams.set(name, value);
    }
    return url.href;
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
