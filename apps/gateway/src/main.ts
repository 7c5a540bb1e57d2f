import './tracing';
import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { connectKafkaConsumers, consumerHealthSpec, consumerTimings } from '@hub/messaging';
import { startHttpApp } from '@hub/observability';
import { loadGatewayConfig } from './config';
import { GatewayModule } from './gateway.module';
import { TRANSIENT_CODES } from './gateway.errors';
import { DeadLetterPublisher } from './inbound/dead-letter.publisher';

void startHttpApp({
  service: 'gateway',
  // The consumer's health bound is read beside the app's own variables, with the same checks.
  config: () => ({ ...loadGatewayConfig(), ...loadConfig(consumerHealthSpec) }),
  listen: (c) => ({ port: c.GATEWAY_PORT, host: c.GATEWAY_HOST }),
  module: (c, logger) => GatewayModule.forRoot(c, logger),
  bodyParser: false,
  consumers: (app, c) => {
    if (!c.INBOUND_ENABLED) return;
    connectKafkaConsumers(app, {
      consumer: { groupId: c.INBOUND_GROUP_ID, fromBeginning: true, ...consumerTimings(c) },
      // HTTP intake must not depend on Kafka: the consumer's state is shown, not gating.
      health: { name: 'inbound-consumer', gatesReadiness: false },
      deadLetterSink: DeadLetterPublisher,
      // The intake's own "Postgres unavailable" verdict (TransientIntakeError) retries the batch.
      transientCodes: [...TRANSIENT_CODES],
    });
  },
});
