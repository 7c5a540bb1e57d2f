import { LOOKUP_OUTCOMES, type MockRegistryOptions } from '@hub/mock-kit';
import { ProblemException } from '@hub/observability';
import { generateCitizen } from './citizens/citizen-generator';
import {
  type CongDan,
  type CongDanPatch,
  applyCongDanPatch,
  congDanPatchSchema,
} from './citizens/congdan.wire';
import { maskPersonalId } from './lookup/lookup.wire';
import type { MockPopulationConfig } from './mock-population.config';

export const SERVICE = 'mock-population';

/** The population database as the mock kit runs it: its names, its citizens, its texts. */
export function populationRegistry(
  config: MockPopulationConfig,
): MockRegistryOptions<CongDan, CongDanPatch> {
  return {
    service: SERVICE,
    badGatewayMessage: 'Lỗi kết nối tới CSDLQG về dân cư, vui lòng thử lại sau',
    licensing: {
      unlicensedServiceCodes: config.MOCK_POPULATION_UNLICENSED_SERVICES,
      unauthorisedOfficialCodes: config.MOCK_POPULATION_UNAUTHORISED_OFFICIALS,
    },
    // Only this registry checks a name or birth date against the record ("003").
    outcomes: LOOKUP_OUTCOMES,
    subject: { field: 'SoDinhDanh', recordedAs: 'maskedPersonalId', shown: maskPersonalId },
    lookups: {
      callerFields: {
        requestId: 'MaYeuCau',
        officialCode: 'MaCanBo',
        serviceCode: 'MaDVC',
        purpose: 'MucDich',
      },
      event: 'citizen lookup',
      metric: {
        name: 'hub_mock_population_lookups_total',
        help: 'Lookups answered by the mock population database, by outcome',
      },
    },
    records: {
      segment: 'citizens',
      param: 'id',
      generate: generateCitizen,
      applyPatch: applyCongDanPatch,
      patchSchema: congDanPatchSchema,
      invalidOverrideTitle: 'Invalid citizen override',
      notFound: () =>
        // Never echo the ID: it is personal data.
        new ProblemException(
          404,
          'CITIZEN_NOT_FOUND',
          'Citizen not found',
          'The mock population database holds no citizen with this ID (see README: which IDs exist)',
        ),
      overriddenEvent: 'citizen overridden',
    },
  };
}
