import { exampleCase } from '@hub/contracts';
import { fromBinaryRecord, toBinaryRecord, type StructuredCloudEvent } from './cloudevents-binary';

describe('CloudEvents Kafka binary mode', () => {
  const event = exampleCase().events[1] as unknown as StructuredCloudEvent;

  it('puts attributes in ce_ headers and data in the value, and reads them back', () => {
    const record = toBinaryRecord(event, String(event.subject));
    expect(record.key).toBe(event.subject);
    expect(record.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: 'case.status-changed',
      ce_sequence: '2',
      'content-type': 'application/json',
    });
    expect(JSON.parse(record.value)).toEqual(event.data);
    expect(fromBinaryRecord(record.headers, record.value)).toEqual(event);
  });

  it('refuses a record without the required attributes', () => {
    expect(() => fromBinaryRecord({ ce_id: 'x' }, '{}')).toThrow('ce_specversion');
  });
});
