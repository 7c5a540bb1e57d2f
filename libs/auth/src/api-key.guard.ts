import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ProblemException } from '@hub/observability';
import type { Request } from 'express';
import { ApiKeyring, bearerToken } from './keyring';

export interface AuthenticatedRequest extends Request {
  /** Who the key belongs to: a department code on the gateway, an operator on ops. */
  principal: string;
}

/** Resolves `Authorization: Bearer <key>` against the app's keyring, before any body is read. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(ApiKeyring) private readonly keyring: ApiKeyring) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const principal = this.keyring.identify(bearerToken(header));
    if (!principal) {
      throw new ProblemException(
        401,
        'UNAUTHENTICATED',
        'Missing or unknown API key',
        'Send your key as "Authorization: Bearer <key>".',
        [{ path: 'headers.authorization', message: header ? 'is not a known key' : 'is required' }],
        { 'WWW-Authenticate': 'Bearer realm="lienthong-hub"' },
      );
    }
    req.principal = principal;
    return true;
  }
}
