import './tracing';
import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { connectKafkaConsumers, consumerHealthSpec, consumerTimings } from '@hub/messaging';
import { startHttpApp } from '@hub/observability';
import { loadOnceOnlyConfig } from './config';
import { OnceOnlyModule } from './once-only.module';

void startHttpApp({
  service: 'once-only',
  // The consumer's health bound is read beside the app's own variables, with the same checks.
  config: () => ({ ...loadOnceOnlyConfig(), ...loadConfig(consumerHealthSpec) }),
  listen: (c) => ({ port: c.ONCE_ONLY_PORT, host: c.ONCE_ONLY_HOST }),
  module: (c, logger) => OnceOnlyModule.forRoot(c, logger),
  consumers: (app, c) =>
    connectKafkaConsumers(app, {
      consumer: { groupId: c.KAFKA_GROUP_ID, fromBeginning: true, ...consumerTimings(c) },
      health: { name: 'kafka-consumer', gatesReadiness: true },
    }),
});
