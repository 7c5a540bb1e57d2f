export { createDataSource, migrationFiles, runMigrations } from './data-source';
export type { DataSourceOptions } from './data-source';
export { OUTBOX_LANES, enqueueOutbox, outboxColumns, outboxInsert, outboxLane } from './outbox';
export type { OutboxMessage, StoredOutboxMessage } from './outbox';
export { PersistenceModule } from './persistence.module';
export { OutboxRelayRepository } from './repositories/outbox-relay.repository';
export { NationalAdapterStateRepository } from './repositories/national-adapter-state.repository';
export type {
  BreakerState,
  NationalAdapterInstanceState,
  NationalCallCounts,
} from './repositories/national-adapter-state.repository';
export { queryPrepared, queryRows } from './query';
export type { Queryable } from './query';
export { isDatabaseUnavailable } from './errors';
export { BreakerStateReporter } from './breaker-state-reporter';
export type { BreakerSource } from './breaker-state-reporter';
export { analyzeIfStale } from './table-statistics';
export { withAdvisoryLock } from './advisory-lock';
export { LockedRunLoop } from './locked-run-loop';
export type { LockedRunLoopSpec } from './locked-run-loop';
