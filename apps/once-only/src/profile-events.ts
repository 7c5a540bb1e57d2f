import {
  PROFILE_EVENTS_SOURCE,
  PROFILE_MISMATCH,
  PROFILE_VERIFIED,
  RESULT_REGISTERED,
  type ProfileEvent,
  topics,
} from '@hub/contracts';
import { toBinaryRecord } from '@hub/messaging';
import type { OutboxMessage } from '@hub/persistence';

/** Profile events are keyed by case code, like the case events they follow. */
export function profileEventMessage(event: ProfileEvent): OutboxMessage {
  const record = toBinaryRecord(event, event.subject);
  return {
    topic: topics.profileEvents,
    key: record.key,
    headers: record.headers,
    value: record.value,
  };
}

export const envelopeOf = <T extends ProfileEvent['type']>(
  type: T,
  id: string,
  caseCode: string,
) => ({
  specversion: '1.0' as const,
  id,
  source: PROFILE_EVENTS_SOURCE,
  type,
  subject: caseCode,
  time: new Date().toISOString(),
  datacontenttype: 'application/json' as const,
});

export { PROFILE_MISMATCH, PROFILE_VERIFIED, RESULT_REGISTERED };
