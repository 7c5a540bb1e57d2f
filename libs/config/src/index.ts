export { ConfigError, env, loadConfig, variable } from './config';
export type { ConfigOf, ConfigSpec, ConfigVariable } from './config';
