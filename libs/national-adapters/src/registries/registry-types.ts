import type { BreakerState } from '../transport/breaker-client';

/*
 * The hub's view of the two national registries (population database, business registry).
 * Vietnamese wire names are mapped to these records once, in the adapters; nothing else in the
 * hub sees `CongDan` or `GetEntCert`.
 */

/** Who asks, for which procedure and why: sent to the registry and kept in the access log. */
export interface RegistryLookupContext {
  /** MaYeuCau, unique per lookup; goes to the registry and the access log. */
  requestId: string;
  /** MaCanBo: the official (or system account) on whose behalf the lookup runs. */
  officialCode: string;
  /** MaDVC: the procedure code the lookup serves. */
  serviceCode: string;
  /** The case code (or other stated purpose), required by Law 91/2025/QH15. */
  purpose: string;
}

export type RegistryName = 'population' | 'business';

export interface HubAddress {
  provinceCode: string;
  wardCode: string;
  detail: string;
  country: string;
}

export type CitizenGender = 'male' | 'female' | 'unknown';
export type CitizenMaritalStatus = 'single' | 'married' | 'divorced_or_widowed' | 'unknown';

export interface CitizenRecord {
  personalId: string;
  oldIdNumber?: string;
  fullName: string;
  familyName: string;
  middleName: string;
  givenName: string;
  /** YYYY-MM-DD, or YYYY when the registry only knows the year. */
  birthDate: string;
  gender: CitizenGender;
  ethnicity: string;
  religion: string;
  nationality: string;
  maritalStatus: CitizenMaritalStatus;
  /** "unknown", "A", "B", "AB" or "O". */
  bloodType: string;
  birthRegistrationPlace: HubAddress;
  hometown: HubAddress;
  permanentAddress: HubAddress;
  currentAddress: HubAddress;
  father?: string;
  mother?: string;
  spouse?: string;
  householdHead?: string;
}

export interface EnterpriseRecord {
  enterpriseCode: string;
  internalCode: string;
  certificateNumber: string;
  typeCode: string;
  typeName: string;
  nameVi: string;
  nameForeign?: string;
  nameShort?: string;
  /** YYYY-MM-DD */
  firstRegisteredOn: string;
  /** YYYY-MM-DD */
  lastChangedOn?: string;
  changeCount: number;
  legalStatus: { code: string; name: string };
  /** False when suspended, dissolved, bankrupt or otherwise not operating. */
  active: boolean;
  representatives: { fullName: string; idNumber: string }[];
  headOffice: {
    provinceCode: string;
    provinceName: string;
    wardCode: string;
    wardName: string;
    address: string;
    houseNumber?: string;
  };
  businessLines: { code: string; name: string; main: boolean }[];
}

export type RegistryLookupResult<T> =
  | { kind: 'found'; record: T; requestId: string; registry: RegistryName; fetchedAt: Date }
  | { kind: 'not-found'; requestId: string; registry: RegistryName; fetchedAt: Date };

export type RegistryBreakerState = BreakerState;
