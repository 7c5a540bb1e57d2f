import { type DynamicModule, Module } from '@nestjs/common';
import { ProcedureCatalogCache } from './catalog/procedure-catalog.cache';
import { ReuseOverrideRepository } from './catalog/reuse-override.repository';
import { AdminKeyAuthModule, ApiKeyAuthModule } from '@hub/auth';
import { ApiDocsModule, type HubLogger, ObservabilityModule } from '@hub/observability';
import { MessagingModule } from '@hub/messaging';
import { NationalAdaptersModule, PaymentPlatformAdapter } from '@hub/national-adapters';
import { PersistenceModule } from '@hub/persistence';
import { DepartmentKeyRepository } from './department-keys/department-key.repository';
import { DepartmentKeysModule } from './department-keys/department-keys.module';
import { RegistryProfilesModule, registryProfilesOptions } from '@hub/registry-profiles';
import { DepartmentKeyViews } from './admin/department-key.view';
import { GATEWAY_CONFIG, type GatewayConfig, rateLimitPolicy } from './config';
import { EventIntakeRepository, INTAKE_TRANSACTIONS } from './event-intake.repository';
import { HubEventWriter } from './hub-events/hub-event.writer';
import { ConfirmPaymentHandler } from './payments/confirm-payment/confirm-payment.handler';
import { PaymentConfirmController } from './payments/http/payment-confirm.controller';
import { PaymentsController } from './payments/http/payments.controller';
import {
  PAYMENT_PLATFORM,
  PAYMENT_SETTINGS,
  paymentPlatformOptions,
  paymentSettings,
} from './payments/payment-config';
import { PaymentCompletion } from './payments/payment-completion.service';
import { PaymentRepository } from './payments/payment.repository';
import { PaymentBreakerReporterService } from './payments/payment-breaker-reporter.service';
import { PaymentReconciliation } from './payments/reconcile-payments/payment-reconciliation.service';
import { StartPaymentHandler } from './payments/start-payment/start-payment.handler';
import { AdminController } from './http/admin.controller';
import { AuditorKeyGuard } from './http/auditor-key.guard';
import { EventsController } from './http/events.controller';
import { PrefillController } from './http/prefill.controller';
import { DeadLetterPublisher } from './inbound/dead-letter.publisher';
import { InboundController } from './inbound/inbound.controller';
import { INBOUND_KEY_RESOLVER, DepartmentInboundKeyResolver } from './inbound/inbound-key-resolver';
import { AcceptEventsHandler } from './usecases/accept-events/accept-events.handler';
import { AcceptInboundRecordsHandler } from './usecases/accept-inbound-records/accept-inbound-records.handler';
import { CreateDepartmentKeyHandler } from './usecases/create-department-key/create-department-key.handler';
import { GetCaseHandler } from './usecases/get-case/get-case.handler';
import { PREFILL_REQUESTER, PrefillHandler } from './usecases/prefill/prefill.handler';
import { ListAdminAuditHandler } from './usecases/list-admin-audit/list-admin-audit.handler';
import { ListDepartmentKeysHandler } from './usecases/list-department-keys/list-department-keys.handler';
import { RevokeDepartmentKeyHandler } from './usecases/revoke-department-key/revoke-department-key.handler';
import { RotateDepartmentKeyHandler } from './usecases/rotate-department-key/rotate-department-key.handler';
import { UpdateDepartmentKeyHandler } from './usecases/update-department-key/update-department-key.handler';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logger: HubLogger): DynamicModule {
    // Online payment is optional: without PAYMENT_PLATFORM_URL there is no adapter, and the
    // payment endpoints answer 503 PAYMENTS_NOT_CONFIGURED.
    const payment = paymentPlatformOptions(config);
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot('gateway', logger),
        ApiDocsModule.forApp('gateway'),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'gateway',
          poolSize: config.DB_POOL_SIZE,
          // The intake statements carry a request group's rows as arrays of any length.
          customPlans: true,
        }),
        ApiKeyAuthModule.forDepartments({
          envKeys: config.HUB_API_KEYS,
          variable: 'HUB_API_KEYS',
          store: DepartmentKeyRepository,
          storeModule: DepartmentKeysModule,
          cacheTtlMs: config.KEY_CACHE_TTL_MS,
          rateLimits: rateLimitPolicy(config),
        }),
        AdminKeyAuthModule.forKeys(config.HUB_ADMIN_KEYS),
        DepartmentKeysModule,
        RegistryProfilesModule.forRoot(registryProfilesOptions(config)),
        ...(payment ? [NationalAdaptersModule.forPaymentPlatform(payment)] : []),
        // Kafka intake: the same command as POST /v1/events, over another transport.
        ...(config.INBOUND_ENABLED
          ? [
              MessagingModule.forRoot({
                brokers: config.KAFKA_BROKERS,
                clientId: 'hub-gateway',
                producer: false,
              }),
            ]
          : []),
      ],
      controllers: [
        EventsController,
        PrefillController,
        PaymentsController,
        PaymentConfirmController,
        AdminController,
        ...(config.INBOUND_ENABLED ? [InboundController] : []),
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: INTAKE_TRANSACTIONS, useValue: config.DB_INTAKE_TRANSACTIONS },
        EventIntakeRepository,
        ProcedureCatalogCache,
        ReuseOverrideRepository,
        AcceptEventsHandler,
        GetCaseHandler,
        HubEventWriter,
        { provide: PAYMENT_SETTINGS, useValue: paymentSettings(config) ?? null },
        payment
          ? { provide: PAYMENT_PLATFORM, useExisting: PaymentPlatformAdapter }
          : { provide: PAYMENT_PLATFORM, useValue: null },
        PaymentRepository,
        PaymentCompletion,
        StartPaymentHandler,
        ConfirmPaymentHandler,
        PaymentReconciliation,
        ...(payment ? [PaymentBreakerReporterService] : []),
        PrefillHandler,
        {
          provide: PREFILL_REQUESTER,
          useValue: {
            id: config.REGISTRY_OFFICIAL_CODE,
            name: config.RESULTS_STORE_REQUESTER_NAME,
          },
        },
        AuditorKeyGuard,
        DepartmentKeyViews,
        CreateDepartmentKeyHandler,
        RotateDepartmentKeyHandler,
        RevokeDepartmentKeyHandler,
        UpdateDepartmentKeyHandler,
        ListDepartmentKeysHandler,
        ListAdminAuditHandler,
        ...(config.INBOUND_ENABLED
          ? [
              { provide: INBOUND_KEY_RESOLVER, useClass: DepartmentInboundKeyResolver },
              DeadLetterPublisher,
              AcceptInboundRecordsHandler,
            ]
          : []),
      ],
    };
  }
}
