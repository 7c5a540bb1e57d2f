export { createMockApp, runMock } from './bootstrap';
export type { MockMain } from './bootstrap';
export {
  FAULT_MODES,
  FAULT_STATUSES,
  UNKNOWN_FIELD,
  baseFaultFields,
  issuesOf,
} from './faults/fault-config';
export type { FaultConfig, FaultMode, FaultStatus } from './faults/fault-config';
export { FaultService } from './faults/fault.service';
export type { FaultDecision, FaultFailure } from './faults/fault.service';
export { LOOKUP_OUTCOMES } from './lookups/lookup-outcome';
export type { LookupOutcome } from './lookups/lookup-outcome';
export { LookupRecorder, stringField } from './lookups/lookup-recorder';
export { MockKitModule } from './mock-kit.module';
export { MockKitProblemCode, invalidRequest } from './mock-kit.problems';
export type { MockRecordsOptions, MockRegistryOptions } from './mock-registry.options';
export { RecordStore } from './records/record-store';
export { CLOCK } from './runtime';
export type { Clock, MockRuntime, RandomSource, Sleep } from './runtime';
export type { LookupRecord, RegistryStats } from './state/registry-state.service';
