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
