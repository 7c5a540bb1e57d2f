export { ApiKeyring, KeyringConfigError, bearerToken } from './keyring';
