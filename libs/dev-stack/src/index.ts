export { AppProcess, spawnApp } from './app-process';
export type { AppSpec } from './app-process';
export { APP_NAMES, APP_PORTS, isAppName } from './apps';
export type { AppName } from './apps';
export { DevStackError, DevStackErrorCode } from './dev-stack.error';
export { KAFKA_IMAGE, parseBrokerList, parseMockBootstrap, startKafka } from './kafka';
export type { KafkaHandle, KafkaKind, KafkaOptions } from './kafka';
export { freePort, isPortFree } from './net';
export { POSTGRES_IMAGE, startPostgres } from './postgres';
export type { PostgresHandle, PostgresKind, PostgresOptions } from './postgres';
export { repoRoot } from './repo-root';
export {
  DEMO_API_KEYS,
  DEMO_AUDITOR_KEYS,
  DEMO_OPS_KEYS,
  DEMO_PII_KEYS,
  MOCK_REGISTRY_PATHS,
  parseKeyList,
  startStack,
} from './stack';
export type { Stack, StackOptions, StackTimings } from './stack';
export type { ExitInfo } from './watchdog';
export { sleep, waitFor } from './wait';
