/**
 * IDs with a known fate in the mock population database (the rule is in citizen-generator.ts and
 * the README), for any test of the hub: `existingPersonalId()` is found, `missingPersonalId()` is
 * not, `yearOnlyPersonalId()` is found with only a birth year. `n` gives distinct IDs.
 */

export interface IdOptions {
  gender?: 'male' | 'female';
  /** Year of birth, 1900–2025. Default 1985. */
  birthYear?: number;
}

function personalId(n: number, lastDigit: number, options: IdOptions): string {
  const year = options.birthYear ?? 1985;
  if (!Number.isInteger(year) || year < 1900 || year > 2025) {
    throw new Error(`birthYear ${year} outside 1900–2025`);
  }
  if (!Number.isInteger(n) || n < 0 || n > 99_999) throw new Error(`n ${n} outside 0–99999`);
  const century = (year >= 2000 ? 2 : 0) + (options.gender === 'female' ? 1 : 0);
  const yy = String(year % 100).padStart(2, '0');
  return `001${century}${yy}${String(n).padStart(5, '0')}${lastDigit}`;
}

/** A Hanoi-registered citizen the database holds (last digit 1). */
export function existingPersonalId(n = 0, options: IdOptions = {}): string {
  return personalId(n, 1, options);
}

/** A well-formed ID no citizen holds (last digit 9): the lookup answers "001". */
export function missingPersonalId(n = 0, options: IdOptions = {}): string {
  return personalId(n, 9, options);
}

/** A citizen whose birth date the database knows only by year (last digit 8). */
export function yearOnlyPersonalId(n = 0, options: IdOptions = {}): string {
  return personalId(n, 8, options);
}

/** Values the lookup refuses as malformed ("002"), with why. */
export const MALFORMED_PERSONAL_IDS: readonly { value: string; why: string }[] = [
  { value: '00120300456', why: '11 digits' },
  { value: '0012030045678', why: '13 digits' },
  { value: '00120300456a', why: 'a letter' },
  { value: '', why: 'empty' },
];
