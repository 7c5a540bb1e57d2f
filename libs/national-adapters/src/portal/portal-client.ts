import type { LogContext } from '@hub/observability';
import { PortalErrorCode, type PortalBreakerOpen, type PortalFailure } from './portal-errors';
import {
  type PortalAnswer,
  type PortalReply,
  classifyPortalReply,
  classifyTransportError,
} from './portal-protocol';
import { type BreakerCall, BreakerClient } from '../transport/breaker-client';
import { PORTAL_DEFAULTS, type PortalAdapterOptions } from './portal-options';

/** One POST to the portal endpoint. `service` labels metrics and logs ("login" for the login). */
interface PortalRequest {
  service: string;
  body: Record<string, unknown>;
  idempotencyKey?: string;
}

export type PortalCallResult = { kind: 'success'; answer: PortalAnswer } | PortalFailure;

type CallOutcomeLabel = 'success' | 'rejected' | 'transient' | 'breaker-open' | 'session-expired';

/**
 * The portal's transport: the shared breaker-wrapped JSON client around every POST, and the
 * login session (re-established once when the portal says it expired).
 */
export class PortalClient extends BreakerClient<[PortalRequest], PortalReply> {
  private session: string | undefined;
  private loginInFlight: Promise<{ session: string } | PortalFailure> | undefined;

  constructor(private readonly options: PortalAdapterOptions) {
    super({ adapter: 'portal', baseUrl: options.url, options, defaults: PORTAL_DEFAULTS });
  }

  /**
   * One service call with the current session. When the portal answers -2 (session missing or
   * expired) the client logs in again, once, and resends the very same call (same key).
   */
  async call(
    service: string,
    params: Record<string, unknown>,
    idempotencyKey: string,
    context: LogContext,
  ): Promise<PortalCallResult> {
    for (let attempt = 1; ; attempt++) {
      const login = await this.currentSession(context);
      if (!('session' in login)) return login;
      const body = {
        session: login.session,
        madonvi: this.options.agencyCode,
        service,
        ...params,
      };
      const reply = await this.post({ service, body, idempotencyKey }, context);
      if (reply.kind !== 'session-expired') return reply;
      if (attempt >= 2) {
        return {
          kind: 'transient',
          code: PortalErrorCode.SESSION_REJECTED,
          message: `portal rejected a fresh session: ${reply.message}`,
        };
      }
      // Only drop the session this call used: a concurrent call may already have replaced it.
      if (this.session === login.session) this.session = undefined;
    }
  }

  private async currentSession(context: LogContext): Promise<{ session: string } | PortalFailure> {
    if (this.session !== undefined) return { session: this.session };
    // Concurrent callers share one in-flight login instead of each opening a session.
    this.loginInFlight ??= this.login(context).finally(() => {
      this.loginInFlight = undefined;
    });
    return this.loginInFlight;
  }

  private async login(context: LogContext): Promise<{ session: string } | PortalFailure> {
    const reply = await this.post(
      {
        service: 'login',
        body: { username: this.options.username, password: this.options.password },
      },
      context,
    );
    switch (reply.kind) {
      case 'success': {
        const session = reply.answer['session'];
        if (typeof session !== 'string' || session === '') {
          return {
            kind: 'transient',
            code: PortalErrorCode.PORTAL_BAD_RESPONSE,
            message: 'portal login answered success without a session',
          };
        }
        this.session = session;
        this.logger?.event('info', 'portal session opened', { username: this.options.username });
        return { session };
      }
      case 'rejected':
      case 'session-expired':
        // Wrong credentials are a deployment problem, not the event's: retry later, never park.
        this.logger?.event('error', 'portal login refused', {
          username: this.options.username,
          message: reply.message,
        });
        return {
          kind: 'transient',
          code: PortalErrorCode.LOGIN_FAILED,
          message: `portal login refused: ${reply.message}`,
        };
      case 'transient':
      case 'breaker-open':
        return reply;
    }
  }

  private async post(
    request: PortalRequest,
    context: LogContext,
  ): Promise<PortalReply | PortalBreakerOpen> {
    const started = process.hrtime.bigint();
    const reply = replyOf(await this.fire(request));
    const outcome: CallOutcomeLabel = reply.kind;
    const durationMs = this.recordCall(request.service, outcome, started);
    if (reply.kind === 'success') {
      this.logger?.event('debug', 'portal call', {
        ...context,
        service: request.service,
        outcome,
        durationMs,
      });
    } else {
      // Never the request or answer body: dossiers carry personal IDs (Law 91/2025/QH15).
      this.logger?.event(reply.kind === 'breaker-open' ? 'debug' : 'warn', 'portal call failed', {
        ...context,
        service: request.service,
        outcome,
        ...('code' in reply ? { code: reply.code } : {}),
        ...('portalCode' in reply ? { portalCode: reply.portalCode } : {}),
        ...('message' in reply ? { message: reply.message } : {}),
        durationMs,
      });
    }
    return reply;
  }

  /** One POST, classified: every answer and every transport failure becomes a reply. */
  protected async send(request: PortalRequest): Promise<PortalReply> {
    let response;
    try {
      response = await this.http.request({
        method: 'POST',
        body: request.body,
        headers:
          request.idempotencyKey === undefined ? {} : { 'Idempotency-Key': request.idempotencyKey },
      });
    } catch (error) {
      return classifyTransportError(error);
    }
    const retryAfter: unknown = response.headers['retry-after'];
    return classifyPortalReply({
      status: response.status,
      body: response.body,
      retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
    });
  }

  protected countsAgainstBreaker(reply: PortalReply): boolean {
    return reply.kind === 'transient';
  }
}

function replyOf(call: BreakerCall<PortalReply>): PortalReply | PortalBreakerOpen {
  switch (call.kind) {
    case 'classified':
      return call.reply;
    case 'breaker-open':
      return {
        kind: 'breaker-open',
        code: PortalErrorCode.BREAKER_OPEN,
        retryAfterMs: call.retryAfterMs,
      };
    case 'timed-out':
      return {
        kind: 'transient',
        code: PortalErrorCode.PORTAL_TIMEOUT,
        message: 'portal did not answer in time',
      };
    case 'shut-down':
      return {
        kind: 'transient',
        code: PortalErrorCode.PORTAL_UNAVAILABLE,
        message: 'portal adapter is shut down',
      };
    case 'unexpected':
      return classifyTransportError(call.error);
  }
}
