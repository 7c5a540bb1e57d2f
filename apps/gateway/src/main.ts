import 'reflect-metadata';
import { connectKafkaConsumers, consumerTimings } from '@hub/messaging';
import { startHttpApp } from '@hub/observability';
import { loadGatewayConfig } from './config';
import { GatewayModule } from './gateway.module';
import { DeadLetterPublisher } from './inbound/dead-letter.publisher';

void startHttpApp({
  service: 'gateway',
  config: loadGatewayConfig,
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
    });
  },
});
