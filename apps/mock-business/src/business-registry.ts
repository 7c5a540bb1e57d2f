import { LOOKUP_OUTCOMES, type LookupOutcome, type MockRegistryOptions } from '@hub/mock-kit';
import { ProblemException } from '@hub/observability';
import { generateEnterprise } from './enterprises/enterprise-generator';
import {
  type EntCert,
  type EntCertPatch,
  applyEntCertPatch,
  entCertPatchSchema,
} from './enterprises/getentcert.wire';
import type { MockBusinessConfig } from './mock-business.config';

export const SERVICE = 'mock-business';

/** The registry answers a code, not a person: nothing to match, so no "mismatch" outcome. */
export type BusinessLookupOutcome = Exclude<LookupOutcome, 'mismatch'>;

const OUTCOMES = LOOKUP_OUTCOMES.filter(
  (outcome): outcome is BusinessLookupOutcome => outcome !== 'mismatch',
);

/** The business registry as the mock kit runs it: its names, its enterprises, its texts. */
export function businessRegistry(
  config: MockBusinessConfig,
): MockRegistryOptions<EntCert, EntCertPatch> {
  return {
    service: SERVICE,
    badGatewayMessage:
      'Lỗi kết nối tới Hệ thống thông tin quốc gia về đăng ký doanh nghiệp, vui lòng thử lại sau',
    licensing: {
      unlicensedServiceCodes: config.MOCK_BUSINESS_UNLICENSED_SERVICES,
      unauthorisedOfficialCodes: config.MOCK_BUSINESS_UNAUTHORISED_OFFICIALS,
    },
    outcomes: OUTCOMES,
    // Enterprise codes are not personal data: the trail and the logs keep them in clear.
    subject: { field: 'msdn', recordedAs: 'enterpriseCode' },
    lookups: {
      callerFields: {
        requestId: 'maYeuCau',
        officialCode: 'maCanBo',
        serviceCode: 'maDVC',
        purpose: 'mucDich',
      },
      event: 'enterprise lookup',
      metric: {
        name: 'hub_mock_business_lookups_total',
        help: 'Lookups answered by the mock business registry, by outcome',
      },
    },
    records: {
      segment: 'enterprises',
      param: 'msdn',
      generate: generateEnterprise,
      applyPatch: applyEntCertPatch,
      patchSchema: entCertPatchSchema,
      invalidOverrideTitle: 'Invalid enterprise override',
      notFound: (enterpriseCode) =>
        new ProblemException(
          404,
          'ENTERPRISE_NOT_FOUND',
          'Enterprise not found',
          `The mock business registry holds no enterprise ${enterpriseCode.slice(0, 20)} (see README: which codes exist)`,
        ),
      overriddenEvent: 'enterprise overridden',
    },
  };
}
