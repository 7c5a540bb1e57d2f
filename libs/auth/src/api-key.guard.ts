import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Optional,
} from '@nestjs/common';
import { HubLogger, MetricsRegistry, ProblemException } from '@hub/observability';
import type { Request, Response } from 'express';
import { DepartmentKeyVerifier, KeyStoreUnavailableError } from './department-key-verifier';
import { ApiKeyring, bearerToken } from './keyring';
import { RateLimitPolicy, type RateLimit, TokenBucketLimiter } from './token-bucket';

export interface AuthenticatedRequest extends Request {
  /** Who the key belongs to: a department code on the gateway, an operator on ops. */
  principal: string;
  /** Which key: a department key's id, or `env:<NAME>:<n>` for the n-th entry of the env list. */
  keyId?: string;
}

/** Per-key rate limiting, when an app asks for it (the gateway does; ops does not). */
export class RateLimiting {
  constructor(
    readonly limiter: TokenBucketLimiter,
    readonly policy: RateLimitPolicy,
  ) {}
}

/** Seconds a client should wait when the key store cannot be reached. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

interface Identity {
  principal: string;
  keyId: string;
  rateLimit: RateLimit | null;
}

/**
 * Resolves `Authorization: Bearer <key>` before any body is read: first against the app's env
 * keyring, then — where the app provides one — against department keys in Postgres (`lth_…`).
 * With rate limiting configured, each key spends a token per request; an empty bucket is 429.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly rejections;

  constructor(
    @Inject(ApiKeyring) private readonly keyring: ApiKeyring,
    @Optional() @Inject(DepartmentKeyVerifier) private readonly verifier?: DepartmentKeyVerifier,
    @Optional() @Inject(RateLimiting) private readonly rateLimiting?: RateLimiting,
    @Optional() @Inject(HubLogger) private readonly logger?: HubLogger,
    @Optional() @Inject(MetricsRegistry) metrics?: MetricsRegistry,
  ) {
    this.rejections = metrics?.counter(
      'hub_auth_rejections_total',
      'Requests refused before their body was read, by reason (unauthenticated, rate_limited, unavailable)',
      ['reason', 'department'] as const,
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const who = await this.identify(bearerToken(header));
    if (!who) {
      this.rejections?.inc({ reason: 'unauthenticated', department: '' });
      throw new ProblemException(
        401,
        'UNAUTHENTICATED',
        'Missing or unknown API key',
        'Send your key as "Authorization: Bearer <key>".',
        [{ path: 'headers.authorization', message: header ? 'is not a known key' : 'is required' }],
        { 'WWW-Authenticate': 'Bearer realm="lienthong-hub"' },
      );
    }
    if (this.rateLimiting) this.spend(who, context.switchToHttp().getResponse<Response>());
    req.principal = who.principal;
    req.keyId = who.keyId;
    return true;
  }

  private async identify(token: string | undefined): Promise<Identity | undefined> {
    const env = this.keyring.identifyEntry(token);
    if (env) {
      return {
        principal: env.principal,
        keyId: `env:${env.principal}:${env.entry}`,
        rateLimit: null,
      };
    }
    if (!this.verifier) return undefined;
    try {
      const key = await this.verifier.verify(token);
      return key && { principal: key.department, keyId: key.keyId, rateLimit: key.rateLimit };
    } catch (e) {
      if (!(e instanceof KeyStoreUnavailableError)) throw e;
      this.rejections?.inc({ reason: 'unavailable', department: '' });
      this.logger?.event('error', 'department key store unavailable; request refused with 503', {
        error: e.message,
      });
      throw new ProblemException(
        503,
        'UNAVAILABLE',
        'The hub cannot check keys right now',
        'Nothing was stored. Send the same request again later; it is safe to repeat.',
        [],
        { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      );
    }
  }

  private spend(who: Identity, res: Response): void {
    const { limiter, policy } = this.rateLimiting as RateLimiting;
    const limit = policy.limitFor(who.principal, who.rateLimit);
    const decision = limiter.take(who.keyId, limit);
    const headers: Record<string, string> = {
      'RateLimit-Limit': String(decision.limit),
      'RateLimit-Remaining': String(decision.remaining),
      'RateLimit-Reset': String(decision.resetSeconds),
    };
    if (decision.allowed) {
      res.set(headers);
      return;
    }
    this.rejections?.inc({ reason: 'rate_limited', department: who.principal });
    throw new ProblemException(
      429,
      'RATE_LIMITED',
      'Too many requests for this key',
      `This key may send ${limit.burst} requests at once and ${limit.perSecond} per second after that. Nothing was stored; send the same request again after Retry-After seconds.`,
      [{ path: 'headers.authorization', message: 'has used up its request budget for now' }],
      { ...headers, 'Retry-After': String(decision.retryAfterSeconds) },
    );
  }
}
