import { type CaseEvent, readCaseEvent } from '@hub/contracts';
import { CloudEventDecodeError, fromBinaryRecord } from '../cloudevents-binary';
import type { ConsumedRecord } from '../kafka';
import { ReadableRecordsPipe, type RecordReading } from './readable-records.pipe';

/** The dead-letter code of a record on hub.case-events.v1 that is no case event this build reads. */
export const UNREADABLE_CASE_EVENT = 'UNREADABLE_CASE_EVENT';

/** A record of hub.case-events.v1, read once for every handler of the batch. */
export interface CaseEventRecord {
  record: ConsumedRecord;
  /** The CloudEvent as published, fields of a newer release included (what subscribers get). */
  published: Record<string, unknown>;
  /** The tolerant reader's case event: fields this build does not know dropped, the rest checked. */
  event: CaseEvent;
}

/**
 * Reads a record of hub.case-events.v1 as every hub consumer does (binary mode, then the tolerant
 * reader), or names its bad fields (paths and rule, never values).
 */
export function readCaseEventRecord(record: ConsumedRecord): RecordReading<CaseEventRecord> {
  let published: Record<string, unknown>;
  try {
    published = fromBinaryRecord(record.headers, record.value);
  } catch (e) {
    if (!(e instanceof CloudEventDecodeError)) throw e;
    return {
      ok: false,
      errors: [{ path: e.code === 'BAD_DATA' ? '(value)' : 'headers', message: e.message }],
    };
  }
  const parsed = readCaseEvent(published);
  if (parsed.ok) return { ok: true, value: { record, published, event: parsed.value } };
  return {
    ok: false,
    errors:
      parsed.violations.length > 0
        ? parsed.violations.map((v) => ({ path: v.path, message: v.message }))
        : [{ path: 'type', message: 'is not a case event type this build reads' }],
  };
}

/**
 * `@Payload(readableCaseEvents()) records: CaseEventRecord[]` on a hub.case-events.v1 consumer:
 * each record is decoded and read once, here, and a record that is no readable case event is
 * dead-lettered (hub.dead-letters.v1, code UNREADABLE_CASE_EVENT) rather than skipped with a log
 * line, and the partition moves on.
 */
export function readableCaseEvents(): ReadableRecordsPipe<CaseEventRecord> {
  return new ReadableRecordsPipe(UNREADABLE_CASE_EVENT, readCaseEventRecord);
}
