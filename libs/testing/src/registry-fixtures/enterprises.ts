/**
 * Enterprise codes with a known fate in the mock business registry (the rule is in
 * enterprise-generator.ts and the README). `n` gives distinct codes.
 */

export type EnterpriseFate = 'active' | 'suspended' | 'dissolving' | 'dissolved' | 'missing';

const LAST_DIGIT: Readonly<Record<EnterpriseFate, number>> = {
  active: 1,
  dissolving: 6,
  suspended: 7,
  dissolved: 8,
  missing: 9,
};

/** A 10-digit Hanoi enterprise code ("01…") whose lookup gives `fate`. */
export function enterpriseCode(fate: EnterpriseFate = 'active', n = 0): string {
  if (!Number.isInteger(n) || n < 0 || n > 9_999_999) throw new Error(`n ${n} outside 0–9999999`);
  return `01${String(n).padStart(7, '0')}${LAST_DIGIT[fate]}`;
}

/** A dependent unit (branch) of `parent`: exists for suffixes 1–5 when the parent exists. */
export function unitCode(parent = enterpriseCode(), suffix = 1): string {
  return `${parent}-${String(suffix).padStart(3, '0')}`;
}

/** Well-formed 13-digit codes no unit holds. */
export function missingUnitCode(parent = enterpriseCode()): string {
  return unitCode(parent, 6);
}

/** Values the lookup refuses as malformed ("002"). */
export const MALFORMED_ENTERPRISE_CODES: readonly string[] = [
  '010123456',
  '01012345678',
  '0101234567-01',
  '0101234567001',
  'ABCDEFGHIJ',
];
