export {
  caseEventTypes,
  caseEventV1,
  caseOrder,
  departmentOfSource,
  eventSchemas,
  sourceOfDepartment,
  sourcePattern,
} from './envelope';
export type { CaseEvent, CaseEventInput, CaseEventOf, CaseEventType } from './envelope';
export { CASE_RECEIVED, applicantKinds, caseReceivedV1, intakeChannels } from './events/case-received.v1';
export type { Applicant, CaseReceivedV1 } from './events/case-received.v1';
export { CASE_STATUS_CHANGED, caseStatusChangedV1, caseStatuses } from './events/case-status-changed.v1';
export type { CaseStatus, CaseStatusChangedV1 } from './events/case-status-changed.v1';
export { CASE_RESULT_ISSUED, caseResultIssuedV1 } from './events/case-result-issued.v1';
export type { CaseResultIssuedV1 } from './events/case-result-issued.v1';
export { PAYMENT_COMPLETED, paymentCompletedV1, paymentMethods } from './events/payment-completed.v1';
export type { PaymentCompletedV1 } from './events/payment-completed.v1';
export { formatPath, toViolations } from './issues';
export type { ContractViolation } from './issues';
export { parseCaseEvent, readCaseEvent } from './parse';
export type { ParseResult } from './parse';
export {
  CASE_CODE_PATTERN,
  STORABLE,
  caseCode,
  departmentCode,
  enterpriseCode,
  personalId,
  unstorableString,
} from './primitives';
export { SYNC_OUTCOME, SYNC_OUTCOME_SOURCE, syncOutcomeV1, syncOutcomes } from './sync-outcome.v1';
export type { SyncOutcomeEvent, SyncOutcomeKind } from './sync-outcome.v1';
export {
  PROFILE_EVENTS_SOURCE,
  PROFILE_MISMATCH,
  PROFILE_VERIFIED,
  RESULT_REGISTERED,
  profileEventSchemas,
  profileMismatchV1,
  profileVerifiedV1,
  registries,
  resultRegisteredV1,
  subjectKinds,
} from './profile-events.v1';
export type {
  ProfileEvent,
  ProfileEventType,
  ProfileMismatchEvent,
  ProfileVerifiedEvent,
  ResultRegisteredEvent,
} from './profile-events.v1';
export {
  DEAD_LETTER,
  DEAD_LETTER_SOURCE,
  deadLetterId,
  deadLetterOriginalV1,
  deadLetterReasonV1,
  deadLetterV1,
} from './dead-letter.v1';
export type { DeadLetterEvent, DeadLetterReason } from './dead-letter.v1';
export { topics } from './topics';
export type { HubTopic } from './topics';
export { exampleCase } from './examples';
export type { ExampleCase, ExampleCaseOptions } from './examples';
export { exampleDeadLetters, exampleProfileEvents, exampleSyncOutcomes } from './examples';
export { DEFAULT_PARTITIONS, topicCatalog } from './catalog/topic-catalog';
export type {
  ConsumerGroupContract,
  ExtraHeader,
  MessageContract,
  TopicContract,
} from './catalog/topic-catalog';
export { breakingChanges } from './compat/schema-diff';
export type { BreakingChange, BreakingFor } from './compat/schema-diff';
export { CONTRACTS_VERSION } from './contracts-version';
export type { JsonSchema } from './catalog/json-schema';
export { httpApis, openApiFor } from './http/apis';
export { openApiDocument } from './http/openapi';
export { commonRoutes, fieldErrorSchema, problemSchema } from './http/common';
export {
  acceptedEventsSchema,
  accessLogEntrySchema,
  adminAuditEntrySchema,
  casePaymentSchema,
  caseViewSchema,
  createDepartmentKeyBodySchema,
  departmentKeyViewSchema,
  issuedDepartmentKeySchema,
  paymentConfirmAnswerSchema,
  paymentConfirmBodySchema,
  paymentStates,
  prefillViewSchema,
  reuseOverrideBodySchema,
  reuseOverrideSchema,
  revokeDepartmentKeyBodySchema,
  rotateDepartmentKeyBodySchema,
  rotatedDepartmentKeySchema,
  startPaymentBodySchema,
  startedPaymentSchema,
  updateDepartmentKeyBodySchema,
} from './http/gateway.api';
export {
  bulkReplayResultSchema,
  caseTimelineSchema,
  catalogAgenciesSchema,
  catalogProcedureOneSchema,
  catalogProcedurePageSchema,
  catalogRefreshSchema,
  consoleSettingsSchema,
  deadLetterSchema,
  heldCaseSchema,
  nationalAdapterStatusSchema,
  procedureSyncRowSchema,
  reconciliationSchema,
  reuseKpisSchema,
  scorecardSchema,
  indicatorKeySchema,
  indicatorReportSummarySchema,
  indicatorReportSchema,
  syncHistorySchema,
  syncSummarySchema,
  nationalHistorySchema,
  seriesQuerySchema,
  seriesRanges,
  syncSeriesSchema,
  syncTrendSchema,
  webhookSubscriptionHealthSchema,
  intakeDeadLetterSchema,
  indicatorTrendSchema,
} from './http/ops.api';
export {
  createSubscriptionBodySchema,
  createdSubscriptionSchema,
  deliverySchema,
  subscriptionAuditEntrySchema,
  subscriptionSchema,
} from './http/webhooks.api';
export { componentRef } from './http/route-catalog';
export type {
  HttpApiContract,
  HttpMethod,
  ResponseContract,
  RouteContract,
  SchemaSource,
} from './http/route-catalog';
