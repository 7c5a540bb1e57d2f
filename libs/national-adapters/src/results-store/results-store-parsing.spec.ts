import fc from 'fast-check';
import { ResultsStoreError, ResultsStoreErrorCode } from './results-store-errors';
import {
  type StoreHttpReply,
  readLookupAnswer,
  readRegistrationAnswer,
} from './results-store-mapping';

/*
 * Whatever comes back (the store, a proxy in front of it, a truncated body), the readers return a
 * value or a named error: they never throw, and a value always has the shape the hub relies on.
 */

const NAMED_CODES = new Set<string>(Object.values(ResultsStoreErrorCode));

const status = fc.oneof(
  fc.constantFrom(200, 400, 403, 404, 408, 429, 500, 502, 503),
  fc.integer({ min: 100, max: 599 }),
);

/** Bodies near the store's answers, so the readers' deeper branches are reached too. */
const scalar = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean());
const file = fc.record({ TenTep: scalar, DuongDan: scalar }, { requiredKeys: [] });
const storedResult = fc.record(
  {
    MaKetQua: scalar,
    TenGiayTo: scalar,
    SoKyHieu: scalar,
    CoQuanChuQuan: scalar,
    DanhSachTepDinhKem: fc.oneof(fc.array(file, { maxLength: 3 }), scalar),
  },
  { requiredKeys: [] },
);
const nearAnswer = fc.record(
  {
    errorCode: fc.oneof(fc.constantFrom('0', '00', '1', '2', 0, 2), scalar),
    message: fc.oneof(scalar, fc.jsonValue()),
    signature: scalar,
    result: fc.oneof(
      fc.record(
        {
          DanhSachGiayToKetQua: fc.oneof(fc.array(storedResult, { maxLength: 3 }), scalar),
          MaDangKy: scalar,
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(fc.jsonValue(), nearAnswer, fc.string());
const reply: fc.Arbitrary<StoreHttpReply> = fc.record({
  status,
  body,
  retryAfter: fc.option(fc.string(), { nil: undefined }),
});

function isNamedFailure(reading: unknown): boolean {
  return reading instanceof ResultsStoreError && NAMED_CODES.has(reading.code);
}

describe('reading arbitrary answers', () => {
  it('a lookup answer maps to results or is a named failure, never a throw', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const reading = readLookupAnswer(r);
        if (reading instanceof ResultsStoreError) return isNamedFailure(reading);
        return (
          Array.isArray(reading.value) &&
          reading.value.every(
            (found) =>
              found.resultCode.length > 0 &&
              typeof found.documentName === 'string' &&
              typeof found.documentNo === 'string' &&
              typeof found.issuingAgency === 'string' &&
              found.files.every((f) => typeof f.name === 'string' && f.url.length > 0),
          )
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('a registration answer maps to an outcome or is a named failure, never a throw', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const reading = readRegistrationAnswer(r);
        if (reading instanceof ResultsStoreError)
          return isNamedFailure(reading) && reading.transient;
        const outcome = reading.value;
        switch (outcome.kind) {
          case 'registered':
          case 'already-registered':
            return outcome.registrationId.length > 0;
          case 'rejected':
            return outcome.code.length > 0 && typeof outcome.message === 'string';
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('5xx, 408 and 429 are transient whatever the body says', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(408, 429), fc.integer({ min: 500, max: 599 })),
        body,
        (s, b) => {
          const lookup = readLookupAnswer({ status: s, body: b });
          const registration = readRegistrationAnswer({ status: s, body: b });
          return [lookup, registration].every(
            (reading) => reading instanceof ResultsStoreError && reading.transient,
          );
        },
      ),
    );
  });
});
