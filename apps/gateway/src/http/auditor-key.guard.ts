import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ApiKeyring, type AuthenticatedRequest, bearerToken } from '@hub/auth';
import { ProblemException } from '@hub/observability';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

/**
 * Auditors (HUB_AUDITOR_KEYS) read the personal-data access log; department keys cannot, and
 * auditor keys cannot read personal data. A keyring of its own, beside the department one.
 */
@Injectable()
export class AuditorKeyGuard implements CanActivate {
  private readonly keyring: ApiKeyring;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.keyring = ApiKeyring.parse(config.HUB_AUDITOR_KEYS, 'HUB_AUDITOR_KEYS');
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const principal = this.keyring.identify(bearerToken(header));
    if (!principal) {
      throw new ProblemException(
        401,
        'UNAUTHENTICATED',
        'Missing or unknown auditor key',
        'The access log is for auditors: send an auditor key as "Authorization: Bearer <key>".',
        [
          {
            path: 'headers.authorization',
            message: header ? 'is not an auditor key' : 'is required',
          },
        ],
        { 'WWW-Authenticate': 'Bearer realm="lienthong-hub-audit"' },
      );
    }
    req.principal = principal;
    return true;
  }
}
