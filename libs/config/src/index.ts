export { ConfigError, env, loadConfig, sharedVariables, variable } from './config';
export type { ConfigOf, ConfigSpec, ConfigVariable } from './config';
