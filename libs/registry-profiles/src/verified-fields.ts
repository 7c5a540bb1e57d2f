import type { CitizenRecord, EnterpriseRecord } from '@hub/national-adapters';
import type { SubjectKind } from './subject-protector';

/** What an applicant declared on a case (the comparable part of `case.received` applicant). */
export interface DeclaredFields {
  fullName?: string;
  dateOfBirth?: string;
  address?: string;
}

export type VerifiedRecord =
  { kind: 'citizen'; record: CitizenRecord } | { kind: 'enterprise'; record: EnterpriseRecord };

export type FieldComparison = 'matched' | 'mismatched' | 'unverifiable';

export interface ComparisonResult {
  /** Declared field names, in a fixed order. */
  declared: string[];
  matched: string[];
  mismatched: string[];
  unverifiable: string[];
}

/**
 * Case-, spacing- and diacritic-insensitive form of Vietnamese text. Declared data is typed by
 * clerks and applicants ("Nguyen Van An", "nguyễn văn  an"), registry data is canonical; a
 * difference in tone marks alone is not a different person, so it must not count as a mismatch.
 */
export function normaliseText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Registry dates are YYYY-MM-DD or, when only the year is known, YYYY: then only the year is compared. */
export function sameDate(declared: string, verified: string): boolean {
  if (/^\d{4}$/.test(verified)) return declared.slice(0, 4) === verified;
  return declared === verified;
}

/**
 * A declared address is free text ("Số 12 phố Hàng Bài, phường Hoàn Kiếm, Hà Nội"), the
 * registry's is structured. They match when the normalised declared text contains the registry
 * address detail (house number and street), or the detail contains the declared text.
 */
export function sameAddress(declared: string, verifiedDetails: string[]): boolean {
  const d = normaliseText(declared);
  if (d === '') return false;
  return verifiedDetails.some((detail) => {
    const v = normaliseText(detail);
    return v !== '' && (d.includes(v) || v.includes(d));
  });
}

function compareField(
  field: keyof DeclaredFields,
  declared: string,
  verified: VerifiedRecord,
): FieldComparison {
  if (verified.kind === 'citizen') {
    const r = verified.record;
    switch (field) {
      case 'fullName':
        return normaliseText(declared) === normaliseText(r.fullName) ? 'matched' : 'mismatched';
      case 'dateOfBirth':
        if (!r.birthDate) return 'unverifiable';
        return sameDate(declared, r.birthDate) ? 'matched' : 'mismatched';
      case 'address': {
        const details = [r.permanentAddress, r.currentAddress].filter(Boolean).map((a) => a.detail);
        if (details.length === 0) return 'unverifiable';
        return sameAddress(declared, details) ? 'matched' : 'mismatched';
      }
    }
  }
  const r = verified.record;
  switch (field) {
    case 'fullName': {
      const names = [r.nameVi, r.nameForeign, r.nameShort].filter((n): n is string => !!n);
      return names.some((n) => normaliseText(n) === normaliseText(declared))
        ? 'matched'
        : 'mismatched';
    }
    case 'dateOfBirth':
      return 'unverifiable';
    case 'address':
      return sameAddress(declared, [r.headOffice.address]) ? 'matched' : 'mismatched';
  }
}

const COMPARED: (keyof DeclaredFields)[] = ['fullName', 'dateOfBirth', 'address'];

/** Compares each declared field with the verified record; each mismatch is one field name. */
export function compareDeclared(
  declared: DeclaredFields,
  verified: VerifiedRecord,
): ComparisonResult {
  const out: ComparisonResult = { declared: [], matched: [], mismatched: [], unverifiable: [] };
  for (const field of COMPARED) {
    const value = declared[field];
    if (value === undefined || value.trim() === '') continue;
    out.declared.push(field);
    out[compareField(field, value, verified)].push(field);
  }
  return out;
}

/** One verified field as served to a department: never a personal ID of a third person. */
export interface VerifiedField {
  name: string;
  value: string | boolean;
}

/**
 * The fields a department may prefill from a profile. Representatives' ID numbers and relatives
 * are left out: they are personal data of third persons that no form prefill needs.
 */
export function verifiedFieldsOf(verified: VerifiedRecord): VerifiedField[] {
  const f = (name: string, value: string | boolean | undefined): VerifiedField[] =>
    value === undefined || value === '' ? [] : [{ name, value }];
  if (verified.kind === 'citizen') {
    const r = verified.record;
    return [
      ...f('fullName', r.fullName),
      ...f('dateOfBirth', r.birthDate),
      ...f('gender', r.gender),
      ...f('nationality', r.nationality),
      ...f('ethnicity', r.ethnicity),
      ...f('permanentAddress', r.permanentAddress?.detail),
      ...f('currentAddress', r.currentAddress?.detail),
    ];
  }
  const r = verified.record;
  return [
    ...f('fullName', r.nameVi),
    ...f('nameForeign', r.nameForeign),
    ...f('enterpriseType', r.typeName),
    ...f('legalStatus', r.legalStatus.name),
    ...f('active', r.active),
    ...f('address', r.headOffice.address),
    ...f('firstRegisteredOn', r.firstRegisteredOn),
    ...f('representative', r.representatives[0]?.fullName),
    ...f('mainBusinessLine', r.businessLines.find((l) => l.main)?.name),
  ];
}

/** Flags raised on a verified profile; `enterprise-inactive` = suspended, dissolved, bankrupt… */
export function flagsOf(verified: VerifiedRecord): string[] {
  if (verified.kind === 'enterprise' && !verified.record.active) return ['enterprise-inactive'];
  return [];
}

export const registryOf = (kind: SubjectKind): 'population' | 'business' =>
  kind === 'citizen' ? 'population' : 'business';
