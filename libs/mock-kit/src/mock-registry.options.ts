import type { ProblemException } from '@hub/observability';
import type { z } from 'zod';
import type { LookupOutcome } from './lookups/lookup-outcome';

/** What the kit needs to know of one registry mock: its wire names, its records and its texts. */
export interface MockRegistryOptions<TRecord, TPatch> {
  /** The app's name in logs and metrics, e.g. `mock-population`. */
  service: string;
  /** Body text of an injected 502: the platform's gateway names the system it could not reach. */
  badGatewayMessage: string;
  /** From the mock's environment; `POST /__mock/faults` adds to these lists, never replaces them. */
  licensing: {
    unlicensedServiceCodes: readonly string[];
    unauthorisedOfficialCodes: readonly string[];
  };
  /** The outcomes this registry's lookup can have, in the order `/__mock/stats` lists them. */
  outcomes: readonly LookupOutcome[];
  /** How the lookup key (a personal ID, an enterprise code) goes into the trail and the logs. */
  subject: {
    /** The request field that carries the key, e.g. `SoDinhDanh`. */
    field: string;
    /** The name it is kept under, e.g. `maskedPersonalId`. */
    recordedAs: string;
    /** What is kept of it; personal data must be masked. The key as given when absent. */
    shown?: (key: string) => string;
  };
  lookups: {
    /** Request fields naming the caller, by their wire names (e.g. `MaYeuCau`, `maYeuCau`). */
    callerFields: Record<'requestId' | 'officialCode' | 'serviceCode' | 'purpose', string>;
    /** The log line's message, e.g. `citizen lookup`. */
    event: string;
    metric: { name: string; help: string };
  };
  records: MockRecordsOptions<TRecord, TPatch>;
  /**
   * State the mock keeps besides the kit's (a store's registered results, say), cleared with the
   * kit's by `DELETE /__mock/state`.
   */
  onReset?: () => void;
}

/** The registry's records as `/__mock/{segment}/:{param}` reads and patches them. */
export interface MockRecordsOptions<TRecord, TPatch> {
  /** Path below `/__mock`, e.g. `citizens`. */
  segment: string;
  /** Route parameter name, e.g. `id`; it shows in the route label of the HTTP metrics. */
  param: string;
  /** The record as generated from its key, or undefined when nobody holds the key. */
  generate(key: string): TRecord | undefined;
  /** Pure; throws when the patched record would be invalid, so a bad patch changes nothing. */
  applyPatch(record: TRecord, patch: TPatch): TRecord;
  patchSchema: z.ZodType<TPatch>;
  /** Problem title of a refused patch, e.g. `Invalid citizen override`. */
  invalidOverrideTitle: string;
  /** The 404 for a key nobody holds; it decides whether the key may be echoed. */
  notFound(key: string): ProblemException;
  /** The log line's message after a patch, e.g. `citizen overridden`. */
  overriddenEvent: string;
}

export const MOCK_REGISTRY_OPTIONS = Symbol('MOCK_REGISTRY_OPTIONS');

/** The subject as kept in the trail and logs. */
export function shownSubject(
  options: Pick<MockRegistryOptions<unknown, unknown>, 'subject'>,
  key: string,
): Record<string, string> {
  const { recordedAs, shown } = options.subject;
  return { [recordedAs]: shown === undefined ? key : shown(key) };
}
