import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
} from '@nestjs/common';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import { PortalAdapter } from './portal/portal-adapter';
import type { PortalAdapterOptions } from './portal/portal-options';

export const PORTAL_ADAPTER_OPTIONS = Symbol('PORTAL_ADAPTER_OPTIONS');

export interface PortalAdapterAsyncOptions<A extends unknown[]> {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  /** Builds the options, typically from the app's validated config (the lib never reads env). */
  useFactory: (...args: A) => PortalAdapterOptions | Promise<PortalAdapterOptions>;
}

/**
 * Provides `PortalAdapter`. Metrics and logger come from the options, else from
 * `ObservabilityModule` when the app has it. The adapter is closed with the module.
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
}
