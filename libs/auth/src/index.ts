export { ApiKeyAuthModule } from './api-key-auth.module';
export type { DepartmentAuthOptions } from './api-key-auth.module';
export { ApiKeyGuard, RateLimiting } from './api-key.guard';
export type { AuthenticatedRequest } from './api-key.guard';
export { ADMIN_KEYRING, AdminKeyAuthModule, AdminKeyGuard } from './admin-key.guard';
export {
  DEPARTMENT_KEY_PREFIX,
  departmentKeyState,
  generateDepartmentKey,
  hashDepartmentKey,
  keyPrefix,
  parseDepartmentKey,
  rotatedKeyExpiry,
  sameHash,
} from './department-key';
export type { DepartmentKeyState, NewDepartmentKey } from './department-key';
export {
  DEPARTMENT_KEY_STORE,
  DepartmentKeyVerifier,
  KeyStoreUnavailableError,
} from './department-key-verifier';
export type {
  DepartmentKeyStore,
  StoredDepartmentKey,
  VerifiedDepartmentKey,
  VerifierOptions,
} from './department-key-verifier';
export { ApiKeyring, KeyringConfigError, bearerToken, keyIdOf, keyListProblem } from './keyring';
export { RateLimitPolicy, TokenBucketLimiter } from './token-bucket';
export type { RateLimit, RateLimitDecision } from './token-bucket';
