import fc from 'fast-check';
import { catalogViolations } from './catalog-check';

const codes = ['1.001193', '1.000894', '2.000488', '9.999999'];
const agencies = ['000.00.01.H26', '000.00.02.H26', '000.00.03.H26'];

describe('catalogViolations', () => {
  it('flags exactly the case.received events whose procedure or agency the catalog lacks', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...codes), fc.uniqueArray(fc.constantFrom(...agencies))),
        fc.array(
          fc.record({
            type: fc.constantFrom('case.received', 'case.status-changed', 'payment.completed'),
            procedureCode: fc.constantFrom(...codes),
            agencyCode: fc.constantFrom(...agencies),
          }),
          { maxLength: 8 },
        ),
        (catalog, generated) => {
          const snapshot = {
            refreshId: '1',
            refreshedAt: new Date('2026-12-05T00:00:00Z'),
            procedures: new Map(Object.entries(catalog).map(([c, a]) => [c, new Set(a)])),
            reusableResults: new Map(),
          };
          const events = generated.map((e, index) => ({
            index,
            event: {
              type: e.type,
              data: { procedureCode: e.procedureCode, agencyCode: e.agencyCode },
            },
          }));
          const found = catalogViolations(snapshot, events);
          const expected = generated.flatMap((e, index) => {
            if (e.type !== 'case.received') return [];
            const performers = catalog[e.procedureCode];
            if (performers === undefined) return [{ index, path: 'data.procedureCode' }];
            return performers.includes(e.agencyCode) ? [] : [{ index, path: 'data.agencyCode' }];
          });
          expect(found.map(({ index, path }) => ({ index, path }))).toEqual(expected);
          for (const v of found) expect(v.message).toContain('2026-12-05T00:00:00.000Z');
        },
      ),
      { numRuns: 300 },
    );
  });
});
