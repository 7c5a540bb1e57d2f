export { ClaimLoop } from './claim-loop';
export type { ClaimLoopSpec } from './claim-loop';
export { DurableWorkModule } from './durable-work.module';
export { PollCadence } from './poll-cadence';
export type { PollCadenceOptions } from './poll-cadence';
export { WakeablePause } from './wakeable-pause';
export { WorkSignal, workChannel } from './work-signal';
export type { ListeningConnection, WorkSignalOptions } from './work-signal';
