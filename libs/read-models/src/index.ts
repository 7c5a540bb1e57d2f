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
