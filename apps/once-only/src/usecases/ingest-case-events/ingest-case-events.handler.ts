import { Inject, Injectable } from '@nestjs/common';
import { type CaseEventOf, departmentOfSource, type ResultRegisteredEvent } from '@hub/contracts';
import type { CaseEventRecord } from '@hub/messaging';
import { HubLogger, MetricsRegistry } from '@hub/observability';
import {
  type DeclaredFields,
  LookupTaskRepository,
  type NewReusableResult,
  type ReceivedCase,
  ReusableResultRepository,
  SubjectProtector,
} from '@hub/registry-profiles';
import type { ResultRegistrationInput } from '@hub/national-adapters';
import { ResultRegistrationRepository } from '../../national-results/result-registration.repository';
import { envelopeOf, profileEventMessage, RESULT_REGISTERED } from '../../profile-events';

/**
 * Turns case events into durable work: a lookup task (and reuse accounting) per received case,
 * reusable results per issued result. Everything is idempotent by event id and the consumer
 * commits its offset only after this resolves, so redelivery adds nothing and a crash loses
 * nothing. No registry is called here: the case flow never waits for one.
 */
@Injectable()
export class IngestCaseEventsHandler {
  private readonly tasksCreated;
  private readonly resultsRegistered;

  constructor(
    @Inject(LookupTaskRepository) private readonly lookups: LookupTaskRepository,
    @Inject(ReusableResultRepository) private readonly results: ReusableResultRepository,
    @Inject(SubjectProtector) private readonly protector: SubjectProtector,
    @Inject(ResultRegistrationRepository)
    private readonly nationalStore: ResultRegistrationRepository,
    @Inject(HubLogger) private readonly logger: HubLogger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.tasksCreated = metrics.counter(
      'hub_profile_lookups_created_total',
      'Registry lookup tasks created from case.received',
    );
    this.resultsRegistered = metrics.counter(
      'hub_reusable_results_registered_total',
      'Result documents registered as reusable',
    );
  }

  /** `records`: read by the controller's pipe, which dead-letters any record it cannot read. */
  async execute(records: readonly CaseEventRecord[]): Promise<void> {
    const events = records.map((r) => r.event);
    const received = events
      .filter((e): e is CaseEventOf<'case.received'> => e.type === 'case.received')
      .map((e) => this.toReceivedCase(e));
    this.tasksCreated.inc(await this.lookups.ingest(received));
    for (const event of events) {
      if (event.type === 'case.result-issued') await this.registerResults(event);
    }
  }

  toReceivedCase(event: CaseEventOf<'case.received'>): ReceivedCase {
    const a = event.data.applicant;
    const id =
      a.kind === 'citizen' ? a.personalId : a.kind === 'enterprise' ? a.enterpriseCode : undefined;
    const kind = a.kind === 'citizen' || a.kind === 'enterprise' ? a.kind : undefined;
    const declared: DeclaredFields = {
      fullName: a.fullName,
      ...(a.dateOfBirth ? { dateOfBirth: a.dateOfBirth } : {}),
      ...(a.address ? { address: a.address } : {}),
    };
    return {
      eventId: event.id,
      caseCode: event.subject,
      department: departmentOfSource(event.source) ?? 'unknown',
      procedureCode: event.data.procedureCode,
      receivedAt: new Date(event.data.receivedAt),
      ...(kind && id
        ? {
            subject: {
              kind,
              hash: this.protector.subjectHash(kind, id),
              enc: this.protector.encrypt(id),
            },
          }
        : {}),
      declaredEnc: this.protector.encryptJson(declared),
      declaredFields: Object.keys(declared),
      documents: event.data.documents.map((d) => ({
        code: d.code,
        ...(d.reusedFrom ? { reusedFrom: d.reusedFrom } : {}),
      })),
    };
  }

  private async registerResults(event: CaseEventOf<'case.result-issued'>): Promise<void> {
    const owner = await this.lookups.ownerOfCase(event.subject);
    if (!owner) {
      // Agency/organisation applicants (or a case received before this service existed).
      this.logger.event(
        'info',
        'result has no citizen or enterprise owner; not registered for reuse',
        {
          eventId: event.id,
          caseCode: event.subject,
        },
      );
      return;
    }
    const enterpriseCode =
      owner.kind === 'enterprise' ? this.protector.decrypt(owner.enc) : undefined;
    const department = departmentOfSource(event.source) ?? 'unknown';
    const results: NewReusableResult[] = event.data.documents.map((d) => ({
      eventId: event.id,
      ownerHash: owner.hash,
      ownerKind: owner.kind,
      documentCode: d.code,
      documentName: d.name,
      documentNo: d.documentNo,
      sha256: d.sha256,
      url: d.url,
      ...(d.validUntil ? { validUntil: new Date(d.validUntil) } : {}),
      caseCode: event.subject,
      department,
      issuedAt: new Date(event.data.issuedAt),
    }));
    const inserted = await this.results.registerAndAnnounce(results, (r) => {
      const announced: ResultRegisteredEvent = {
        ...envelopeOf(RESULT_REGISTERED, `${r.eventId}#result#${r.documentNo}`, r.caseCode),
        data: {
          caseCode: r.caseCode,
          ownerKind: r.ownerKind,
          ownerRef: r.ownerHash,
          ...(enterpriseCode ? { enterpriseCode } : {}),
          documentCode: r.documentCode,
          documentNo: r.documentNo,
          sha256: r.sha256,
          url: r.url,
          ...(r.validUntil ? { validUntil: r.validUntil.toISOString() } : {}),
        },
      };
      return profileEventMessage(announced);
    });
    this.resultsRegistered.inc(inserted);
    if (event.data.electronic) await this.enqueueNational(event, owner, department);
  }

  /**
   * An electronic result goes to the national store too (docs/once-only.md), as durable work the
   * registration worker does; the store's idempotency key is the event id and document number,
   * so a redelivered event or a retried call registers nothing twice.
   */
  private async enqueueNational(
    event: CaseEventOf<'case.result-issued'>,
    owner: { kind: 'citizen' | 'enterprise'; enc: string },
    department: string,
  ): Promise<void> {
    const received = await this.nationalStore.receivedOf(event.subject);
    if (!received) return;
    const ownerId = this.protector.decrypt(owner.enc);
    await this.nationalStore.enqueue(
      event.data.documents.map((d) => {
        const input: ResultRegistrationInput = {
          idempotencyKey: `${event.id}#${d.documentNo}`,
          ownerId,
          ownerKind: owner.kind,
          ownerName: received.applicantName,
          resultCode: d.code,
          documentName: d.name,
          documentNo: d.documentNo,
          issuingAgencyCode: received.agencyCode,
          issuingAgencyName: received.agencyName,
          issuedAt: event.data.issuedAt,
          procedureCode: received.procedureCode,
          caseCode: event.subject,
          files: [{ name: d.name, url: d.url, sha256: d.sha256 }],
        };
        return {
          eventId: event.id,
          documentNo: d.documentNo,
          caseCode: event.subject,
          department,
          documentCode: d.code,
          payloadEnc: this.protector.encryptJson(input),
        };
      }),
    );
  }
}
