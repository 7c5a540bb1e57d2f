import { ResultsStoreError, ResultsStoreErrorCode } from './results-store-errors';
import {
  lookupProblems,
  readLookupAnswer,
  readRegistrationAnswer,
  registrationProblems,
  toLookupRequest,
  toRegistrationRequest,
} from './results-store-mapping';
import {
  lookupAnswer,
  lookupInput,
  registrationInput,
  storedResultWire,
} from './test/results-store-fixtures';

const CALLER = '000.00.01.H26';

describe('registration: hub input → the store (inferred wire)', () => {
  it('maps every field once, the issue date in Hanoi wall-clock time', () => {
    const input = registrationInput({
      idempotencyKey: 'evt-1:KQ-GCNKH',
      documentNo: '001/2026/GCNKH',
      files: [
        { name: 'gcnkh.pdf', url: 'https://files.example/a.pdf', sha256: 'AB'.repeat(32) },
        { name: 'phu-luc.pdf', url: 'https://files.example/b.pdf' },
      ],
    });
    expect(toRegistrationRequest(input, CALLER)).toEqual({
      MaYeuCau: 'evt-1:KQ-GCNKH',
      MaDonVi: CALLER,
      SoDinhDanhChuSoHuu: '001085000011',
      LoaiChuSoHuu: '1',
      TenChuSoHuu: 'Nguyễn Thị Hương',
      MaKetQua: 'KQ-GCNKH',
      TenGiayTo: 'Giấy chứng nhận kết hôn',
      SoKyHieu: '001/2026/GCNKH',
      CoQuanChuQuan: '000.00.01.H26',
      TenCoQuanChuQuan: 'Sở Tư pháp Hà Nội',
      // 02:30 UTC is 09:30 in Hanoi.
      NgayCap: '20260312093000',
      MaThuTuc: '1.000894',
      MaHoSo: '000.00.01.H26-260312-00042',
      DanhSachTepDinhKem: [
        {
          TenTep: 'gcnkh.pdf',
          DuongDan: 'https://files.example/a.pdf',
          MaBamSHA256: 'ab'.repeat(32),
        },
        { TenTep: 'phu-luc.pdf', DuongDan: 'https://files.example/b.pdf' },
      ],
    });
  });

  it('sends an enterprise owner as LoaiChuSoHuu "2"', () => {
    const input = registrationInput({ ownerKind: 'enterprise', ownerId: '0101234567-001' });
    expect(registrationProblems(input)).toEqual([]);
    expect(toRegistrationRequest(input, CALLER)).toMatchObject({
      SoDinhDanhChuSoHuu: '0101234567-001',
      LoaiChuSoHuu: '2',
    });
  });

  it.each([
    [{ ownerId: '00108500001' }, 'ownerId must be a 12-digit personal ID'],
    [
      { ownerKind: 'enterprise' as const, ownerId: '001085000011' },
      'ownerId must be an enterprise code (10 digits, or 13 for a unit)',
    ],
    [{ idempotencyKey: ' ' }, 'idempotencyKey must be a non-empty string'],
    [{ issuedAt: '12/03/2026' }, 'issuedAt must be an RFC 3339 timestamp'],
    [{ files: [] }, 'files must list at least one file'],
    [{ files: [{ name: 'a.pdf', url: 'ftp://x/a.pdf' }] }, 'files.0.url must be an http(s) URL'],
    [
      { files: [{ name: 'a.pdf', url: 'https://x/a.pdf', sha256: 'abc' }] },
      'files.0.sha256 must be 64 hexadecimal digits',
    ],
  ])('names what is wrong with %j, never quoting the owner ID', (overrides, problem) => {
    const problems = registrationProblems(registrationInput(overrides));
    expect(problems).toEqual([problem]);
    expect(problems.join(' ')).not.toMatch(/\d{9,}/);
  });
});

describe('lookup: hub input → the store (known wire)', () => {
  it('asks for a result with any document number as SoKyHieu ""', () => {
    const input = lookupInput({
      results: [{ resultCode: 'KQ-GCNKH' }, { resultCode: 'KQ-XNHN', documentNo: '15/2025' }],
    });
    expect(toLookupRequest(input)).toEqual({
      SoDinhDanhChuSoHuu: '001085000011',
      HoTenNguoiYeuCau: 'Nguyễn Thị Hương',
      KenhThucHien: '2',
      SoDinhDanhNguoiYeuCau: '001085000011',
      MaThuTuc: '1.001193',
      DanhSachDanhMucKetQua: [
        { MaKetQua: 'KQ-GCNKH', SoKyHieu: '' },
        { MaKetQua: 'KQ-XNHN', SoKyHieu: '15/2025' },
      ],
    });
  });

  it('sends an empty list to ask for all of the owner’s results', () => {
    expect(toLookupRequest(lookupInput({ results: [] })).DanhSachDanhMucKetQua).toEqual([]);
    expect(lookupProblems(lookupInput({ results: [] }))).toEqual([]);
  });

  it('refuses an unknown channel and an empty result code before sending', () => {
    expect(lookupProblems(lookupInput({ channel: '4', results: [{ resultCode: '' }] }))).toEqual([
      'channel must be "1" (in person), "2" (online) or "3" (by post)',
      'results.0.resultCode must be a non-empty string',
    ]);
  });
});

describe('reading a registration answer', () => {
  it('maps "0" to registered and "2" to already registered, with the store’s id', () => {
    expect(
      readRegistrationAnswer({
        status: 200,
        body: {
          errorCode: '0',
          message: 'Thành công',
          signature: '',
          result: { MaDangKy: 'KQ-1' },
        },
      }),
    ).toEqual({ outcome: 'registered', value: { kind: 'registered', registrationId: 'KQ-1' } });
    expect(
      readRegistrationAnswer({
        status: 200,
        body: { errorCode: 2, message: 'Kết quả đã tồn tại', result: { MaDangKy: 'KQ-1' } },
      }),
    ).toEqual({
      outcome: 'already-registered',
      value: { kind: 'already-registered', registrationId: 'KQ-1' },
    });
  });

  it('returns a refusal as a value with the store’s code and message', () => {
    expect(
      readRegistrationAnswer({
        status: 200,
        body: { errorCode: '1', message: 'Trường SoKyHieu không hợp lệ: không được để trống' },
      }),
    ).toEqual({
      outcome: 'rejected',
      value: {
        kind: 'rejected',
        code: '1',
        message: 'Trường SoKyHieu không hợp lệ: không được để trống',
      },
    });
    expect(readRegistrationAnswer({ status: 403, body: 'Forbidden' })).toMatchObject({
      value: { kind: 'rejected', code: 'HTTP 403' },
    });
  });

  it.each([
    ['HTTP 503', { status: 503, body: { errorCode: '0' } }, 'HTTP 503'],
    ['HTTP 429', { status: 429, body: '', retryAfter: '2' }, 'HTTP 429'],
    ['a proxy page', { status: 200, body: '<html>Bad gateway</html>' }, 'BAD_RESPONSE'],
    ['"0" without an id', { status: 200, body: { errorCode: '0', result: {} } }, 'BAD_RESPONSE'],
  ])('calls %s transient', (_why, reply, storeCode) => {
    const reading = readRegistrationAnswer(reply);
    expect(reading).toBeInstanceOf(ResultsStoreError);
    expect(reading).toMatchObject({ code: ResultsStoreErrorCode.Unavailable, storeCode });
    expect((reading as ResultsStoreError).transient).toBe(true);
  });

  it('keeps Retry-After on a 429', () => {
    expect(readRegistrationAnswer({ status: 429, body: '', retryAfter: '2' })).toMatchObject({
      retryAfterMs: 2_000,
    });
  });
});

describe('reading a lookup answer', () => {
  it('maps each result with its files, in hub terms', () => {
    const reading = readLookupAnswer({
      status: 200,
      body: lookupAnswer([
        storedResultWire(),
        storedResultWire({ MaKetQua: 'KQ-XNHN', SoKyHieu: 15, DanhSachTepDinhKem: null }),
      ]),
    });
    expect(reading).toEqual({
      outcome: 'found',
      value: [
        {
          resultCode: 'KQ-GCNKH',
          documentName: 'Giấy chứng nhận kết hôn',
          documentNo: '001/2026/GCNKH',
          issuingAgency: '000.00.01.H26',
          files: [{ name: 'gcnkh.pdf', url: 'https://files.hanoi.example/results/gcnkh.pdf' }],
        },
        // A number where a string is expected, and a list left out, are read as the store meant.
        {
          resultCode: 'KQ-XNHN',
          documentName: 'Giấy chứng nhận kết hôn',
          documentNo: '15',
          issuingAgency: '000.00.01.H26',
          files: [],
        },
      ],
    });
  });

  it('reads an empty or missing list as nothing found', () => {
    expect(readLookupAnswer({ status: 200, body: lookupAnswer([]) })).toEqual({
      outcome: 'not-found',
      value: [],
    });
    expect(readLookupAnswer({ status: 200, body: { errorCode: '0', result: null } })).toEqual({
      outcome: 'not-found',
      value: [],
    });
  });

  it('throws-as-value a refusal with the store’s code, and an unreadable result as transient', () => {
    expect(
      readLookupAnswer({
        status: 200,
        body: { errorCode: '4', message: 'Thủ tục không được phép' },
      }),
    ).toMatchObject({ code: ResultsStoreErrorCode.Rejected, storeCode: '4' });
    expect(
      readLookupAnswer({
        status: 200,
        body: lookupAnswer([storedResultWire({ MaKetQua: '' })]),
      }),
    ).toMatchObject({ code: ResultsStoreErrorCode.Unavailable, storeCode: 'BAD_RESPONSE' });
  });
});
