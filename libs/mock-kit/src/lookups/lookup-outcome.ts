/** Every outcome a registry lookup can have; each registry lists the ones it uses. */
export const LOOKUP_OUTCOMES = [
  'found',
  'not-found',
  'mismatch',
  'invalid',
  'not-licensed',
  'not-authorised',
  'faulted',
] as const;
export type LookupOutcome = (typeof LOOKUP_OUTCOMES)[number];
