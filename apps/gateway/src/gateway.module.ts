import { type DynamicModule, Module } from '@nestjs/common';
import { ApiKeyAuthModule } from '@hub/auth';
import { type HubLogger, ObservabilityModule } from '@hub/observability';
import { PersistenceModule } from '@hub/persistence';
import { RegistryProfilesModule } from '@hub/registry-profiles';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { EventIntakeRepository } from './event-intake.repository';
import { AuditorKeyGuard } from './http/auditor-key.guard';
import { EventsController } from './http/events.controller';
import { PrefillController } from './http/prefill.controller';
import { AcceptEventsHandler } from './usecases/accept-events/accept-events.handler';
import { GetCaseHandler } from './usecases/get-case/get-case.handler';
import { PrefillHandler } from './usecases/prefill/prefill.handler';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logger: HubLogger): DynamicModule {
    const registry = (baseUrl: string) => ({
      baseUrl,
      timeoutMs: config.REGISTRY_TIMEOUT_MS,
      breaker: { resetTimeoutMs: config.REGISTRY_BREAKER_RESET_MS },
    });
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot('gateway', logger),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'gateway',
          poolSize: config.DB_POOL_SIZE,
        }),
        ApiKeyAuthModule.forKeys(config.HUB_API_KEYS, 'HUB_API_KEYS'),
        RegistryProfilesModule.forRoot({
          encryptionKey: config.PII_ENCRYPTION_KEY,
          hashKey: config.PII_HASH_KEY,
          freshnessMs: config.PROFILE_FRESHNESS_MS,
          officialCode: config.REGISTRY_OFFICIAL_CODE,
          population: registry(config.POPULATION_URL),
          business: registry(config.BUSINESS_URL),
        }),
      ],
      controllers: [EventsController, PrefillController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        EventIntakeRepository,
        AcceptEventsHandler,
        GetCaseHandler,
        PrefillHandler,
        AuditorKeyGuard,
      ],
    };
  }
}
