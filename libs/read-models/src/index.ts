export { SyncStatusReader, toReconciliation } from './sync-status';
export type {
  DeadLetter,
  DeadLetterFilter,
  DossierCheck,
  DossierCheckResult,
  DossierDifference,
  DepartmentSyncCounts,
  HeldCase,
  Reconciliation,
  ReconciliationState,
  ReconciliationTrigger,
  ReplayOutcome,
  SyncCounts,
} from './sync-status';
export { ProcedureCatalogReader, toCatalogRefresh } from './procedure-catalog';
export type {
  CatalogRefresh,
  CatalogRefreshState,
  ProcedureFilter,
  StoredAgency,
  StoredProcedure,
} from './procedure-catalog';
export { WebhookHealthReader } from './webhook-health';
export type { WebhookSubscriptionHealth, WebhookSubscriptionState } from './webhook-health';
