// Test infrastructure for every spec in the repo, and the dev stack's building blocks. A leaf:
// node and npm packages only, never an app or a production lib (the boundary check enforces it).
export { KAFKA_IMAGE, parseBrokerList, parseMockBootstrap, startKafka } from './kafka';
export type { KafkaHandle, KafkaKind, KafkaOptions } from './kafka';
export { LogEcho, lastLines } from './log-file';
export { freePort, isPortFree, waitUntil } from './net';
export { POSTGRES_IMAGE, startPostgres } from './postgres';
export type { PostgresHandle, PostgresKind, PostgresOptions } from './postgres';
export { isAlive, startAndKillChild, waitForExit } from './process-helpers';
export {
  MALFORMED_PERSONAL_IDS,
  existingPersonalId,
  missingPersonalId,
  yearOnlyPersonalId,
} from './registry-fixtures/citizens';
export type { IdOptions } from './registry-fixtures/citizens';
export {
  MALFORMED_ENTERPRISE_CODES,
  enterpriseCode,
  missingUnitCode,
  unitCode,
} from './registry-fixtures/enterprises';
export type { EnterpriseFate } from './registry-fixtures/enterprises';
export { repoRoot } from './repo-root';
export { TestInfraError, TestInfraErrorCode } from './test-infra.error';
export type { Json, Same } from './type-checks';
export { sleep, waitFor } from './wait';
export { WatchedProcess, describeExit } from './watchdog';
export type { ExitInfo, StdioTarget, WatchedSpec } from './watchdog';
