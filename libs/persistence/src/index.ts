export { createDataSource, entities, migrations, runMigrations } from './data-source';
export type { DataSourceOptions } from './data-source';
export { CaseEventRecord } from './entities/case-event.entity';
export { AdminAuditRecord } from './entities/admin-audit.entity';
export { CaseRecord } from './entities/case.entity';
export { DepartmentKeyRecord } from './entities/department-key.entity';
export { OutboxMessageRecord } from './entities/outbox-message.entity';
export { PortalSyncJobRecord, syncJobStates } from './entities/portal-sync-job.entity';
export type { SyncJobState } from './entities/portal-sync-job.entity';
export { OUTBOX_LANES, enqueueOutbox, outboxLane, outboxRows } from './outbox';
export type { OutboxMessage, StoredOutboxMessage } from './outbox';
export { PersistenceModule } from './persistence.module';
export { OutboxRelayRepository } from './repositories/outbox-relay.repository';
export { PortalSyncJobRepository } from './repositories/portal-sync-job.repository';
export { NationalAdapterStateRepository } from './repositories/national-adapter-state.repository';
export type {
  BreakerState,
  NationalAdapterInstanceState,
} from './repositories/national-adapter-state.repository';
export type {
  DeadLetter,
  DeadLetterFilter,
  DepartmentSyncCounts,
  HeldCase,
  NewSyncJob,
  SyncAttemptRecord,
  SyncCounts,
  SyncJobResult,
} from './repositories/portal-sync-job.repository';
export { ReconciliationRecord, reconciliationStates } from './entities/reconciliation.entity';
export type { ReconciliationState, ReconciliationTrigger } from './entities/reconciliation.entity';
export { ReconciliationRepository } from './repositories/reconciliation.repository';
export type {
  CaseSyncJob,
  DossierCheck,
  DossierCheckResult,
  DossierDifference,
  Reconciliation,
  ReconciliationReport,
} from './repositories/reconciliation.repository';
export { queryPrepared, queryRows } from './query';
export type { Queryable } from './query';
export { isDatabaseUnavailable } from './errors';
export { BreakerStateReporter } from './breaker-state-reporter';
export type { BreakerSource } from './breaker-state-reporter';
export { analyzeIfStale } from './table-statistics';
