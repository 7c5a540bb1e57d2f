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
export type { BatchDisposition, RecordFieldError } from './transport/batch-failure';
export {
  connectKafkaConsumers,
  consumerHealthSpec,
  consumerTimings,
} from './transport/connect-kafka-consumers';
export type {
  ConsumerTimingsConfig,
  KafkaConsumersOptions,
  KafkaDeadLetterSink,
} from './transport/connect-kafka-consumers';
export { HubKafkaServer } from './transport/hub-kafka.server';
export type { DeadLetterSink, HubKafkaServerOptions } from './transport/hub-kafka.server';
export { KafkaBatchContext } from './transport/kafka-batch.context';
export {
  KafkaBatchExceptionFilter,
  isTransientCode,
} from './transport/kafka-batch-exception.filter';
export type { FailureRules } from './transport/kafka-batch-exception.filter';
export {
  DeadLetterTopicSink,
  deadLetterEventOf,
  publishDeadLetters,
} from './dead-letters/dead-letter-topic.publisher';
export type { DeadLetterOf } from './dead-letters/dead-letter-topic.publisher';
export { maskPersonalIdentifiers } from './dead-letters/personal-identifiers';
export { ReadableRecordsPipe } from './transport/readable-records.pipe';
export type { RecordReader, RecordReading } from './transport/readable-records.pipe';
export {
  UNREADABLE_CASE_EVENT,
  readCaseEventRecord,
  readableCaseEvents,
} from './transport/case-event-records';
export type { CaseEventRecord } from './transport/case-event-records';
