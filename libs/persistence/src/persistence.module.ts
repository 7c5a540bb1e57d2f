import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HealthRegistry, UnavailableErrors } from '@hub/observability';
import { DataSource } from 'typeorm';
import { createDataSource, pendingMigrations, type DataSourceOptions } from './data-source';
import { isDatabaseUnavailable } from './errors';
import { OutboxRelayRepository } from './repositories/outbox-relay.repository';
import { NationalAdapterStateRepository } from './repositories/national-adapter-state.repository';

@Injectable()
class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: DataSourceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: DataSource,
          inject: [HealthRegistry, UnavailableErrors],
          useFactory: async (
            health: HealthRegistry,
            unavailable: UnavailableErrors,
          ): Promise<DataSource> => {
            // Every HTTP surface answers a database that is down or stalled with 503, not 500.
            unavailable.add(isDatabaseUnavailable);
            const ds = createDataSource(options);
            await ds.initialize();
            if (await pendingMigrations(ds)) {
              await ds.destroy();
              throw new Error(
                'Database schema is behind this build: run the migrations first (npm start does).',
              );
            }
            health.register('postgres', async () => {
              await ds.query('SELECT 1');
              return { ok: true };
            });
            return ds;
          },
        },
        DataSourceLifecycle,
        {
          provide: OutboxRelayRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new OutboxRelayRepository(ds),
        },
        {
          provide: NationalAdapterStateRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new NationalAdapterStateRepository(ds),
        },
      ],
      exports: [DataSource, OutboxRelayRepository, NationalAdapterStateRepository],
    };
  }
}
