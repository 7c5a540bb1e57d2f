export { CloudEventDecodeError, fromBinaryRecord, toBinaryRecord } from './cloudevents-binary';
export type { KafkaRecord, StructuredCloudEvent } from './cloudevents-binary';
export { HubConsumer, KafkaConnection } from './kafka';
export type {
  ConsumedRecord,
  ConsumerOptions,
  KafkaConnectionOptions,
  OutgoingRecord,
} from './kafka';
export { MessagingModule } from './messaging.module';
export type { MessagingOptions } from './messaging.module';
export { BatchFailure } from './transport/batch-failure';
export type { BatchDisposition } from './transport/batch-failure';
export { connectKafkaConsumers, consumerTimings } from './transport/connect-kafka-consumers';
export type {
  ConsumerTimingsConfig,
  KafkaConsumersOptions,
  KafkaDeadLetterSink,
} from './transport/connect-kafka-consumers';
export { HubKafkaServer } from './transport/hub-kafka.server';
export type { DeadLetterSink, HubKafkaServerOptions } from './transport/hub-kafka.server';
export { KafkaBatchContext } from './transport/kafka-batch.context';
export { KafkaBatchExceptionFilter } from './transport/kafka-batch-exception.filter';
