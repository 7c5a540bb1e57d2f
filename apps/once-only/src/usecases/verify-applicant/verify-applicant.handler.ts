import { Inject, Injectable } from '@nestjs/common';
import type { ProfileMismatchEvent, ProfileVerifiedEvent } from '@hub/contracts';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import {
  compareDeclared,
  type DeclaredFields,
  type LookupCompletion,
  type LookupTask,
  LookupTaskRepository,
  ProfileResolver,
  registryOf,
  type Resolution,
  retryDelayMs,
  SubjectProtector,
  verifiedFieldsOf,
} from '@hub/registry-profiles';
import { ONCE_ONLY_CONFIG, type OnceOnlyConfig } from '../../config';
import {
  envelopeOf,
  PROFILE_MISMATCH,
  PROFILE_VERIFIED,
  profileEventMessage,
} from '../../profile-events';

export type VerifyOutcome =
  'verified' | 'mismatch' | 'not-found' | 'failed' | 'retry-later' | 'lost-lease';

export type VerifyDecision =
  | { kind: 'complete'; completion: LookupCompletion }
  | { kind: 'retry'; nextAttemptAt: Date; errorCode: string };

/**
 * What a resolution means for a lookup task. Pure: the policy lives here. A registry that is
 * down means "later" (durably, with backoff), never "never"; a subject the registry does not
 * know is a final answer (not retried); a licence or authorisation refusal is a final failure
 * with its code, for an operator to fix.
 */
export function decide(
  task: LookupTask,
  declared: DeclaredFields,
  resolution: Resolution,
  retry: { baseMs: number; maxMs: number },
  now: number = Date.now(),
): VerifyDecision {
  const registry = registryOf(task.subjectKind);
  const access = (fields: string[], requestId?: string) => ({
    subjectHash: task.subjectHash,
    department: task.department,
    principal: 'once-only',
    purpose: task.caseCode,
    procedureCode: task.procedureCode,
    action: 'verify',
    fields,
    ...(requestId ? { requestId } : {}),
  });
  switch (resolution.kind) {
    case 'unavailable': {
      const delay = Math.max(
        retryDelayMs(task.attempts + 1, retry.baseMs, retry.maxMs),
        resolution.retryAfterMs ?? 0,
      );
      return {
        kind: 'retry',
        nextAttemptAt: new Date(now + delay),
        errorCode: 'REGISTRY_UNAVAILABLE',
      };
    }
    case 'refused':
      return {
        kind: 'complete',
        completion: { outcome: 'failed', errorCode: resolution.code, registry, outbox: [] },
      };
    case 'profile':
      break;
  }
  const profile = resolution.profile;
  if (profile.status === 'not_found' || !profile.verified) {
    return {
      kind: 'complete',
      completion: {
        outcome: 'not_found',
        errorCode: 'SUBJECT_NOT_FOUND',
        registry,
        requestId: profile.requestId,
        access: access([], profile.requestId),
        outbox: [],
      },
    };
  }
  const comparison = compareDeclared(declared, profile.verified);
  const verifiedFields = verifiedFieldsOf(profile.verified).map((f) => f.name);
  const enterpriseCode =
    profile.verified.kind === 'enterprise' ? profile.verified.record.enterpriseCode : undefined;
  const subject = {
    subjectKind: task.subjectKind,
    subjectRef: task.subjectHash,
    ...(enterpriseCode ? { enterpriseCode } : {}),
  };
  const verifiedEvent: ProfileVerifiedEvent = {
    ...envelopeOf(PROFILE_VERIFIED, `${task.eventId}#verified`, task.caseCode),
    data: {
      caseCode: task.caseCode,
      ...subject,
      registry: profile.registry,
      requestId: profile.requestId,
      fetchedAt: profile.fetchedAt.toISOString(),
      verifiedFields,
      matchedFields: comparison.matched,
      mismatchedFields: comparison.mismatched,
      flags: profile.flags,
    },
  };
  const outbox = [profileEventMessage(verifiedEvent)];
  if (comparison.mismatched.length > 0) {
    const mismatch: ProfileMismatchEvent = {
      ...envelopeOf(PROFILE_MISMATCH, `${task.eventId}#mismatch`, task.caseCode),
      data: {
        caseCode: task.caseCode,
        ...subject,
        registry: profile.registry,
        requestId: profile.requestId,
        fields: comparison.mismatched,
      },
    };
    outbox.push(profileEventMessage(mismatch));
  }
  return {
    kind: 'complete',
    completion: {
      outcome: comparison.mismatched.length > 0 ? 'mismatch' : 'verified',
      registry,
      requestId: profile.requestId,
      comparison,
      verifiedFieldCount: verifiedFields.length,
      access: access(comparison.declared, profile.requestId),
      outbox,
    },
  };
}

/** Verifies the applicant of one claimed lookup task and records the outcome. */
@Injectable()
export class VerifyApplicantHandler {
  private readonly outcomes;

  constructor(
    @Inject(LookupTaskRepository) private readonly lookups: LookupTaskRepository,
    @Inject(ProfileResolver) private readonly resolver: ProfileResolver,
    @Inject(SubjectProtector) private readonly protector: SubjectProtector,
    @Inject(ONCE_ONLY_CONFIG) private readonly config: OnceOnlyConfig,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.outcomes = metrics.counter('hub_profile_verifications_total', 'Lookup task outcomes', [
      'registry',
      'outcome',
    ] as const);
  }

  async execute(task: LookupTask, worker: string): Promise<VerifyOutcome> {
    const registry = registryOf(task.subjectKind);
    const id = this.protector.decrypt(task.subjectEnc);
    const declared = this.protector.decryptJson<DeclaredFields>(task.declaredEnc);
    const resolution = await this.resolver.resolve(
      { kind: task.subjectKind, id },
      { purpose: task.caseCode, serviceCode: task.procedureCode },
      { allowStale: false },
    );
    const decision = decide(task, declared, resolution, {
      baseMs: this.config.LOOKUP_RETRY_BASE_MS,
      maxMs: this.config.LOOKUP_RETRY_MAX_MS,
    });
    const ctx = { eventId: task.eventId, caseCode: task.caseCode, registry };
    if (decision.kind === 'retry') {
      await this.lookups.reschedule(task, worker, decision.nextAttemptAt, decision.errorCode);
      this.outcomes.inc({ registry, outcome: 'retry-later' });
      this.logger.event('warn', 'registry unavailable; lookup will be retried', {
        ...ctx,
        attempts: task.attempts + 1,
        nextAttemptAt: decision.nextAttemptAt.toISOString(),
      });
      return 'retry-later';
    }
    const recorded = await this.lookups.complete(task, worker, decision.completion);
    if (!recorded) return 'lost-lease';
    const c = decision.completion;
    const outcome: VerifyOutcome = c.outcome === 'not_found' ? 'not-found' : c.outcome;
    this.outcomes.inc({ registry, outcome });
    this.logger.event(c.outcome === 'failed' ? 'warn' : 'info', `applicant ${outcome}`, {
      ...ctx,
      ...(c.errorCode ? { errorCode: c.errorCode } : {}),
      ...(c.comparison ? { mismatchedFields: c.comparison.mismatched } : {}),
    });
    return outcome;
  }
}
