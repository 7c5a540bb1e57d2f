import { HubLogger, ProblemException } from '@hub/observability';
import pino from 'pino';
import { z } from 'zod';
import { LOOKUP_OUTCOMES } from '../lookups/lookup-outcome';
import type { MockRegistryOptions } from '../mock-registry.options';

/*
 * A registry of licences, small enough to see whole: the kit's specs run it where the real mocks
 * run citizens and enterprises. Codes are 6 digits; a code ending in 9 is held by nobody.
 */

export const licenceSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/),
  holder: z.string().min(1),
  status: z.enum(['active', 'revoked']),
});
export type Licence = z.output<typeof licenceSchema>;

export const licencePatchSchema = licenceSchema.omit({ code: true }).partial().strict();
export type LicencePatch = z.output<typeof licencePatchSchema>;

export function licenceCode(n = 1): string {
  return `10${String(n).padStart(3, '0')}1`;
}

export function missingLicenceCode(n = 1): string {
  return `10${String(n).padStart(3, '0')}9`;
}

function generateLicence(code: string): Licence | undefined {
  if (!/^\d{6}$/.test(code) || code.endsWith('9')) return undefined;
  return { code, holder: `Holder ${code}`, status: 'active' };
}

export function testRegistry(
  overrides: Partial<MockRegistryOptions<Licence, LicencePatch>> = {},
): MockRegistryOptions<Licence, LicencePatch> {
  return {
    service: 'mock-licences',
    badGatewayMessage: 'Lỗi kết nối tới hệ thống cấp phép',
    licensing: { unlicensedServiceCodes: ['9.999999'], unauthorisedOfficialCodes: ['CB-CAM'] },
    outcomes: LOOKUP_OUTCOMES.filter((o) => o !== 'mismatch'),
    subject: {
      field: 'licenceNo',
      recordedAs: 'maskedCode',
      shown: (c) => `${c.slice(0, 2)}****`,
    },
    lookups: {
      callerFields: {
        requestId: 'ref',
        officialCode: 'officer',
        serviceCode: 'procedure',
        purpose: 'reason',
      },
      event: 'licence lookup',
      metric: { name: 'hub_mock_licences_lookups_total', help: 'Licence lookups, by outcome' },
    },
    records: {
      segment: 'licences',
      param: 'code',
      generate: generateLicence,
      applyPatch: (licence, patch) => licenceSchema.parse({ ...licence, ...patch }),
      patchSchema: licencePatchSchema,
      invalidOverrideTitle: 'Invalid licence override',
      notFound: () => new ProblemException(404, 'LICENCE_NOT_FOUND', 'Licence not found'),
      overriddenEvent: 'licence overridden',
    },
    ...overrides,
  };
}

/** A lookup request as a caller sends it, in the test registry's wire names. */
export function licenceLookup(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ref: 'req-1',
    officer: 'CB-0001',
    procedure: '1.000001',
    reason: '000.00.01.H26-260312-00042',
    licenceNo: licenceCode(),
    ...overrides,
  };
}

/** A logger whose JSON lines the spec can read back. */
export function capturingLogger(): { logger: HubLogger; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const logger = new HubLogger(
    pino({ level: 'info' }, { write: (line: string) => void written.push(line) }),
  );
  return { logger, lines: () => written.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
