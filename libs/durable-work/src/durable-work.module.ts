import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import { WorkSignal } from './work-signal';

@Injectable()
class WorkSignalLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(WorkSignal) private readonly signal: WorkSignal) {}

  onApplicationBootstrap(): Promise<void> {
    return this.signal.start();
  }

  /** After the loops stopped (they stop when their modules are destroyed). */
  onApplicationShutdown(): Promise<void> {
    return this.signal.stop();
  }
}

/** The process's one `WorkSignal`, listening on its own connection to `url`. */
@Global()
@Module({})
export class DurableWorkModule {
  static forRoot(options: { url: string; applicationName: string }): DynamicModule {
    return {
      module: DurableWorkModule,
      providers: [
        {
          provide: WorkSignal,
          inject: [HubLogger],
          useFactory: (logger: HubLogger) =>
            WorkSignal.forDatabase(options.url, options.applicationName, logger),
        },
        WorkSignalLifecycle,
      ],
      exports: [WorkSignal],
    };
  }
}
