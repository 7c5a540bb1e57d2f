import { readCaseEvent } from '@hub/contracts';
import { CloudEventDecodeError, fromBinaryRecord } from '../cloudevents-binary';
import type { ConsumedRecord } from '../kafka';
import type { RecordFieldError } from './batch-failure';
import { ReadableRecordsPipe } from './readable-records.pipe';

/** The dead-letter code of a record on hub.case-events.v1 that is no case event this build reads. */
export const UNREADABLE_CASE_EVENT = 'UNREADABLE_CASE_EVENT';

/**
 * Reads a record of hub.case-events.v1 as every hub consumer does (binary mode, then the tolerant
 * reader): undefined when it is a case event, else its bad fields (paths and rule, never values).
 */
export function caseEventRecordErrors(record: ConsumedRecord): RecordFieldError[] | undefined {
  let event: unknown;
  try {
    event = fromBinaryRecord(record.headers, record.value);
  } catch (e) {
    if (!(e instanceof CloudEventDecodeError)) throw e;
    return [{ path: e.code === 'BAD_DATA' ? '(value)' : 'headers', message: e.message }];
  }
  const parsed = readCaseEvent(event);
  if (parsed.ok) return undefined;
  return parsed.violations.length > 0
    ? parsed.violations.map((v) => ({ path: v.path, message: v.message }))
    : [{ path: 'type', message: 'is not a case event type this build reads' }];
}

/**
 * `@Payload(readableCaseEvents())` on a hub.case-events.v1 consumer: a record that is no readable
 * case event is dead-lettered (hub.dead-letters.v1, code UNREADABLE_CASE_EVENT) rather than
 * skipped with a log line, and the partition moves on.
 */
export function readableCaseEvents(): ReadableRecordsPipe {
  return new ReadableRecordsPipe(UNREADABLE_CASE_EVENT, caseEventRecordErrors);
}
