import { DataSource } from 'typeorm';
import { AdminAuditRecord } from './entities/admin-audit.entity';
import { CaseEventRecord } from './entities/case-event.entity';
import { CaseRecord } from './entities/case.entity';
import { DepartmentKeyRecord } from './entities/department-key.entity';
import { OutboxMessageRecord } from './entities/outbox-message.entity';
import { PortalSyncJobRecord } from './entities/portal-sync-job.entity';
import { ReconciliationRecord } from './entities/reconciliation.entity';
import { CorePath1764000000000 } from './migrations/1764000000000-core-path';
import { OnceOnly1765100000000 } from './migrations/1765100000000-once-only';
import { Reconciliation1765200000000 } from './migrations/1765200000000-reconciliation';
import { OpsConsole1765250000000 } from './migrations/1765250000000-ops-console';
import { DepartmentKeys1765300000000 } from './migrations/1765300000000-department-keys';
import { Webhooks1765400000000 } from './migrations/1765400000000-webhooks';
import { SyncJobReadiness1765500000000 } from './migrations/1765500000000-sync-job-readiness';
import { ReuseLookup1765510000000 } from './migrations/1765510000000-reuse-lookup';
import { SyncCounts1765600000000 } from './migrations/1765600000000-sync-counts';
import { WorkNotifications1765700000000 } from './migrations/1765700000000-work-notifications';
import { WorkWaiters1765710000000 } from './migrations/1765710000000-work-waiters';
import { PortalSyncReadModel1765720000000 } from './migrations/1765720000000-portal-sync-read-model';

export const entities = [
  CaseRecord,
  CaseEventRecord,
  OutboxMessageRecord,
  PortalSyncJobRecord,
  DepartmentKeyRecord,
  AdminAuditRecord,
  ReconciliationRecord,
];
export const migrations = [
  CorePath1764000000000,
  OnceOnly1765100000000,
  Reconciliation1765200000000,
  OpsConsole1765250000000,
  DepartmentKeys1765300000000,
  Webhooks1765400000000,
  SyncJobReadiness1765500000000,
  ReuseLookup1765510000000,
  SyncCounts1765600000000,
  WorkNotifications1765700000000,
  WorkWaiters1765710000000,
  PortalSyncReadModel1765720000000,
];

export interface DataSourceOptions {
  url: string;
  applicationName: string;
  poolSize?: number;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities,
    migrations,
    migrationsTableName: 'hub_migrations',
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      // Fail fast rather than hang a request when the pool is exhausted or Postgres is gone.
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
    },
  });
}

/** Arbitrary but fixed: serialises concurrent migration runs (several replicas starting at once). */
const MIGRATION_LOCK = 7_264_501;

export async function runMigrations(url: string): Promise<void> {
  const ds = createDataSource({ url, applicationName: 'hub-migrations', poolSize: 2 });
  await ds.initialize();
  try {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  } finally {
    await ds.destroy();
  }
}

/** True when every migration the code knows has been applied. Apps refuse to start otherwise. */
export async function pendingMigrations(ds: DataSource): Promise<boolean> {
  return ds.showMigrations();
}
