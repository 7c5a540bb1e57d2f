export { PortalSyncJobRecord } from './portal-sync-job.record';
export type { SyncJobState } from './portal-sync-job.record';
export { PortalSyncJobRepository, type SweepPosition } from './portal-sync-job.repository';
export type { NewSyncJob, SyncAttemptRecord, SyncJobResult } from './portal-sync-job.repository';
export { ReconciliationRepository } from './reconciliation.repository';
export type { CaseSyncJob, ReconciliationReport } from './reconciliation.repository';
export { CatalogRefused, CatalogRepository } from './catalog.repository';
export type { CatalogChanges } from './catalog.repository';
