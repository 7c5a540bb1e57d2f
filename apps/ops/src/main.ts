import './tracing';
import 'reflect-metadata';
import { loadConfig } from '@hub/config';
import { connectKafkaConsumers, consumerHealthSpec, consumerTimings } from '@hub/messaging';
import { startHttpApp } from '@hub/observability';
import { loadOpsConfig } from './config';
import { LogOnlyDeadLetterSink } from './intake-dead-letters/dead-letters-topic.controller';
import { OpsModule } from './ops.module';

void startHttpApp({
  service: 'ops',
  config: () => ({ ...loadOpsConfig(), ...loadConfig(consumerHealthSpec) }),
  listen: (c) => ({ port: c.OPS_PORT, host: c.OPS_HOST }),
  module: (c, logger) => OpsModule.forRoot(c, logger),
  consumers: (app, c) => {
    if (!c.OPS_DEAD_LETTERS_ENABLED) return;
    connectKafkaConsumers(app, {
      consumer: {
        groupId: c.OPS_DEAD_LETTERS_GROUP_ID,
        fromBeginning: true,
        ...consumerTimings(c),
      },
      // The console must work without Kafka: the consumer's state is shown, not gating.
      health: { name: 'dead-letters-consumer', gatesReadiness: false },
      // Never back onto the topic this group reads.
      deadLetterSink: LogOnlyDeadLetterSink,
    });
  },
});
