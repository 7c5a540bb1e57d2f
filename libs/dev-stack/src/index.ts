// The dev stack: `npm start`, the bench and the e2e harness. Test infrastructure (brokers,
// databases, the watchdog, ports, waiting) lives in @hub/testing.
export { AppProcess, spawnApp } from './app-process';
export type { AppSpec } from './app-process';
export { APP_NAMES, APP_PORTS, isAppName } from './apps';
export type { AppName } from './apps';
export { DevStackError, DevStackErrorCode } from './dev-stack.error';
export {
  DEMO_ADMIN_KEYS,
  DEMO_API_KEYS,
  DEMO_AUDITOR_KEYS,
  DEMO_OPS_KEYS,
  DEMO_PII_KEYS,
  DEMO_WEBHOOK_ALLOWED_TARGETS,
  MOCK_REGISTRY_PATHS,
  parseKeyList,
  startStack,
} from './stack';
export type { Stack, StackOptions, StackTimings } from './stack';
