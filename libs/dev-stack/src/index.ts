// The dev stack: `npm start`, the bench and the e2e harness. Test infrastructure (brokers,
// databases, the watchdog, ports, waiting) lives in @hub/testing.
export { AppProcess, AppSupervisor, DEFAULT_RESTART_POLICY, spawnApp } from './app-process';
export type { AppSpec, RestartPolicy, SupervisorNotice } from './app-process';
export { APP_NAMES, APP_PORTS, PORT_OFFSET_ENV, isAppName, plannedPort } from './apps';
export type { AppName, PlannedPort } from './apps';
export { DevStackError, DevStackErrorCode } from './dev-stack.error';
export {
  DEMO_ADMIN_KEYS,
  DEMO_API_KEYS,
  DEMO_AUDITOR_KEYS,
  DEMO_OPS_KEYS,
  DEMO_PII_KEYS,
  DEMO_WEBHOOK_ALLOWED_TARGETS,
  KEY_VARIABLES,
  MOCK_PAYMENT,
  MOCK_REGISTRY_PATHS,
  MOCK_RESULTS_STORE_PATH,
  parseKeyList,
  resolveDepartments,
  resolveKeys,
  DEMO_DEPARTMENTS,
  startStack,
} from './stack';
export type { KeyVariable, Stack, StackOptions, StackTimings } from './stack';
