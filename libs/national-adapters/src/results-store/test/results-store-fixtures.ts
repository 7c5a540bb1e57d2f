import type { WireStoredResult } from '../results-store-wire';
import type { ResultLookupInput, ResultRegistrationInput } from '../results-store-types';

/*
 * Inputs and wire records for the results store's specs; each test overrides only the fields it
 * is about. The personal IDs are the population mock's existing ones (`@hub/testing` picks them
 * by structure); none belongs to a real person.
 */

let sequence = 0;

export function registrationInput(
  overrides: Partial<ResultRegistrationInput> = {},
): ResultRegistrationInput {
  sequence += 1;
  return {
    idempotencyKey: `evt-${process.pid}-${sequence}:KQ-GCNKH`,
    ownerId: '001085000011',
    ownerKind: 'citizen',
    ownerName: 'Nguyễn Thị Hương',
    resultCode: 'KQ-GCNKH',
    documentName: 'Giấy chứng nhận kết hôn',
    documentNo: `${String(sequence).padStart(3, '0')}/2026/GCNKH`,
    issuingAgencyCode: '000.00.01.H26',
    issuingAgencyName: 'Sở Tư pháp Hà Nội',
    issuedAt: '2026-03-12T02:30:00Z',
    procedureCode: '1.000894',
    caseCode: '000.00.01.H26-260312-00042',
    files: [
      {
        name: 'gcnkh.pdf',
        url: 'https://files.hanoi.example/results/gcnkh.pdf',
        sha256: 'a'.repeat(64),
      },
    ],
    ...overrides,
  };
}

export function lookupInput(overrides: Partial<ResultLookupInput> = {}): ResultLookupInput {
  return {
    ownerId: '001085000011',
    requesterId: '001085000011',
    requesterName: 'Nguyễn Thị Hương',
    channel: '2',
    procedureCode: '1.001193',
    results: [{ resultCode: 'KQ-GCNKH' }],
    ...overrides,
  };
}

export function storedResultWire(overrides: Partial<WireStoredResult> = {}): WireStoredResult {
  return {
    MaKetQua: 'KQ-GCNKH',
    TenGiayTo: 'Giấy chứng nhận kết hôn',
    SoKyHieu: '001/2026/GCNKH',
    CoQuanChuQuan: '000.00.01.H26',
    DanhSachTepDinhKem: [
      { TenTep: 'gcnkh.pdf', DuongDan: 'https://files.hanoi.example/results/gcnkh.pdf' },
    ],
    ...overrides,
  };
}

/** A lookup answer as the store sends it. */
export function lookupAnswer(results: WireStoredResult[], errorCode: unknown = '0'): unknown {
  return {
    errorCode,
    message: 'Thành công',
    signature: 'c2lnbmF0dXJl',
    result: { DanhSachGiayToKetQua: results },
  };
}
