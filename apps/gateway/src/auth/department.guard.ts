import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ApiKeyring, bearerToken } from '@hub/auth';
import type { Request } from 'express';
import { GatewayErrorCode, gatewayProblem } from '../gateway.errors';

export interface AuthenticatedRequest extends Request {
  department: string;
}

/** Resolves the bearer key to its department, before the body is even read. */
@Injectable()
export class DepartmentGuard implements CanActivate {
  constructor(@Inject(ApiKeyring) private readonly keyring: ApiKeyring) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const department = this.keyring.identify(bearerToken(req.headers.authorization));
    if (!department) {
      throw gatewayProblem(
        GatewayErrorCode.Unauthenticated,
        'Send your department key as "Authorization: Bearer <key>".',
        [
          {
            path: 'headers.authorization',
            message: req.headers.authorization ? 'is not a known key' : 'is required',
          },
        ],
        { 'WWW-Authenticate': 'Bearer realm="lienthong-hub"' },
      );
    }
    req.department = department;
    return true;
  }
}
