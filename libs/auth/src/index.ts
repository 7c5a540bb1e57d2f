export { ApiKeyAuthModule } from './api-key-auth.module';
export { ApiKeyGuard } from './api-key.guard';
export type { AuthenticatedRequest } from './api-key.guard';
export { ApiKeyring, KeyringConfigError, bearerToken, keyIdOf, keyListProblem } from './keyring';
