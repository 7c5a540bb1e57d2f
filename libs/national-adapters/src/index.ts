export {
  BUSINESS_ADAPTER_OPTIONS,
  NationalAdaptersModule,
  PAYMENT_PLATFORM_OPTIONS,
  POPULATION_ADAPTER_OPTIONS,
  PORTAL_ADAPTER_OPTIONS,
  RESULTS_STORE_ADAPTER_OPTIONS,
} from './national-adapters.module';
export type {
  PaymentPlatformAsyncOptions,
  PortalAdapterAsyncOptions,
  RegistryAdapterAsyncOptions,
  ResultsStoreAdapterAsyncOptions,
} from './national-adapters.module';
export {
  checksumMatches,
  paymentChecksum,
  paymentMessageChecksum,
} from './payment/payment-checksum';
export {
  confirmAnswer,
  confirmRefusal,
  confirmRefusalCode,
  readConfirmAnswer,
  verifyConfirm,
} from './payment/payment-confirm';
export type {
  ConfirmAnswerReading,
  ConfirmRefusalReason,
  ConfirmVerification,
  ParsedConfirm,
  VerifyConfirmOptions,
} from './payment/payment-confirm';
export { fromPaymentTime, toPaymentTime } from './payment/payment-dates';
export {
  PaymentPlatformError,
  PaymentPlatformErrorCode,
  isTransientPaymentError,
} from './payment/payment-errors';
export type { PaymentPlatformErrorDetails } from './payment/payment-errors';
export { PAYMENT_DEFAULTS } from './payment/payment-options';
export type { PaymentBreakerOptions, PaymentPlatformOptions } from './payment/payment-options';
export { PaymentPlatformAdapter } from './payment/payment-platform-adapter';
export type { PaymentPlatformPort } from './payment/payment-platform-adapter';
export { paymentStartRequestSchema } from './payment/payment-types';
export type {
  PaymentStartOutcome,
  PaymentStartRequest,
  PaymentState,
} from './payment/payment-types';
export {
  CONFIRM_CODES,
  INIT_ANSWER_CODES,
  PAYMENT_CHECKSUM_FIELDS,
  PAYMENT_PATHS,
  PAYMENT_PROTOCOL_VERSION,
  PAYMENT_STATES,
  PaymentMessageType,
  QUERY_ANSWER_CODES,
  confirmMessageSchema,
  initMessageSchema,
  queryMessageSchema,
} from './payment/payment-wire';
export type {
  ConfirmAnswer,
  ConfirmMessage,
  InitMessage,
  PaymentChecksumKind,
  PaymentChecksummedMessage,
  QueryAnswer,
  QueryMessage,
} from './payment/payment-wire';
export { PortalAdapter } from './portal/portal-adapter';
export type {
  PortalCatalog,
  PortalCatalogOutcome,
  PortalDossierSnapshot,
  PortalLookupOutcome,
  PortalSyncOptions,
  PortalSyncPort,
} from './portal/portal-adapter';
export type { CatalogAgency, CatalogChannel, CatalogProcedure } from './portal/portal-catalog';
export { fromPortalDate, toPortalDate } from './portal/portal-dates';
export { PortalAdapterException, PortalErrorCode } from './portal/portal-errors';
export type {
  PortalBreakerOpen,
  PortalFailure,
  PortalRejected,
  PortalSyncFailure,
  PortalSyncOutcome,
  PortalSynced,
  PortalTransient,
} from './portal/portal-errors';
export {
  SYSTEM_OFFICIAL,
  applyCaseEvent,
  buildDossier,
  buildProgressEntry,
} from './portal/portal-mapping';
export { PORTAL_DEFAULTS } from './portal/portal-options';
export type {
  PortalAdapterOptions,
  PortalBreakerOptions,
  PortalBreakerState,
} from './portal/portal-options';
export {
  classifyPortalReply,
  classifyTransportError,
  isSuccessCode,
  parseRetryAfter,
  portalIdempotencyKey,
} from './portal/portal-protocol';
export type { PortalAnswer, PortalHttpReply, PortalReply } from './portal/portal-protocol';
export { PortalService, portalStatusCodes } from './portal/portal-wire';
export type {
  PortalDossier,
  PortalFee,
  PortalIdentity,
  PortalProgressEntry,
  PortalResultDocument,
  PortalServiceName,
  PortalSubmittedDocument,
  PortalSupplementRequest,
} from './portal/portal-wire';
export { ResultsStoreAdapter } from './results-store/results-store-adapter';
export {
  ResultsStoreError,
  ResultsStoreErrorCode,
  isTransientResultsStoreError,
} from './results-store/results-store-errors';
export type { ResultsStoreErrorDetails } from './results-store/results-store-errors';
export { RESULTS_STORE_DEFAULTS } from './results-store/results-store-options';
export type {
  ResultsStoreAdapterOptions,
  ResultsStoreBreakerOptions,
} from './results-store/results-store-options';
export type {
  NationalResult,
  ResultLookupInput,
  ResultRegistrationInput,
  ResultRegistrationOutcome,
  ResultsStoreBreakerState,
  ResultsStorePort,
} from './results-store/results-store-types';
export { BusinessAdapter } from './registries/business-adapter';
export type { EnterpriseLookupPort } from './registries/business-adapter';
export { PopulationAdapter } from './registries/population-adapter';
export type { CitizenLookupPort } from './registries/population-adapter';
export {
  RegistryError,
  RegistryErrorCode,
  isTransientRegistryError,
} from './registries/registry-errors';
export type { RegistryErrorDetails } from './registries/registry-errors';
export { REGISTRY_DEFAULTS } from './registries/registry-options';
export type { RegistryAdapterOptions, RegistryBreakerOptions } from './registries/registry-options';
export type {
  CitizenGender,
  CitizenMaritalStatus,
  CitizenRecord,
  EnterpriseRecord,
  HubAddress,
  RegistryBreakerState,
  RegistryLookupContext,
  RegistryLookupResult,
  RegistryName,
} from './registries/registry-types';
