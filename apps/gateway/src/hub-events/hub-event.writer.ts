import { Injectable } from '@nestjs/common';
import {
  caseEventV1,
  sourceOfDepartment,
  type CaseEvent,
  type PaymentCompletedV1,
} from '@hub/contracts';
import { enqueueOutbox, queryRows } from '@hub/persistence';
import { traceHeaders } from '@hub/tracing';
import type { EntityManager } from 'typeorm';
import { caseEventRecord } from '../event-intake.repository';
import { contentHash } from '../usecases/accept-events/accept-events.command';

/** An event the hub originates, before it has its place in the case's order. */
export interface HubEventDraft {
  /** Deterministic, so that the same fact appended twice is stored once. */
  id: string;
  type: 'payment.completed';
  time: string;
  data: PaymentCompletedV1;
}

export class UnknownCaseError extends Error {
  constructor(readonly caseCode: string) {
    super(`case ${caseCode} is not known to the hub`);
  }
}

interface CaseRow {
  department: string;
  last_sequence: number;
}

/**
 * Appends events the hub itself originates (a payment the national platform confirmed) to a
 * department's case, in the caller's transaction.
 *
 * The department numbers its own events 1, 2, 3, ... and the hub never takes one of its numbers:
 * a hub event takes the department's last accepted `sequence` as its anchor and the next
 * `hubsequence` after that anchor (1, 2, ...). A case's order is (`sequence`, `hubsequence`), a
 * department's events counting as `hubsequence` 0; the department's next event still follows its
 * own last one, and waits for nothing the department cannot see (docs/integrators.md, "Events
 * the hub originates").
 *
 * The case row is locked as intake locks it, so the anchor is the last department event
 * committed before this one, and the outbox record follows it on the case's lane.
 */
@Injectable()
export class HubEventWriter {
  async append(
    tx: EntityManager,
    caseCode: string,
    draft: HubEventDraft,
  ): Promise<{ event: CaseEvent; duplicate: boolean }> {
    const [owner] = await queryRows<CaseRow>(
      tx,
      `SELECT department, last_sequence FROM cases WHERE case_code = $1 FOR UPDATE`,
      [caseCode],
    );
    if (!owner) throw new UnknownCaseError(caseCode);

    const [stored] = await queryRows<{ payload: CaseEvent }>(
      tx,
      `SELECT payload FROM case_events WHERE id = $1`,
      [draft.id],
    );
    if (stored) return { event: stored.payload, duplicate: true };

    const anchor = owner.last_sequence;
    const [{ next }] = await queryRows<{ next: number }>(
      tx,
      `SELECT COALESCE(max(hub_sequence), 0) + 1 AS next FROM case_events
        WHERE case_code = $1 AND sequence = $2`,
      [caseCode, anchor],
    );
    // Parsed as any consumer will parse it: a hub event that breaks the contract is a bug here.
    const event = caseEventV1.parse({
      specversion: '1.0',
      id: draft.id,
      source: sourceOfDepartment(owner.department),
      subject: caseCode,
      type: draft.type,
      time: draft.time,
      datacontenttype: 'application/json',
      sequence: anchor,
      hubsequence: next,
      data: draft.data,
    });
    const acceptedAt = new Date();
    await tx.query(
      `INSERT INTO case_events (id, case_code, department, type, sequence, hub_sequence, event_time,
                                payload, content_hash, accepted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        event.id,
        caseCode,
        owner.department,
        event.type,
        anchor,
        next,
        event.time,
        JSON.stringify(event),
        contentHash(event),
        acceptedAt,
      ],
    );
    await enqueueOutbox(tx, [caseEventRecord(event, acceptedAt, traceHeaders())]);
    await tx.query(
      `UPDATE cases SET event_count = event_count + 1, updated_at = now() WHERE case_code = $1`,
      [caseCode],
    );
    return { event, duplicate: false };
  }
}
