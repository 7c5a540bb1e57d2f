import { LOOKUP_OUTCOMES, type LookupOutcome, type MockRegistryOptions } from '@hub/mock-kit';
import { ProblemException } from '@hub/observability';
import { type HeldResult, type HeldResults, applyHeldResultPatch } from './results/held-results';
import { type HeldResultPatch, heldResultPatchSchema, maskId } from './results/result.wire';
import type { MockResultsStoreConfig } from './mock-results-store.config';

export const SERVICE = 'mock-results-store';

/** A lookup names no official and no purpose, and nothing is matched against a record. */
export type StoreLookupOutcome = Extract<
  LookupOutcome,
  'found' | 'not-found' | 'invalid' | 'not-licensed' | 'faulted'
>;

const OUTCOMES = LOOKUP_OUTCOMES.filter(
  (outcome): outcome is StoreLookupOutcome =>
    outcome !== 'mismatch' && outcome !== 'not-authorised',
);

/**
 * The store as the mock kit runs it: its names, its held results and its texts. The kit's
 * records are the held results, read and patched under `/__mock/results/{MaDangKy}`.
 */
export function resultsStoreRegistry(
  config: MockResultsStoreConfig,
  held: HeldResults,
): MockRegistryOptions<HeldResult, HeldResultPatch> {
  return {
    service: SERVICE,
    badGatewayMessage: 'Lỗi kết nối tới Kho quản lý dữ liệu điện tử, vui lòng thử lại sau',
    licensing: {
      unlicensedServiceCodes: config.MOCK_RESULTS_STORE_UNLICENSED_PROCEDURES,
      unauthorisedOfficialCodes: config.MOCK_RESULTS_STORE_UNAUTHORISED_CALLERS,
    },
    outcomes: OUTCOMES,
    // The owner may be a citizen: kept masked in the trail and the logs, like any personal ID.
    subject: { field: 'SoDinhDanhChuSoHuu', recordedAs: 'maskedOwnerId', shown: maskId },
    lookups: {
      // The known lookup names the requester (masked before it reaches the kit) and the
      // procedure; it has no request id and no purpose, so those stay empty in the trail.
      callerFields: {
        requestId: 'MaYeuCau',
        officialCode: 'SoDinhDanhNguoiYeuCau',
        serviceCode: 'MaThuTuc',
        purpose: 'MucDich',
      },
      event: 'result lookup',
      metric: {
        name: 'hub_mock_results_store_lookups_total',
        help: 'Lookups answered by the mock store of digitised results, by outcome',
      },
    },
    records: {
      segment: 'results',
      param: 'registrationId',
      generate: (id) => held.get(id),
      applyPatch: applyHeldResultPatch,
      patchSchema: heldResultPatchSchema,
      invalidOverrideTitle: 'Invalid result override',
      notFound: (id) =>
        new ProblemException(
          404,
          'RESULT_NOT_FOUND',
          'Result not found',
          `The mock results store holds no result ${id.slice(0, 40)}`,
        ),
      overriddenEvent: 'result overridden',
    },
    onReset: () => held.reset(),
  };
}
