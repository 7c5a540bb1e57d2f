import type { CaseEvent } from '@hub/contracts';
import { toPortalDate, fromPortalDate } from './portal-dates';
import { PortalAdapterException, PortalErrorCode } from './portal-errors';
import { buildDossier, buildProgressEntry, SYSTEM_OFFICIAL } from './portal-mapping';
import type { PortalDossier } from './portal-wire';
import { exampleHistory, statusChange, variant } from './test/case-events';

/** The dossier after each prefix of `history`. */
const foldEach = (history: readonly CaseEvent[]): PortalDossier[] =>
  history.map((_, i) => buildDossier(history.slice(0, i + 1)));

const at = (history: readonly CaseEvent[], sequence: number): CaseEvent => {
  const event = history.find((e) => e.sequence === sequence);
  if (event === undefined) throw new Error(`no event ${sequence}`);
  return event;
};

const captureError = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('toPortalDate / fromPortalDate', () => {
  it.each([
    ['2026-03-12T08:30:00+07:00', '20260312083000'],
    ['2026-03-12T01:30:00Z', '20260312083000'],
    ['2026-03-12T03:30:00+02:00', '20260312083000'],
    ['2026-03-12T20:15:59.999Z', '20260313031559'],
    ['2025-12-31T17:00:00Z', '20260101000000'],
  ])('converts %s to Hanoi time %s', (rfc3339, portal) => {
    expect(toPortalDate(rfc3339)).toBe(portal);
  });

  it('refuses a string that is not a timestamp', () => {
    expect(() => toPortalDate('yesterday')).toThrow(PortalAdapterException);
  });

  it('reads portal dates back as +07:00 timestamps', () => {
    expect(fromPortalDate('20260312083000')).toBe('2026-03-12T08:30:00+07:00');
    expect(fromPortalDate('2026-03-12')).toBeUndefined();
    expect(fromPortalDate(undefined)).toBeUndefined();
  });
});

describe('buildDossier', () => {
  const history = exampleHistory();
  const [received] = history;

  it('maps case.received to the full portal dossier', () => {
    expect(buildDossier([received])).toEqual({
      MaHoSo: '000.00.01.H26-260312-00042',
      MaTTHC: '1.001193',
      TenTTHC: 'Thủ tục đăng ký khai sinh',
      KenhThucHien: '2',
      ChuHoSo: 'Nguyễn Văn An',
      SoGiayToChuHoSo: '001090164571',
      LoaiDoiTuong: '1',
      MaDoiTuong: '001090164571',
      Email: 'an.nguyen@example.vn',
      SoDienThoai: '0912345678',
      TrichYeuHoSo: 'Đăng ký khai sinh cho con',
      NgayTiepNhan: '20260312083000',
      NgayNopHoSo: '20260312083000',
      NgayHenTra: '20260315083000',
      TrangThaiHoSo: '2',
      HinhThuc: '0',
      DonViXuLy: 'Sở Tư pháp thành phố Hà Nội',
      HoSoCoThanhPhanSoHoa: '1',
      TaiKhoanDuocXacThucVoiVNeID: '1',
      DuocThanhToanTrucTuyen: '0',
      DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: '001090164571' }],
      TaiLieuNop: [
        {
          TepDinhKemId: 'TK-KS',
          TenTepDinhKem: 'Tờ khai đăng ký khai sinh',
          MaThanhPhanHoSo: 'TK-KS',
          DuongDanTaiTepTin: '',
          DuocSoHoa: '1',
          DuocTaiSuDung: '0',
          DuocLayTuKhoDMQG: '0',
          MaKetQuaThayThe: '',
        },
        {
          TepDinhKemId: 'GCS',
          TenTepDinhKem: 'Giấy chứng sinh',
          MaThanhPhanHoSo: 'GCS',
          DuongDanTaiTepTin: 'https://files.hanoi.gov.vn/ks/gcs.pdf',
          DuocSoHoa: '1',
          DuocTaiSuDung: '0',
          DuocLayTuKhoDMQG: '0',
          MaKetQuaThayThe: '',
        },
      ],
      DanhSachLePhi: [
        {
          TenPhiLePhi: 'Lệ phí đăng ký khai sinh',
          MaPhiLePhi: 'LP-KS',
          HinhThucThu: '1',
          Gia: '8000',
          LoaiPhiLePhi: '1',
        },
      ],
    });
  });

  it('walks the example lifecycle through statuses 2, 4, 4, 9, 10', () => {
    expect(foldEach(history).map((d) => d.TrangThaiHoSo)).toEqual(['2', '4', '4', '9', '10']);
  });

  it('keeps every value a string on the wire', () => {
    const strings = (value: unknown): boolean =>
      typeof value === 'string' ||
      (Array.isArray(value) && value.every(strings)) ||
      (typeof value === 'object' && value !== null && Object.values(value).every(strings));
    for (const dossier of foldEach(history)) expect(strings(dossier)).toBe(true);
  });

  it('marks the online payment on the dossier and its fees, leaving the status', () => {
    const [, processing, paid] = foldEach(history);
    expect(paid).toEqual({
      ...processing,
      DuocThanhToanTrucTuyen: '1',
      DanhSachLePhi: [{ ...processing.DanhSachLePhi[0], HinhThucThu: '2' }],
    });
  });

  it('leaves a cash payment as not paid online', () => {
    const cash = variant(at(history, 3), { method: 'cash' });
    const dossier = buildDossier([...history.slice(0, 2), cash]);
    expect(dossier.DuocThanhToanTrucTuyen).toBe('0');
    expect(dossier.DanhSachLePhi.map((f) => f.HinhThucThu)).toEqual(['1']);
  });

  it('lists a paid fee that intake never declared', () => {
    const extra = variant(at(history, 3), {
      amount: 8000 + 50000,
      fees: [
        { code: 'LP-KS', amount: 8000 },
        { code: 'PHI-SAO', amount: 50000 },
      ],
    });
    const dossier = buildDossier([...history.slice(0, 2), extra]);
    expect(dossier.DanhSachLePhi).toEqual([
      expect.objectContaining({ MaPhiLePhi: 'LP-KS', HinhThucThu: '2' }),
      {
        TenPhiLePhi: 'PHI-SAO',
        MaPhiLePhi: 'PHI-SAO',
        HinhThucThu: '2',
        Gia: '50000',
        LoaiPhiLePhi: '1',
      },
    ]);
  });

  it('adds the results, the end of processing and the delivery on result-issued', () => {
    const dossier = buildDossier(history.slice(0, 4));
    const issued = at(history, 4);
    if (issued.type !== 'case.result-issued') throw new Error('example changed');
    const [document] = issued.data.documents;
    expect(dossier).toMatchObject({
      TrangThaiHoSo: '9',
      NgayKetThucXuLy: '20260312103000',
      HinhThuc: '0',
      DuocThanhToanTrucTuyen: '1',
      DanhSachGiayToKetQua: [
        {
          TenGiayTo: 'Giấy khai sinh (bản điện tử)',
          MaThanhPhanHoSo: 'KQ-KS',
          GiayToId: 'KS-260312-42/2026',
          DuongDanTepTinKetQua: document.url,
          MaGiayToKetQua: 'KS-260312-42/2026',
        },
      ],
    });
    const byPost = variant(issued, { delivery: 'post' });
    expect(buildDossier([...history.slice(0, 3), byPost]).HinhThuc).toBe('1');
  });

  it('dates the return of the result', () => {
    expect(buildDossier(history)).toMatchObject({
      TrangThaiHoSo: '10',
      NgayTra: '20260312113000',
      NgayKetThucXuLy: '20260312103000',
    });
  });

  it('dates a refusal', () => {
    const refused = statusChange(history, 2, 'refused', { changedAt: '2026-03-12T09:00:00+07:00' });
    expect(buildDossier([received, refused])).toMatchObject({
      TrangThaiHoSo: '3',
      NgayTuChoi: '20260312090000',
    });
  });

  it('accumulates supplement requests and moves the due date', () => {
    const events = [
      received,
      statusChange(history, 2, 'processing'),
      statusChange(history, 3, 'supplement_requested', {
        changedAt: '2026-03-12T10:00:00+07:00',
        note: 'Bổ sung bản sao giấy chứng nhận kết hôn',
      }),
      statusChange(history, 4, 'processing', { newDueAt: '2026-03-18T17:00:00+07:00' }),
      statusChange(history, 5, 'supplement_requested', { changedAt: '2026-03-13T02:00:00Z' }),
    ];
    const dossier = buildDossier(events);
    expect(dossier.TrangThaiHoSo).toBe('5');
    expect(dossier.NgayHenTra).toBe('20260318170000');
    expect(dossier.DanhSachHoSoBoSung).toEqual([
      { NoiDungBoSung: 'Bổ sung bản sao giấy chứng nhận kết hôn', NgayYeuCau: '20260312100000' },
      { NoiDungBoSung: '', NgayYeuCau: '20260313090000' },
    ]);
  });

  it('keeps the fee list on payment_requested, even when it is empty', () => {
    const requested = statusChange(history, 3, 'payment_requested');
    const withFees = buildDossier([received, statusChange(history, 2, 'processing'), requested]);
    expect(withFees.TrangThaiHoSo).toBe('6');
    expect(withFees.DanhSachLePhi).toHaveLength(1);
    const noFees = variant(received, { fees: [] });
    const without = buildDossier([noFees, statusChange(history, 2, 'processing'), requested]);
    expect(without.DanhSachLePhi).toEqual([]);
  });

  it('maps every status to its portal code', () => {
    const codes = (
      [
        ['registered', '1'],
        ['accepted', '2'],
        ['refused', '3'],
        ['processing', '4'],
        ['supplement_requested', '5'],
        ['payment_requested', '6'],
        ['withdrawn', '7'],
        ['stopped', '8'],
        ['processed', '9'],
        ['result_returned', '10'],
      ] as const
    ).map(([status, code]) => [
      buildDossier([received, statusChange(history, 2, status)]).TrangThaiHoSo,
      code,
    ]);
    for (const [actual, expected] of codes) expect(actual).toBe(expected);
    const processed = buildDossier([
      received,
      statusChange(history, 2, 'processed', { changedAt: '2026-03-13T08:00:00+07:00' }),
    ]);
    expect(processed.NgayKetThucXuLy).toBe('20260313080000');
  });

  it('maps a registered, in-person enterprise dossier with reused documents', () => {
    const enterprise = variant(received, {
      channel: 'in_person',
      initialStatus: 'registered',
      summary: undefined,
      applicant: {
        kind: 'enterprise',
        enterpriseCode: '0101234567',
        fullName: 'Công ty TNHH An Bình',
      },
      documents: [
        {
          code: 'GPKD',
          name: 'Giấy chứng nhận đăng ký doanh nghiệp',
          digitised: false,
          reusedFrom: 'KQ-000.00.01.H26-250101-00001',
        },
      ],
    });
    const dossier = buildDossier([enterprise]);
    expect(dossier).toMatchObject({
      KenhThucHien: '1',
      TrangThaiHoSo: '1',
      LoaiDoiTuong: '2',
      SoGiayToChuHoSo: '0101234567',
      MaDoiTuong: '0101234567',
      TrichYeuHoSo: 'Thủ tục đăng ký khai sinh',
      TaiKhoanDuocXacThucVoiVNeID: '0',
      HoSoCoThanhPhanSoHoa: '0',
      TaiLieuNop: [
        {
          TepDinhKemId: 'GPKD',
          TenTepDinhKem: 'Giấy chứng nhận đăng ký doanh nghiệp',
          MaThanhPhanHoSo: 'GPKD',
          DuongDanTaiTepTin: '',
          DuocSoHoa: '0',
          DuocTaiSuDung: '1',
          DuocLayTuKhoDMQG: '1',
          MaKetQuaThayThe: 'KQ-000.00.01.H26-250101-00001',
        },
      ],
    });
    expect(dossier).not.toHaveProperty('DinhDanhCHS');
    expect(dossier).not.toHaveProperty('SoDienThoai');
    expect(dossier).not.toHaveProperty('Email');
  });

  it('does not change earlier dossiers while folding', () => {
    const first = buildDossier(history.slice(0, 1));
    const snapshot = JSON.stringify(first);
    buildDossier(history);
    expect(JSON.stringify(buildDossier(history.slice(0, 1)))).toBe(snapshot);
  });

  it.each([
    ['is empty', [] as CaseEvent[]],
    ['does not start with case.received', exampleHistory().slice(1)],
    ['has a gap', [exampleHistory()[0], exampleHistory()[2]]],
    ['mixes cases', [exampleHistory()[0], exampleHistory({ number: 43 })[1]]],
  ])('refuses a history that %s', (_, events) => {
    const thrown = captureError(() => buildDossier(events));
    expect(thrown).toBeInstanceOf(PortalAdapterException);
    expect((thrown as PortalAdapterException).code).toBe(PortalErrorCode.INVALID_HISTORY);
  });
});

describe('buildProgressEntry', () => {
  const history = exampleHistory();
  const dossiers = foldEach(history);
  const entries = history.map((event, i) => buildProgressEntry(event, dossiers[i]));

  it('describes each event of the lifecycle, with the status after it', () => {
    expect(entries).toEqual([
      {
        MaHoSo: '000.00.01.H26-260312-00042',
        NguoiXuLy: SYSTEM_OFFICIAL,
        ChucDanh: '',
        ThoiDiemXuLy: '20260312083000',
        PhongBanXuLy: 'Sở Tư pháp thành phố Hà Nội',
        NoiDungXuLy: 'Tiếp nhận hồ sơ',
        TrangThai: '2',
        NgayBatDau: '20260312083000',
        NgayKetThucTheoQuyDinh: '20260315083000',
      },
      {
        MaHoSo: '000.00.01.H26-260312-00042',
        NguoiXuLy: 'Trần Thị Bình',
        ChucDanh: 'Chuyên viên',
        ThoiDiemXuLy: '20260312090000',
        PhongBanXuLy: 'Phòng Hộ tịch',
        NoiDungXuLy: 'Chuyển xử lý',
        TrangThai: '4',
        NgayBatDau: '20260312090000',
        NgayKetThucTheoQuyDinh: '20260315083000',
      },
      expect.objectContaining({
        NguoiXuLy: SYSTEM_OFFICIAL,
        ThoiDiemXuLy: '20260312093000',
        NoiDungXuLy: 'Thanh toán lệ phí trực tuyến',
        TrangThai: '4',
      }),
      expect.objectContaining({
        ThoiDiemXuLy: '20260312103000',
        NoiDungXuLy: 'Cấp kết quả điện tử',
        TrangThai: '9',
      }),
      expect.objectContaining({
        ThoiDiemXuLy: '20260312113000',
        PhongBanXuLy: 'Sở Tư pháp thành phố Hà Nội',
        NoiDungXuLy: 'Trả kết quả',
        TrangThai: '10',
      }),
    ]);
  });

  it('follows a moved due date', () => {
    const moved = statusChange(history, 2, 'processing', { newDueAt: '2026-03-20T08:00:00+07:00' });
    const dossier = buildDossier([history[0], moved]);
    expect(buildProgressEntry(moved, dossier).NgayKetThucTheoQuyDinh).toBe('20260320080000');
  });

  it('folds an event the hub originated at its place after its anchor', () => {
    const received = history[0];
    const platform = {
      ...variant(at(history, 3), { method: 'national_payment_platform' }),
      id: 'hub-payment-T1',
      sequence: 2,
      hubsequence: 1,
    } as CaseEvent;
    const later = { ...at(history, 2), sequence: 3 } as CaseEvent;
    const dossier = buildDossier([received, at(history, 2), platform, later]);
    expect(dossier.DuocThanhToanTrucTuyen).toBe('1');
    expect(dossier.DanhSachLePhi.map((f) => f.HinhThucThu)).toEqual(['2']);
    // A hub event right after case.received is in order too.
    expect(buildDossier([received, { ...platform, sequence: 1 }])).toMatchObject({
      DuocThanhToanTrucTuyen: '1',
    });
    const skipped = { ...platform, hubsequence: 2 } as CaseEvent;
    const error = captureError(() => buildDossier([received, at(history, 2), skipped]));
    expect(error).toBeInstanceOf(PortalAdapterException);
    expect((error as PortalAdapterException).message).toContain('expected sequence 2.1');
    expect(() => buildDossier([received, { ...platform, sequence: 5 }])).toThrow(
      PortalAdapterException,
    );
  });

  it('throws a coded exception, not a bare error, for a bad history', () => {
    expect(() => buildDossier([])).toThrow(PortalAdapterException);
  });
});
