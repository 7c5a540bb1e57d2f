import { Inject, Injectable } from '@nestjs/common';
import { CLEAR_LEASE, LeaseQueue } from '@hub/durable-work';
import { queryRows } from '@hub/persistence';
import { DataSource } from 'typeorm';

/** One result document to register in the national store, as once-only keeps it. */
export interface NewResultRegistration {
  eventId: string;
  documentNo: string;
  caseCode: string;
  department: string;
  documentCode: string;
  /** The store's registration input (it holds the owner's ID), encrypted. */
  payloadEnc: string;
}

export interface ResultRegistrationTask {
  id: string;
  eventId: string;
  documentNo: string;
  caseCode: string;
  payloadEnc: string;
  attempts: number;
}

interface Row {
  id: string;
  event_id: string;
  document_no: string;
  case_code: string;
  payload_enc: string;
  attempts: number;
}

const QUEUE = new LeaseQueue({
  table: 'national_result_registrations',
  key: 'id',
  waiting: `d.state IN ('pending', 'retrying')`,
  order: 'd.next_attempt_at, d.created_at',
});

/**
 * `national_result_registrations`: registrations in the national results store as durable work
 * (libs/durable-work's lease queue). Enqueued idempotently by (event, document number), so a
 * redelivered `case.result-issued` adds nothing.
 */
@Injectable()
export class ResultRegistrationRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async enqueue(registrations: NewResultRegistration[]): Promise<number> {
    if (registrations.length === 0) return 0;
    const rows = await queryRows(
      this.ds,
      `INSERT INTO national_result_registrations
              (event_id, document_no, case_code, department, document_code, payload_enc)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT (event_id, document_no) DO NOTHING RETURNING 1`,
      [
        registrations.map((r) => r.eventId),
        registrations.map((r) => r.documentNo),
        registrations.map((r) => r.caseCode),
        registrations.map((r) => r.department),
        registrations.map((r) => r.documentCode),
        registrations.map((r) => r.payloadEnc),
      ],
    );
    return rows.length;
  }

  async claimDue(
    limit: number,
    worker: string,
    leaseMs: number,
  ): Promise<ResultRegistrationTask[]> {
    const rows = await QUEUE.claim<Row>(this.ds, limit, worker, leaseMs);
    return rows.map((r) => ({
      id: String(r.id),
      eventId: r.event_id,
      documentNo: r.document_no,
      caseCode: r.case_code,
      payloadEnc: r.payload_enc,
      attempts: r.attempts,
    }));
  }

  /** The store holds it (registered now or before): final. */
  async registered(
    task: ResultRegistrationTask,
    worker: string,
    registrationId: string,
  ): Promise<boolean> {
    return this.finish(
      task,
      worker,
      `state = 'registered', registration_id = $3, registered_at = now(),
        last_error_code = NULL, last_error_message = NULL`,
      [registrationId],
    );
  }

  /** The store refused what was sent (a bad field): final, shown with its reason; retrying cannot help. */
  async rejected(
    task: ResultRegistrationTask,
    worker: string,
    code: string,
    message: string,
  ): Promise<boolean> {
    return this.finish(
      task,
      worker,
      `state = 'rejected', last_error_code = $3, last_error_message = $4`,
      [code, message],
    );
  }

  /** The store is unavailable: try again at `nextAttemptAt`. */
  async reschedule(
    task: ResultRegistrationTask,
    worker: string,
    nextAttemptAt: Date,
    code: string,
    message: string,
  ): Promise<boolean> {
    return this.finish(
      task,
      worker,
      `state = 'retrying', next_attempt_at = $3, last_error_code = $4, last_error_message = $5`,
      [nextAttemptAt, code, message],
    );
  }

  private async finish(
    task: ResultRegistrationTask,
    worker: string,
    set: string,
    params: unknown[],
  ): Promise<boolean> {
    const rows = await queryRows(
      this.ds,
      `UPDATE national_result_registrations SET ${set}, attempts = attempts + 1, ${CLEAR_LEASE}
        WHERE id = $1 AND leased_by = $2 RETURNING 1`,
      [task.id, worker, ...params],
    );
    return rows.length > 0;
  }

  /** After the store recovers, waiting registrations should not sit out their backoff. */
  async wakeRetrying(): Promise<number> {
    const rows = await queryRows(
      this.ds,
      `UPDATE national_result_registrations SET next_attempt_at = now()
        WHERE state = 'retrying' AND next_attempt_at > now() RETURNING 1`,
    );
    return rows.length;
  }

  async releaseLeases(worker: string): Promise<void> {
    await QUEUE.releaseAll(this.ds, worker);
  }

  async countsByState(): Promise<Record<string, number>> {
    const rows = await queryRows<{ state: string; n: number }>(
      this.ds,
      `SELECT state, count(*)::int AS n FROM national_result_registrations GROUP BY state`,
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /** What the store needs beyond the result event: the case's applicant and agency, as received. */
  async receivedOf(caseCode: string): Promise<
    | {
        procedureCode: string;
        agencyCode: string;
        agencyName: string;
        applicantName: string;
      }
    | undefined
  > {
    const [row] = await queryRows<{ data: Record<string, unknown> }>(
      this.ds,
      `SELECT payload->'data' AS data FROM gateway_api.case_events
        WHERE case_code = $1 AND type = 'case.received' LIMIT 1`,
      [caseCode],
    );
    if (!row) return undefined;
    const d = row.data;
    const applicant = (d['applicant'] ?? {}) as Record<string, unknown>;
    const text = (v: unknown): string => (typeof v === 'string' ? v : '');
    return {
      procedureCode: text(d['procedureCode']),
      agencyCode: text(d['agencyCode']),
      agencyName: text(d['agencyName']),
      applicantName: text(applicant['fullName']),
    };
  }
}
