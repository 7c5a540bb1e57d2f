import 'reflect-metadata';
import { connectKafkaConsumers, consumerTimings } from '@hub/messaging';
import { startHttpApp } from '@hub/observability';
import { loadOnceOnlyConfig } from './config';
import { OnceOnlyModule } from './once-only.module';

void startHttpApp({
  service: 'once-only',
  config: loadOnceOnlyConfig,
  listen: (c) => ({ port: c.ONCE_ONLY_PORT, host: c.ONCE_ONLY_HOST }),
  module: (c, logger) => OnceOnlyModule.forRoot(c, logger),
  consumers: (app, c) =>
    connectKafkaConsumers(app, {
      consumer: { groupId: c.KAFKA_GROUP_ID, fromBeginning: true, ...consumerTimings(c) },
      health: { name: 'kafka-consumer', gatesReadiness: true },
    }),
});
