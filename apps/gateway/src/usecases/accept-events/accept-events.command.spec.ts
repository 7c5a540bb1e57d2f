import { exampleCase } from '@hub/contracts';
import { GatewayErrorCode } from '../../gateway.errors';
import { AcceptEventsCommand, canonicalJson, contentHash } from './accept-events.command';

const build = (body: unknown, kind: 'single' | 'batch' | 'either' = 'either', department = 'STP') =>
  AcceptEventsCommand.create({ department, body, kind, maxBatch: 500 });

describe('AcceptEventsCommand', () => {
  const { events } = exampleCase();

  it('accepts one event or a batch of events of the key’s department', () => {
    const single = build(events[0], 'single');
    expect(single.ok && single.command.events).toHaveLength(1);
    const batch = build(events, 'batch');
    expect(batch.ok && batch.command.events.map((e) => e.event.sequence)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports every invalid event of a batch by index and path', () => {
    const broken = [events[0], { ...events[1], sequence: 0 }, { ...events[2], subject: 'nope' }];
    const result = build(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(GatewayErrorCode.InvalidEvent);
    expect(result.error.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, path: 'sequence' }),
        expect.objectContaining({ index: 2, path: 'subject' }),
      ]),
    );
    expect(result.error.errors.every((e) => e.index !== 0)).toBe(true);
  });

  it('refuses events whose source is another department', () => {
    const result = build(events, 'batch', 'SXD');
    expect(result).toMatchObject({ ok: false, error: { code: GatewayErrorCode.ForbiddenSource } });
    if (result.ok) return;
    expect(result.error.errors).toHaveLength(5);
    expect(result.error.errors[0]).toMatchObject({ index: 0, path: 'source' });
  });

  it('refuses hubsequence from a department, naming the field', () => {
    expect(build([{ ...events[4], hubsequence: 1 }])).toMatchObject({
      ok: false,
      error: {
        code: GatewayErrorCode.ForbiddenSource,
        errors: [{ index: 0, path: 'hubsequence' }],
      },
    });
    expect(build([{ ...events[0], hubsequence: 1 }])).toMatchObject({
      ok: false,
      error: { code: GatewayErrorCode.InvalidEvent, errors: [{ index: 0, path: 'hubsequence' }] },
    });
  });

  it('checks the body shape against the media type, emptiness and the batch limit', () => {
    expect(build(events, 'single')).toMatchObject({
      ok: false,
      error: { errors: [{ path: '(root)' }] },
    });
    expect(build(events[0], 'batch')).toMatchObject({
      ok: false,
      error: { errors: [{ path: '(root)' }] },
    });
    expect(build([])).toMatchObject({ ok: false, error: { code: GatewayErrorCode.InvalidEvent } });
    const tooMany = AcceptEventsCommand.create({
      department: 'STP',
      body: events,
      kind: 'batch',
      maxBatch: 4,
    });
    expect(tooMany).toMatchObject({ ok: false, error: { code: GatewayErrorCode.PayloadTooLarge } });
  });

  it('refuses an id or a case sequence repeated within one batch', () => {
    const repeatedId = build([events[0], { ...events[1], id: events[0].id }]);
    expect(repeatedId).toMatchObject({ ok: false, error: { errors: [{ index: 1, path: 'id' }] } });
    const repeatedSequence = build([events[1], { ...events[2], sequence: 2 }]);
    expect(repeatedSequence).toMatchObject({
      ok: false,
      error: { errors: [{ index: 1, path: 'sequence' }] },
    });
  });
});

describe('contentHash', () => {
  it('ignores key order and omitted undefined fields, and sees any value change', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});
