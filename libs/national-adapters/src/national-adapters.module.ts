import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
} from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { PaymentPlatformAdapter } from './payment/payment-platform-adapter';
import type { PaymentPlatformOptions } from './payment/payment-options';
import { PortalAdapter } from './portal/portal-adapter';
import type { PortalAdapterOptions } from './portal/portal-options';
import { BusinessAdapter } from './registries/business-adapter';
import { PopulationAdapter } from './registries/population-adapter';
import type { RegistryAdapterOptions } from './registries/registry-options';
import { ResultsStoreAdapter } from './results-store/results-store-adapter';
import type { ResultsStoreAdapterOptions } from './results-store/results-store-options';

export const PORTAL_ADAPTER_OPTIONS = Symbol('PORTAL_ADAPTER_OPTIONS');
export const POPULATION_ADAPTER_OPTIONS = Symbol('POPULATION_ADAPTER_OPTIONS');
export const BUSINESS_ADAPTER_OPTIONS = Symbol('BUSINESS_ADAPTER_OPTIONS');
export const RESULTS_STORE_ADAPTER_OPTIONS = Symbol('RESULTS_STORE_ADAPTER_OPTIONS');
export const PAYMENT_PLATFORM_OPTIONS = Symbol('PAYMENT_PLATFORM_OPTIONS');

export interface PortalAdapterAsyncOptions<A extends unknown[]> {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  /** Builds the options, typically from the app's validated config (the lib never reads env). */
  useFactory: (...args: A) => PortalAdapterOptions | Promise<PortalAdapterOptions>;
}

export interface RegistryAdapterAsyncOptions<A extends unknown[]> {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  /** Builds the options, typically from the app's validated config (the lib never reads env). */
  useFactory: (...args: A) => RegistryAdapterOptions | Promise<RegistryAdapterOptions>;
}

export interface PaymentPlatformAsyncOptions<A extends unknown[]> {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  /** Builds the options, typically from the app's validated config (the lib never reads env). */
  useFactory: (...args: A) => PaymentPlatformOptions | Promise<PaymentPlatformOptions>;
}

export interface ResultsStoreAdapterAsyncOptions<A extends unknown[]> {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  /** Builds the options, typically from the app's validated config (the lib never reads env). */
  useFactory: (...args: A) => ResultsStoreAdapterOptions | Promise<ResultsStoreAdapterOptions>;
}

/**
 * Provides `PortalAdapter`, `PopulationAdapter`, `BusinessAdapter`, `ResultsStoreAdapter` or
 * `PaymentPlatformAdapter` (import one dynamic module per adapter). Metrics and logger come from
 * the options, else from `ObservabilityModule` when the app has it. The adapter is closed with the
 * module.
 */
@Module({})
export class NationalAdaptersModule {
  static forPortal(options: PortalAdapterOptions): DynamicModule {
    return NationalAdaptersModule.forPortalAsync({ useFactory: () => options });
  }

  static forPortalAsync<A extends unknown[]>(options: PortalAdapterAsyncOptions<A>): DynamicModule {
    return {
      module: NationalAdaptersModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: PORTAL_ADAPTER_OPTIONS,
          useFactory: options.useFactory,
          inject: options.inject ?? [],
        },
        {
          provide: PortalAdapter,
          useFactory: (
            adapterOptions: PortalAdapterOptions,
            metrics: MetricsRegistry | undefined,
            logger: HubLogger | undefined,
          ) =>
            new PortalAdapter({
              ...adapterOptions,
              metrics: adapterOptions.metrics ?? metrics,
              logger: adapterOptions.logger ?? logger,
            }),
          inject: [
            PORTAL_ADAPTER_OPTIONS,
            { token: MetricsRegistry, optional: true },
            { token: HubLogger, optional: true },
          ],
        },
      ],
      exports: [PortalAdapter],
    };
  }

  static forPopulation(options: RegistryAdapterOptions): DynamicModule {
    return NationalAdaptersModule.forPopulationAsync({ useFactory: () => options });
  }

  static forPopulationAsync<A extends unknown[]>(
    options: RegistryAdapterAsyncOptions<A>,
  ): DynamicModule {
    return registryModule(
      PopulationAdapter,
      POPULATION_ADAPTER_OPTIONS,
      options,
      (o) => new PopulationAdapter(o),
    );
  }

  static forBusiness(options: RegistryAdapterOptions): DynamicModule {
    return NationalAdaptersModule.forBusinessAsync({ useFactory: () => options });
  }

  static forBusinessAsync<A extends unknown[]>(
    options: RegistryAdapterAsyncOptions<A>,
  ): DynamicModule {
    return registryModule(
      BusinessAdapter,
      BUSINESS_ADAPTER_OPTIONS,
      options,
      (o) => new BusinessAdapter(o),
    );
  }

  /** `ResultsStoreAdapter`, the portal's store of digitised results. */
  static forResultsStore(options: ResultsStoreAdapterOptions): DynamicModule {
    return NationalAdaptersModule.forResultsStoreAsync({ useFactory: () => options });
  }

  static forResultsStoreAsync<A extends unknown[]>(
    options: ResultsStoreAdapterAsyncOptions<A>,
  ): DynamicModule {
    return {
      module: NationalAdaptersModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: RESULTS_STORE_ADAPTER_OPTIONS,
          useFactory: options.useFactory,
          inject: options.inject ?? [],
        },
        {
          provide: ResultsStoreAdapter,
          useFactory: (
            adapterOptions: ResultsStoreAdapterOptions,
            metrics: MetricsRegistry | undefined,
            logger: HubLogger | undefined,
          ) =>
            new ResultsStoreAdapter({
              ...adapterOptions,
              metrics: adapterOptions.metrics ?? metrics,
              logger: adapterOptions.logger ?? logger,
            }),
          inject: [
            RESULTS_STORE_ADAPTER_OPTIONS,
            { token: MetricsRegistry, optional: true },
            { token: HubLogger, optional: true },
          ],
        },
      ],
      exports: [ResultsStoreAdapter],
    };
  }

  static forPaymentPlatform(options: PaymentPlatformOptions): DynamicModule {
    return NationalAdaptersModule.forPaymentPlatformAsync({ useFactory: () => options });
  }

  static forPaymentPlatformAsync<A extends unknown[]>(
    options: PaymentPlatformAsyncOptions<A>,
  ): DynamicModule {
    return registryModule(
      PaymentPlatformAdapter,
      PAYMENT_PLATFORM_OPTIONS,
      options,
      (o) => new PaymentPlatformAdapter(o),
    );
  }
}

/** One adapter built from its options, with metrics and logger from the app when not given. */
function registryModule<
  A extends unknown[],
  T,
  O extends { metrics?: MetricsRegistry; logger?: HubLogger },
>(
  adapterClass: abstract new (...args: never[]) => T,
  optionsToken: symbol,
  options: {
    imports?: ModuleMetadata['imports'];
    inject?: InjectionToken[];
    useFactory: (...args: A) => O | Promise<O>;
  },
  build: (options: O) => T,
): DynamicModule {
  return {
    module: NationalAdaptersModule,
    imports: options.imports ?? [],
    providers: [
      { provide: optionsToken, useFactory: options.useFactory, inject: options.inject ?? [] },
      {
        provide: adapterClass,
        useFactory: (
          adapterOptions: O,
          metrics: MetricsRegistry | undefined,
          logger: HubLogger | undefined,
        ) =>
          build({
            ...adapterOptions,
            metrics: adapterOptions.metrics ?? metrics,
            logger: adapterOptions.logger ?? logger,
          }),
        inject: [
          optionsToken,
          { token: MetricsRegistry, optional: true },
          { token: HubLogger, optional: true },
        ],
      },
    ],
    exports: [adapterClass],
  };
}
