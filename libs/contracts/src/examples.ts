import { createHash } from 'node:crypto';
import type { CaseEventInput } from './envelope';
import { sourceOfDepartment } from './envelope';
import { SYNC_OUTCOME, SYNC_OUTCOME_SOURCE, type SyncOutcomeEvent } from './sync-outcome.v1';

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
          personalId: options.personalId ?? '001203004567',
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
            documentNo: `KS-${number}/2026`,
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
