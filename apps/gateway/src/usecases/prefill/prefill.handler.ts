import { Inject, Injectable } from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import {
  AccessLogRepository,
  ageSeconds,
  ProfileResolver,
  requiredDocumentsOf,
  type ReusableResult,
  ReusableResultRepository,
  verifiedFieldsOf,
} from '@hub/registry-profiles';
import type { PrefillCommand } from './prefill.command';

export interface PrefillField {
  name: string;
  value: string | boolean;
  source: { registry: 'population' | 'business'; requestId: string; fetchedAt: string };
  ageSeconds: number;
}

export interface PrefillView {
  subjectKind: 'citizen' | 'enterprise';
  purpose: string;
  procedureCode: string;
  /** True when the registry could not be reached and the answer is older than the freshness window. */
  stale: boolean;
  flags: string[];
  fields: PrefillField[];
  documents: {
    /** Null when the procedure is not in the hub's catalog. */
    required: string[] | null;
    reusable: ReusableResult[];
    missing: string[];
  };
}

export type PrefillOutcome =
  | { kind: 'ok'; view: PrefillView }
  | { kind: 'not-found' }
  | { kind: 'unavailable'; retryAfterSeconds: number }
  | { kind: 'refused'; code: string };

/**
 * Verified fields and reusable results for a form. The access record is written before the
 * answer leaves: a read that cannot be recorded is not served.
 */
@Injectable()
export class PrefillHandler {
  constructor(
    @Inject(ProfileResolver) private readonly resolver: ProfileResolver,
    @Inject(ReusableResultRepository) private readonly results: ReusableResultRepository,
    @Inject(AccessLogRepository) private readonly accessLog: AccessLogRepository,
    @Inject(HubLogger) private readonly logger: HubLogger,
  ) {}

  async execute(command: PrefillCommand, principal: string): Promise<PrefillOutcome> {
    const resolution = await this.resolver.resolve(
      command.subject,
      { purpose: command.purpose, serviceCode: command.procedureCode },
      { allowStale: true },
    );
    const subjectHash = this.resolver.hashOf(command.subject);
    const record = (fields: string[], requestId?: string) =>
      this.accessLog.record({
        subjectHash,
        department: command.department,
        principal,
        purpose: command.purpose,
        procedureCode: command.procedureCode,
        action: 'prefill',
        fields,
        ...(requestId ? { requestId } : {}),
      });
    switch (resolution.kind) {
      case 'unavailable':
        return {
          kind: 'unavailable',
          retryAfterSeconds: Math.max(1, Math.ceil((resolution.retryAfterMs ?? 30_000) / 1000)),
        };
      case 'refused':
        this.logger.event('warn', 'registry refused a prefill lookup', {
          department: command.department,
          errorCode: resolution.code,
        });
        return { kind: 'refused', code: resolution.code };
      case 'profile':
        break;
    }
    const profile = resolution.profile;
    if (profile.status === 'not_found' || !profile.verified) {
      await record([], profile.requestId);
      return { kind: 'not-found' };
    }
    const now = new Date();
    const source = {
      registry: profile.registry,
      requestId: profile.requestId,
      fetchedAt: profile.fetchedAt.toISOString(),
    };
    const fields = verifiedFieldsOf(profile.verified).map((f) => ({
      ...f,
      source,
      ageSeconds: ageSeconds(profile.fetchedAt, now),
    }));
    const required = requiredDocumentsOf(command.procedureCode);
    const reusable = await this.results.findValid(subjectHash, required ?? []);
    const held = new Set(reusable.map((r) => r.documentCode));
    await record(
      [...fields.map((f) => f.name), ...reusable.map((r) => `document:${r.documentCode}`)],
      profile.requestId,
    );
    return {
      kind: 'ok',
      view: {
        subjectKind: command.subject.kind,
        purpose: command.purpose,
        procedureCode: command.procedureCode,
        stale: resolution.stale,
        flags: profile.flags,
        fields,
        documents: {
          required: required ? [...required] : null,
          reusable,
          missing: (required ?? []).filter((c) => !held.has(c)),
        },
      },
    };
  }
}
