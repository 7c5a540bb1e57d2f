import { Inject, Injectable } from '@nestjs/common';
import { HubLogger } from '@hub/observability';
import {
  AccessLogRepository,
  ageSeconds,
  ProfileResolver,
  type ReusableResult,
  ReusableResultRepository,
  verifiedFieldsOf,
} from '@hub/registry-profiles';
import {
  type NationalResult,
  ResultsStoreAdapter,
  type ResultsStorePort,
} from '@hub/national-adapters';
import { DataSource } from 'typeorm';
import { ProcedureCatalogCache } from '../../catalog/procedure-catalog.cache';
import { ReuseOverrideRepository } from '../../catalog/reuse-override.repository';
import type { PrefillCommand } from './prefill.command';
import { checkPurpose, isCaseCode, type PurposeRefusal } from './prefill-purpose';
import { PurposeCaseRepository } from './purpose-case.repository';

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
    /**
     * The result codes that may stand in for the procedure's documents (the national catalog's
     * `THANHPHANHOSO[].MAKETQUATHAYTHE`); null when the procedure is not in the catalog.
     */
    required: string[] | null;
    /** Results this hub issued and registered (from its departments' cases). */
    reusable: (ReusableResult & { source: 'hub' })[];
    /**
     * Results the portal's national store of digitised results holds for the applicant, for the
     * required codes the hub's own results do not cover: issued anywhere in the country.
     * `available` is false when the store could not be asked (its breaker open, down, slow):
     * the answer is then the hub's results alone.
     */
    nationalStore: {
      available: boolean;
      results: (NationalResult & { source: 'national-store' })[];
    };
    missing: string[];
  };
}

export type PrefillOutcome =
  | { kind: 'ok'; view: PrefillView }
  | { kind: 'forbidden'; refusal: PurposeRefusal }
  | { kind: 'not-found' }
  | { kind: 'unavailable'; retryAfterSeconds: number }
  | { kind: 'refused'; code: string };

/** Who the national results store is told asks (its `SoDinhDanhNguoiYeuCau`, `HoTenNguoiYeuCau`). */
export const PREFILL_REQUESTER = Symbol('PREFILL_REQUESTER');

/** The access-log action of a prefill the purpose did not allow (nothing was read). */
export const PREFILL_REFUSED = 'prefill-refused';

/**
 * Verified fields and reusable results for a form. The purpose must be a case of the calling
 * department whose applicant is the subject; it is checked before anything is read, and a refusal
 * is recorded too. The access record is written before the answer leaves: a read that cannot be
 * recorded is not served.
 */
@Injectable()
export class PrefillHandler {
  private readonly purposeCases: PurposeCaseRepository;

  constructor(
    @Inject(ProfileResolver) private readonly resolver: ProfileResolver,
    @Inject(ReusableResultRepository) private readonly results: ReusableResultRepository,
    @Inject(AccessLogRepository) private readonly accessLog: AccessLogRepository,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(DataSource) db: DataSource,
    @Inject(ProcedureCatalogCache)
    private readonly catalog: Pick<ProcedureCatalogCache, 'reusableResultsOf' | 'ensureLoaded'>,
    @Inject(ReuseOverrideRepository)
    private readonly overrides: Pick<ReuseOverrideRepository, 'find'>,
    @Inject(ResultsStoreAdapter) private readonly store: Pick<ResultsStorePort, 'lookup'>,
    @Inject(PREFILL_REQUESTER) private readonly requester: { id: string; name: string },
  ) {
    this.purposeCases = new PurposeCaseRepository(db);
  }

  /** An administrator's override when there is one, else the national catalog's links. */
  private async reusableResultsOf(procedureCode: string): Promise<readonly string[] | undefined> {
    const override = await this.overrides.find(procedureCode);
    return override ? override.resultCodes : this.catalog.reusableResultsOf(procedureCode);
  }

  async execute(command: PrefillCommand, principal: string): Promise<PrefillOutcome> {
    const subjectHash = this.resolver.hashOf(command.subject);
    const record = (action: string, fields: string[], requestId?: string) =>
      this.accessLog.record({
        subjectHash,
        department: command.department,
        principal,
        // Free text could be anything, a personal ID included: only a case code is kept.
        purpose: isCaseCode(command.purpose) ? command.purpose : '(not a case code)',
        procedureCode: command.procedureCode,
        action,
        fields,
        ...(requestId ? { requestId } : {}),
      });
    const purposeCase = isCaseCode(command.purpose)
      ? await this.purposeCases.find(command.purpose)
      : undefined;
    const refusal = checkPurpose(command.department, command.subject, command.purpose, purposeCase);
    if (refusal) {
      await record(PREFILL_REFUSED, []);
      this.logger.event('warn', 'prefill refused: the purpose does not allow the read', {
        department: command.department,
        principal,
        ...(isCaseCode(command.purpose) ? { caseCode: command.purpose } : {}),
        errorCode: refusal,
      });
      return { kind: 'forbidden', refusal };
    }
    const resolution = await this.resolver.resolve(
      command.subject,
      { purpose: command.purpose, serviceCode: command.procedureCode },
      { allowStale: true },
    );
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
      await record('prefill', [], profile.requestId);
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
    await this.catalog.ensureLoaded();
    const required = await this.reusableResultsOf(command.procedureCode);
    // Another department's results only for documents the applicant's own case (the purpose)
    // asks for; the department's own results for whatever the form's procedure asks for.
    const reusable = await this.results.findValid(subjectHash, required ?? [], {
      department: command.department,
      otherDepartmentsFor: purposeCase?.procedureCode
        ? ((await this.reusableResultsOf(purposeCase.procedureCode)) ?? [])
        : [],
    });
    const heldHere = new Set(reusable.map((r) => r.documentCode));
    const national = await this.fromNationalStore(
      command,
      (required ?? []).filter((c) => !heldHere.has(c)),
    );
    const held = new Set([...heldHere, ...national.results.map((r) => r.resultCode)]);
    await record(
      'prefill',
      [
        ...fields.map((f) => f.name),
        ...reusable.map((r) => `document:${r.documentCode}`),
        ...national.results.map((r) => `national-document:${r.resultCode}`),
      ],
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
          reusable: reusable.map((r) => ({ ...r, source: 'hub' as const })),
          nationalStore: national,
          missing: (required ?? []).filter((c) => !held.has(c)),
        },
      },
    };
  }

  /**
   * Asks the national store for the applicant's results of `codes` (none asked when every
   * required result is held here). The store being down never fails the prefill.
   */
  private async fromNationalStore(
    command: PrefillCommand,
    codes: string[],
  ): Promise<PrefillView['documents']['nationalStore']> {
    if (codes.length === 0) return { available: true, results: [] };
    try {
      const found = await this.store.lookup({
        ownerId: command.subject.id,
        requesterId: this.requester.id,
        requesterName: this.requester.name,
        channel: '2',
        procedureCode: command.procedureCode,
        results: codes.map((resultCode) => ({ resultCode })),
      });
      const wanted = new Set(codes);
      return {
        available: true,
        results: found
          .filter((r) => wanted.has(r.resultCode))
          .map((r) => ({ ...r, source: 'national-store' as const })),
      };
    } catch (e) {
      this.logger.event('warn', 'national results store not available for a prefill', {
        department: command.department,
        error: e instanceof Error ? e.message : String(e),
      });
      return { available: false, results: [] };
    }
  }
}
