import { z } from 'zod';
import { env, loadConfig, sharedVariables, variable, type ConfigOf } from '@hub/config';

const required = (what: string) => z.string().min(1, `is required (${what})`);

export const portalSyncConfigSpec = {
  PORTAL_SYNC_PORT: variable(env.port(3002), 'HTTP port for /health and /metrics'),
  PORTAL_SYNC_HOST: variable(z.string().default('127.0.0.1'), 'interface to listen on'),
  DATABASE_URL: sharedVariables.DATABASE_URL,
  DB_POOL_SIZE: variable(env.int(20, 2), 'Postgres connections in the pool'),
  KAFKA_BROKERS: sharedVariables.KAFKA_BROKERS,
  KAFKA_GROUP_ID: variable(
    z.string().default('hub-portal-sync'),
    'consumer group on hub.case-events.v1',
  ),
  KAFKA_SESSION_TIMEOUT_MS: variable(env.int(30_000, 1000), 'consumer group session timeout'),
  KAFKA_HEARTBEAT_MS: variable(env.int(3000, 100), 'consumer heartbeat interval'),
  KAFKA_MAX_WAIT_MS: variable(
    env.int(1000, 10),
    'longest a fetch waits for data (a broker answers at once when there is some; this only paces an idle consumer)',
  ),
  PORTAL_URL: variable(
    z.url('must be the portal endpoint URL'),
    'national portal (DVCQG) service endpoint',
  ),
  PORTAL_USERNAME: variable(required('portal account'), 'portal account user name'),
  PORTAL_PASSWORD: variable(required('portal account'), 'portal account password', {
    sensitive: true,
  }),
  PORTAL_AGENCY_CODE: variable(
    required('madonvi'),
    'agency code sent as madonvi, e.g. 000.00.01.H26',
  ),
  PORTAL_TIMEOUT_MS: variable(env.int(10_000, 100), 'per-call timeout to the portal'),
  BREAKER_RESET_MS: variable(
    env.int(10_000, 100),
    'how long the breaker stays open before a trial call',
  ),
  BREAKER_ERROR_PERCENT: variable(env.int(50, 1), 'failure percentage that opens the breaker'),
  BREAKER_VOLUME: variable(env.int(5, 1), 'calls in the window before the breaker may open'),
  // Each event takes two sequential portal writes (dossier, then progress) plus its claim and its
  // recorded outcome; the jobs in flight together share calls (50 dossiers, 10 progress entries a
  // call), so the portal's latency is paid per batch, not per event.
  SYNC_CONCURRENCY: variable(
    env.int(128, 1),
    'sync jobs in flight at once (one per case); those claimed together share portal calls',
  ),
  SYNC_LEASE_MS: variable(
    env.int(30_000, 1000),
    'how long a claimed job is reserved for this replica',
  ),
  SYNC_POLL_MS: variable(
    env.int(2000, 5),
    'pause when no job is due; a committed job wakes the worker at once (LISTEN/NOTIFY), so this is only the safety net for a missed notification and for jobs that fall due by the clock (retries, expired leases)',
  ),
  SYNC_BUSY_POLL_MS: variable(
    env.int(100, 5),
    'pause when no job is due but work flowed within the last second: the worker polls while work trickles in, because a wake-up per commit would cost every writer',
  ),
  SYNC_LINGER_MS: variable(
    env.int(10, 0),
    'pause after a claim that found fewer jobs than it could take, to claim trickling jobs together',
  ),
  SYNC_BACKFILL_INTERVAL_MS: variable(
    env.int(30_000, 100),
    'how often accepted events without a sync job are looked for',
  ),
  SYNC_READY_SWEEP_MS: variable(
    env.int(5000, 100),
    'how often waiting jobs whose previous sequence is synced but were never marked ready are looked for',
  ),
  SYNC_BACKFILL_AFTER_MS: variable(
    env.int(120_000, 0),
    'how long an accepted event may go without a sync job before one is made from Postgres',
  ),
  RECONCILE_INTERVAL_MS: variable(
    env.int(3_600_000, 0),
    'how often a scheduled reconciliation (portal read-back) is run; 0 = only on demand',
  ),
  RECONCILE_WINDOW_MS: variable(
    env.int(86_400_000, 1000),
    'a scheduled reconciliation checks the cases touched in this long a window before it',
  ),
  RECONCILE_POLL_MS: variable(
    env.int(5000, 100),
    'how often on-demand reconciliation requests (recorded by ops) are looked for',
  ),
  RECONCILE_REPAIR_TIMEOUT_MS: variable(
    env.int(120_000, 1000),
    'how long a run waits for its re-sends to sync before reporting them still failing',
  ),
  RECONCILE_MAX_CASES: variable(env.int(10_000, 1), 'most cases one reconciliation run checks'),
  RECONCILE_CONCURRENCY: variable(env.int(4, 1), 'portal read-backs in flight at once'),
  CATALOG_REFRESH_INTERVAL_MS: variable(
    env.int(21_600_000, 1000),
    'how often the procedure catalog is read again from the portal (LayDanhSachTTHC, LayThuTuc, LayDanhMucCoQuan)',
  ),
  CATALOG_RETRY_MS: variable(
    env.int(60_000, 100),
    'pause before a failed catalog refresh is tried again (the last good copy stays in use meanwhile)',
  ),
  CATALOG_POLL_MS: variable(
    env.int(5000, 100),
    'how often catalog refreshes (scheduled, or requested through ops) are looked for',
  ),
  RETRY_BASE_MS: variable(env.int(1000, 10), 'first retry delay after a transient failure'),
  RETRY_MAX_MS: variable(env.int(60_000, 100), 'cap of the exponential retry delay'),
  BREAKER_HEARTBEAT_MS: variable(
    env.int(5000, 100),
    'how often the portal breaker state is re-reported to Postgres for the ops console',
  ),
};

export type PortalSyncConfig = ConfigOf<typeof portalSyncConfigSpec>;
export const PORTAL_SYNC_CONFIG = Symbol('PORTAL_SYNC_CONFIG');
export const loadPortalSyncConfig = (): PortalSyncConfig => loadConfig(portalSyncConfigSpec);
