import './tracing';
import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { connectKafkaConsumers, consumerHealthSpec, consumerTimings } from '@hub/messaging';
import { startHttpApp } from '@hub/observability';
import { loadPortalSyncConfig } from './config';
import { PortalSyncModule } from './portal-sync.module';

void startHttpApp({
  service: 'portal-sync',
  // The consumer's health bound is read beside the app's own variables, with the same checks.
  config: () => ({ ...loadPortalSyncConfig(), ...loadConfig(consumerHealthSpec) }),
  listen: (c) => ({ port: c.PORTAL_SYNC_PORT, host: c.PORTAL_SYNC_HOST }),
  module: (c, logger) => PortalSyncModule.forRoot(c, logger),
  consumers: (app, c) =>
    connectKafkaConsumers(app, {
      consumer: { groupId: c.KAFKA_GROUP_ID, fromBeginning: true, ...consumerTimings(c) },
      health: { name: 'kafka-consumer', gatesReadiness: true },
    }),
});
