export { backoffMs } from './backoff';
export type { BackoffPolicy } from './backoff';
