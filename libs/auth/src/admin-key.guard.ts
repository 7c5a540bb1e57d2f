import {
  type CanActivate,
  type DynamicModule,
  type ExecutionContext,
  Inject,
  Injectable,
  Module,
} from '@nestjs/common';
import { ProblemException } from '@hub/observability';
import type { AuthenticatedRequest } from './api-key.guard';
import { ApiKeyring, bearerToken } from './keyring';

export const ADMIN_KEYRING = Symbol('ADMIN_KEYRING');

/**
 * Admin routes (`HUB_ADMIN_KEYS`): a department or ops key is not enough. `req.principal` is the
 * admin's name, which the audit log records as the actor.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  constructor(@Inject(ADMIN_KEYRING) private readonly keyring: ApiKeyring) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const admin = this.keyring.identify(bearerToken(header));
    if (!admin) {
      throw new ProblemException(
        401,
        'UNAUTHENTICATED',
        'Missing or unknown admin key',
        'Admin routes need an admin key (HUB_ADMIN_KEYS) as "Authorization: Bearer <key>".',
        [
          {
            path: 'headers.authorization',
            message: header ? 'is not an admin key' : 'is required',
          },
        ],
        { 'WWW-Authenticate': 'Bearer realm="lienthong-hub-admin"' },
      );
    }
    req.principal = admin;
    return true;
  }
}

/** Provides `AdminKeyGuard` over a `NAME:key,...` list (an empty list locks the admin routes). */
@Module({})
export class AdminKeyAuthModule {
  static forKeys(spec: string, variable = 'HUB_ADMIN_KEYS'): DynamicModule {
    return {
      module: AdminKeyAuthModule,
      providers: [
        {
          provide: ADMIN_KEYRING,
          useValue: ApiKeyring.parse(spec, variable, { allowEmpty: true }),
        },
        AdminKeyGuard,
      ],
      exports: [ADMIN_KEYRING, AdminKeyGuard],
    };
  }
}
