import { createHash } from 'node:crypto';
import type { CaseEventInput } from './envelope';
import { sourceOfDepartment } from './envelope';
import { DEAD_LETTER, DEAD_LETTER_SOURCE, type DeadLetterEvent, deadLetterId } from './dead-letter.v1';
import {
  PROFILE_EVENTS_SOURCE,
  PROFILE_MISMATCH,
  PROFILE_VERIFIED,
  type ProfileEvent,
  RESULT_REGISTERED,
} from './profile-events.v1';
import { SYNC_OUTCOME, SYNC_OUTCOME_SOURCE, type SyncOutcomeEvent } from './sync-outcome.v1';
import { topics } from './topics';

export interface ExampleCaseOptions {
  department?: string;
  agencyCode?: string;
  /** yyMMdd of the case code. */
  day?: string;
  /** 1..99999, the running number of the case code. */
  number?: number;
  /** Base time of the first event; later events follow minutes apart. */
  startAt?: Date;
  personalId?: string;
}

export interface ExampleCase {
  caseCode: string;
  department: string;
  /** received(1), processing(2), payment.completed(3), result-issued(4), result_returned(5). */
  events: CaseEventInput[];
}

/** Hanoi is UTC+7 all year; the portal works in local time. */
function hanoiTime(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}

/**
 * A realistic five-event lifecycle of one citizen dossier (birth registration, procedure
 * 1.001193), used as contract examples and as the factory behind tests and demos.
 */
export function exampleCase(options: ExampleCaseOptions = {}): ExampleCase {
  const department = options.department ?? 'STP';
  const agency = options.agencyCode ?? '000.00.01.H26';
  const day = options.day ?? '260312';
  const number = options.number ?? 42;
  const caseCode = `${agency}-${day}-${String(number).padStart(5, '0')}`;
  const t0 = options.startAt ?? new Date('2026-03-12T01:30:00Z');
  const at = (minutes: number) => hanoiTime(new Date(t0.getTime() + minutes * 60_000));
  const source = sourceOfDepartment(department);
  const idBase = createHash('sha256').update(`${department}|${caseCode}`).digest('hex').slice(0, 12);
  const envelope = (sequence: number, minutes: number) => ({
    specversion: '1.0' as const,
    id: `${idBase}-${sequence}`,
    source,
    subject: caseCode,
    time: at(minutes),
    datacontenttype: 'application/json' as const,
    sequence,
  });
  const events: CaseEventInput[] = [
    {
      ...envelope(1, 0),
      type: 'case.received',
      data: {
        caseCode,
        procedureCode: '1.001193',
        procedureName: 'Thủ tục đăng ký khai sinh',
        agencyCode: agency,
        agencyName: 'Sở Tư pháp thành phố Hà Nội',
        channel: 'online',
        applicant: {
          kind: 'citizen',
          // A citizen the mock population registry holds, with this name and birth date.
          personalId: options.personalId ?? '001090164571',
          fullName: 'Nguyễn Văn An',
          email: 'an.nguyen@example.vn',
          phone: '0912345678',
          address: 'Số 12 phố Hàng Bài, phường Hoàn Kiếm, Hà Nội',
          dateOfBirth: '1990-05-17',
        },
        receivedAt: at(0),
        dueAt: at(3 * 24 * 60),
        documents: [
          { code: 'TK-KS', name: 'Tờ khai đăng ký khai sinh', digitised: true },
          {
            code: 'GCS',
            name: 'Giấy chứng sinh',
            fileRef: 'https://files.hanoi.gov.vn/ks/gcs.pdf',
            digitised: true,
          },
        ],
        fees: [{ code: 'LP-KS', name: 'Lệ phí đăng ký khai sinh', amount: 8000 }],
        summary: 'Đăng ký khai sinh cho con',
      },
    },
    {
      ...envelope(2, 30),
      type: 'case.status-changed',
      data: {
        caseCode,
        status: 'processing',
        changedAt: at(30),
        handledBy: { official: 'Trần Thị Bình', title: 'Chuyên viên', unit: 'Phòng Hộ tịch' },
        note: 'Chuyển xử lý',
      },
    },
    {
      ...envelope(3, 60),
      type: 'payment.completed',
      data: {
        caseCode,
        paymentRef: `PAY-${idBase}`,
        amount: 8000,
        currency: 'VND',
        paidAt: at(60),
        method: 'national_payment_platform',
        fees: [{ code: 'LP-KS', amount: 8000 }],
      },
    },
    {
      ...envelope(4, 120),
      type: 'case.result-issued',
      data: {
        caseCode,
        issuedAt: at(120),
        electronic: true,
        documents: [
          {
            code: 'KQ-KS',
            name: 'Giấy khai sinh (bản điện tử)',
            // Unique per case code (the agency numbers its registrations): the national store refuses a
            // number it holds for another owner.
            documentNo: `KS-${day}-${number}/2026`,
            url: `https://results.hanoi.gov.vn/ks/${idBase}.pdf`,
            sha256: createHash('sha256').update(caseCode).digest('hex'),
          },
        ],
        delivery: 'online',
      },
    },
    {
      ...envelope(5, 180),
      type: 'case.status-changed',
      data: { caseCode, status: 'result_returned', changedAt: at(180) },
    },
  ];
  return { caseCode, department, events };
}

/**
 * Sync outcomes of an example case as portal-sync publishes them to hub.sync-results.v1: its
 * first event synced at once, its second retried once (portal unavailable) and then synced.
 */
export function exampleSyncOutcomes(options: ExampleCaseOptions = {}): SyncOutcomeEvent[] {
  const { caseCode, department, events } = exampleCase(options);
  const outcome = (
    index: number,
    attempts: number,
    kind: SyncOutcomeEvent['data']['outcome'],
    extra: Partial<SyncOutcomeEvent['data']> = {},
  ): SyncOutcomeEvent => {
    const event = events[index];
    const at = new Date(new Date(event.time).getTime() + (attempts + 1) * 1000).toISOString();
    return {
      specversion: '1.0',
      id: `${event.id}#${attempts}#${kind}`,
      source: SYNC_OUTCOME_SOURCE,
      type: SYNC_OUTCOME,
      subject: caseCode,
      time: at,
      datacontenttype: 'application/json',
      data: {
        eventId: event.id,
        eventType: event.type,
        caseCode,
        sequence: event.sequence,
        department,
        outcome: kind,
        attempts,
        ...extra,
      },
    };
  };
  const retryAt = new Date(new Date(events[1].time).getTime() + 62_000).toISOString();
  return [
    outcome(0, 1, 'synced'),
    outcome(1, 1, 'retry_scheduled', {
      nextAttemptAt: retryAt,
      errorCode: 'PORTAL_UNAVAILABLE',
      errorMessage: 'portal answered HTTP 503',
    }),
    outcome(1, 2, 'synced'),
  ];
}

/**
 * What the once-only service publishes to hub.profile-events.v1 for an example case: the applicant
 * verified against the population database with one declared field differing, then the case's
 * result registered as reusable. `subjectRef` stands for the hub's keyed hash of the personal ID
 * (never the ID itself); here it is a hash of a fixed label, as a real one cannot be recomputed.
 */
export function exampleProfileEvents(options: ExampleCaseOptions = {}): ProfileEvent[] {
  const { caseCode, events } = exampleCase(options);
  const subjectRef = createHash('sha256').update(`example-subject:${caseCode}`).digest('hex');
  const later = (iso: string, seconds: number): string =>
    new Date(new Date(iso).getTime() + seconds * 1000).toISOString();
  const received = events[0];
  const issued = events.find((e) => e.type === 'case.result-issued') ?? events[events.length - 1];
  const envelope = (id: string, time: string) => ({
    specversion: '1.0' as const,
    id,
    source: PROFILE_EVENTS_SOURCE,
    subject: caseCode,
    time,
    datacontenttype: 'application/json' as const,
  });
  const requestId = `${received.id}:population`;
  const fetchedAt = later(received.time, 2);
  return [
    {
      ...envelope(`${received.id}:${PROFILE_VERIFIED}`, fetchedAt),
      type: PROFILE_VERIFIED,
      data: {
        caseCode,
        subjectKind: 'citizen',
        subjectRef,
        registry: 'population',
        requestId,
        fetchedAt,
        verifiedFields: ['fullName', 'dateOfBirth', 'permanentAddress'],
        matchedFields: ['dateOfBirth', 'permanentAddress'],
        mismatchedFields: ['fullName'],
        flags: [],
      },
    },
    {
      ...envelope(`${received.id}:${PROFILE_MISMATCH}`, fetchedAt),
      type: PROFILE_MISMATCH,
      data: {
        caseCode,
        subjectKind: 'citizen',
        subjectRef,
        registry: 'population',
        requestId,
        fields: ['fullName'],
      },
    },
    {
      ...envelope(`${issued.id}:${RESULT_REGISTERED}:1`, later(issued.time, 1)),
      type: RESULT_REGISTERED,
      data: {
        caseCode,
        ownerKind: 'citizen',
        ownerRef: subjectRef,
        documentCode: 'KQ-KS',
        documentNo: `KS-${caseCode.slice(-5)}`,
        sha256: createHash('sha256').update(`result:${caseCode}`).digest('hex'),
        url: `https://ketqua.hanoi.gov.vn/${caseCode}/KS.pdf`,
      },
    },
  ];
}

/**
 * A dead letter as the gateway publishes it to hub.dead-letters.v1: an example case's
 * `case.received` produced to the inbound topic without its applicant's name.
 */
export function exampleDeadLetters(options: ExampleCaseOptions = {}): DeadLetterEvent[] {
  const { events, department } = exampleCase(options);
  const received = events[0];
  const { data, ...attributes } = received;
  const { applicant, ...rest } = data as Record<string, unknown> & { applicant: Record<string, unknown> };
  const applicantWithoutName = { ...applicant };
  delete applicantWithoutName.fullName;
  // A dead letter leaves the hub with personal identifiers masked (libs/messaging does it).
  for (const field of ['personalId', 'phone'] as const) {
    const value = String(applicantWithoutName[field]);
    applicantWithoutName[field] = `${value.slice(0, 2)}${'*'.repeat(value.length - 2)}`;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'hub-key-id': '3f2a9c0d1b7e4a55' };
  for (const [name, value] of Object.entries(attributes)) headers[`ce_${name}`] = String(value);
  const offset = '41';
  return [
    {
      specversion: '1.0',
      id: deadLetterId(topics.inbound, 0, offset),
      source: DEAD_LETTER_SOURCE,
      type: DEAD_LETTER,
      subject: received.id,
      time: new Date(new Date(received.time).getTime() + 1000).toISOString(),
      datacontenttype: 'application/json',
      data: {
        reason: {
          code: 'INVALID_EVENT',
          detail: 'The event does not match its contract.',
          errors: [{ path: 'data.applicant.fullName', message: 'is required' }],
        },
        department,
        eventId: received.id,
        original: {
          topic: topics.inbound,
          partition: 0,
          offset,
          key: received.subject,
          headers,
          value: JSON.stringify({ ...rest, applicant: applicantWithoutName }),
          timestamp: String(new Date(received.time).getTime()),
        },
      },
    },
  ];
}
