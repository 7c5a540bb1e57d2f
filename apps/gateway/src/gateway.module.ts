import { type DynamicModule, Module } from '@nestjs/common';
import { AdminKeyAuthModule, ApiKeyAuthModule } from '@hub/auth';
import { type HubLogger, ObservabilityModule } from '@hub/observability';
import { DepartmentKeyRepository, PersistenceModule } from '@hub/persistence';
import { DepartmentKeyViews } from './admin/department-key.view';
import { GATEWAY_CONFIG, type GatewayConfig, rateLimitPolicy } from './config';
import { EventIntakeRepository } from './event-intake.repository';
import { AdminController } from './http/admin.controller';
import { EventsController } from './http/events.controller';
import { AcceptEventsHandler } from './usecases/accept-events/accept-events.handler';
import { CreateDepartmentKeyHandler } from './usecases/create-department-key/create-department-key.handler';
import { GetCaseHandler } from './usecases/get-case/get-case.handler';
import { ListAdminAuditHandler } from './usecases/list-admin-audit/list-admin-audit.handler';
import { ListDepartmentKeysHandler } from './usecases/list-department-keys/list-department-keys.handler';
import { RevokeDepartmentKeyHandler } from './usecases/revoke-department-key/revoke-department-key.handler';
import { RotateDepartmentKeyHandler } from './usecases/rotate-department-key/rotate-department-key.handler';
import { UpdateDepartmentKeyHandler } from './usecases/update-department-key/update-department-key.handler';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logger: HubLogger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot('gateway', logger),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'gateway',
          poolSize: config.DB_POOL_SIZE,
        }),
        ApiKeyAuthModule.forDepartments({
          envKeys: config.HUB_API_KEYS,
          variable: 'HUB_API_KEYS',
          store: DepartmentKeyRepository,
          cacheTtlMs: config.KEY_CACHE_TTL_MS,
          rateLimits: rateLimitPolicy(config),
        }),
        AdminKeyAuthModule.forKeys(config.HUB_ADMIN_KEYS),
      ],
      controllers: [EventsController, AdminController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        EventIntakeRepository,
        AcceptEventsHandler,
        GetCaseHandler,
        DepartmentKeyViews,
        CreateDepartmentKeyHandler,
        RotateDepartmentKeyHandler,
        RevokeDepartmentKeyHandler,
        UpdateDepartmentKeyHandler,
        ListDepartmentKeysHandler,
        ListAdminAuditHandler,
      ],
    };
  }
}
