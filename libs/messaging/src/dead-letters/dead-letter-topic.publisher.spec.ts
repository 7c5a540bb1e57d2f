import { deadLetterV1, exampleCase, topics } from '@hub/contracts';
import { toBinaryRecord } from '../cloudevents-binary';
import type { ConsumedRecord } from '../kafka';
import { deadLetterEventOf } from './dead-letter-topic.publisher';

/*
 * Issue 16: dead letters carried the refused record's personalId in clear. Every personal
 * identifier of the copy is masked; what finds the record (topic, partition, offset, event id,
 * case code) is kept.
 */
const PERSONAL_ID = '001090164571';
const TAX_CODE = '8012345678';

function recordOf(value: unknown, headers: Record<string, string> = {}): ConsumedRecord {
  const [received] = exampleCase({ personalId: PERSONAL_ID }).events;
  const binary = toBinaryRecord(received, received.subject);
  return {
    topic: topics.caseEvents,
    partition: 3,
    offset: '17',
    key: binary.key,
    headers: { ...binary.headers, ...headers },
    value: value === undefined ? binary.value : (value as string),
    timestamp: '1760000000000',
  };
}

describe('dead letters mask personal identifiers', () => {
  const reason = { code: 'UNREADABLE_CASE_EVENT', detail: 'x', errors: [] };

  it('masks the personal ID of a case event, keeps what finds the record, and fits the contract', () => {
    const record = recordOf(undefined);
    expect(record.value).toContain(PERSONAL_ID);
    const letter = deadLetterEventOf({ record, reason, consumerGroup: 'hub-portal-sync' });
    const text = JSON.stringify(letter);
    expect(text).not.toContain(PERSONAL_ID);
    expect(text).not.toMatch(/(?<!\d)\d{12}(?!\d)/);
    expect(deadLetterV1.safeParse(letter).success).toBe(true);
    const { original } = letter.data;
    expect(original).toMatchObject({ topic: topics.caseEvents, partition: 3, offset: '17' });
    expect(original.key).toBe(record.key);
    expect(letter.data.eventId).toBe(record.headers['ce_id']);
    expect(letter.data.consumerGroup).toBe('hub-portal-sync');
    expect(letter.id).toBe(`dl:hub-portal-sync:${topics.caseEvents}:3:17`);
    const applicant = (JSON.parse(original.value ?? '{}') as { applicant: Record<string, string> })
      .applicant;
    expect(applicant['personalId']).toBe('00**********');
  });

  it('masks identifiers under any name, in free text, in a value that is not JSON, in headers', () => {
    const value = JSON.stringify({
      applicant: { taxCode: TAX_CODE, note: `CCCD ${PERSONAL_ID}, MST ${TAX_CODE}` },
      idAsNumber: 123456789012,
    });
    for (const v of [value, `not json ${PERSONAL_ID} ${TAX_CODE}`]) {
      const letter = deadLetterEventOf({
        record: recordOf(v, { 'x-note': `id ${PERSONAL_ID}` }),
        reason: { ...reason, errors: [{ path: 'data', message: `got ${PERSONAL_ID}` }] },
      });
      const text = JSON.stringify(letter);
      expect(text).not.toContain(PERSONAL_ID);
      expect(text).not.toContain(TAX_CODE);
      expect(text).not.toContain('123456789012');
    }
  });
});
