import fc from 'fast-check';
import { parseReuseOverride } from './procedure-reuse-input';

describe('parseReuseOverride', () => {
  it('takes result codes and a reason', () => {
    expect(
      parseReuseOverride({ resultCodes: ['KQ-KS', 'KQ-XNHN'], reason: 'catalog lacks it' }),
    ).toEqual({
      ok: true,
      value: { resultCodes: ['KQ-KS', 'KQ-XNHN'], reason: 'catalog lacks it' },
    });
    // An empty list: the procedure reuses nothing, whatever the catalog says.
    expect(parseReuseOverride({ resultCodes: [], reason: 'r' })).toMatchObject({ ok: true });
  });

  it('names every bad field', () => {
    expect(parseReuseOverride({ resultCodes: ['KQ KS', 'KQ-KS', 'KQ-KS'], extra: 1 })).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        { path: 'body.resultCodes[0]', message: expect.stringContaining('result code') as string },
        { path: 'body.resultCodes', message: 'must not list a code twice' },
        { path: 'body.reason', message: expect.any(String) as string },
        { path: 'body.extra', message: 'is not a field of this request' },
      ]) as unknown,
    });
    expect(parseReuseOverride('x')).toEqual({
      ok: false,
      errors: [{ path: 'body', message: expect.any(String) as string }],
    });
  });

  it('never throws on generated input, and every error names a field under body', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ resultCodes: fc.array(fc.string()), reason: fc.string() }),
        ),
        (value) => {
          const parsed = parseReuseOverride(value);
          if (parsed.ok) {
            expect(parsed.value.reason.length).toBeGreaterThan(0);
            return;
          }
          expect(parsed.errors.length).toBeGreaterThan(0);
          for (const e of parsed.errors) expect(e.path.startsWith('body')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
