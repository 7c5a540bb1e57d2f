export { registryProfilesOptions, registryProfileVariables } from './config';
export type { RegistryProfileConfig } from './config';
export { ageSeconds, isFresh, retryDelayMs } from './freshness';
export { ProfileResolver } from './profile-resolver';
export type {
  ProfileResolverOptions,
  ResolveContext,
  Resolution,
  Subject,
} from './profile-resolver';
export { RegistryProfilesModule } from './registry-profiles.module';
export type { RegistryProfilesOptions } from './registry-profiles.module';
export { AccessLogRepository } from './repositories/access-log.repository';
export type { AccessLogEntry, AccessRecord } from './repositories/access-log.repository';
export { LookupTaskRepository } from './repositories/lookup-task.repository';
export type {
  LookupCompletion,
  LookupOutcome,
  LookupTask,
  ProtectedSubject,
  ReceivedCase,
} from './repositories/lookup-task.repository';
export { ProfileRepository } from './repositories/profile.repository';
export type { ProfileStatus, StoredProfile } from './repositories/profile.repository';
export { ReusableResultRepository } from './repositories/reusable-result.repository';
export type { NewReusableResult, ReusableResult } from './repositories/reusable-result.repository';
export { ReuseKpiRepository } from './repositories/reuse-kpi.repository';
export type { DepartmentReuse } from './repositories/reuse-kpi.repository';
export { SubjectProtector, base64KeyProblem } from './subject-protector';
export type { SubjectKind } from './subject-protector';
export {
  compareDeclared,
  flagsOf,
  normaliseText,
  registryOf,
  sameAddress,
  sameDate,
  verifiedFieldsOf,
} from './verified-fields';
export type {
  ComparisonResult,
  DeclaredFields,
  FieldComparison,
  VerifiedField,
  VerifiedRecord,
} from './verified-fields';
