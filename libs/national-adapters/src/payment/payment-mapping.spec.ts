import { paymentMessageChecksum } from './payment-checksum';
import { fromPaymentTime, toPaymentTime } from './payment-dates';
import { PaymentPlatformError, PaymentPlatformErrorCode } from './payment-errors';
import {
  classifyPaymentHttp,
  classifyPaymentTransportError,
  readInitAnswer,
  readQueryAnswer,
  toInitMessage,
  toQueryMessage,
} from './payment-mapping';
import { paymentStartRequestSchema } from './payment-types';
import { initMessageSchema, queryMessageSchema } from './payment-wire';
import { TEST_PARTNER, TEST_SECRET, paymentStartRequest } from './test/payment-messages';

const parsedRequest = (overrides: Parameters<typeof paymentStartRequest>[0] = {}) =>
  paymentStartRequestSchema.parse(paymentStartRequest(overrides));

describe('payment times', () => {
  it('writes instants as Hanoi wall-clock yyyyMMddHHmmss and reads them back with +07:00', () => {
    expect(toPaymentTime('2026-03-12T03:30:45Z')).toBe('20260312103045');
    expect(toPaymentTime(new Date('2026-03-12T20:00:00Z'))).toBe('20260313030000');
    expect(toPaymentTime('not a time')).toBeUndefined();
    expect(fromPaymentTime('20260312103045')).toBe('2026-03-12T10:30:45+07:00');
    expect(fromPaymentTime('2026031210304')).toBeUndefined();
  });
});

describe('toInitMessage', () => {
  it('sends the known constants, strings everywhere, and signs the INIT field order', () => {
    const message = toInitMessage(parsedRequest(), TEST_PARTNER, TEST_SECRET);
    expect(message).toMatchObject({
      LoaiBanTin: 'INIT',
      PhienBan: '1.0.6',
      MaDoiTac: TEST_PARTNER,
      MaThamChieu: 'HS260312000042',
      SoTien: '150000',
      LoaiHinhThanhToan: 'PAY',
      MaKenhThanhToan: '1',
      MaThietBi: '1',
      NgonNgu: 'vi-VN',
      MaTienTe: 'VND',
      MaNganHang: '',
      ThoiGianGD: '20260312103045',
      Ip: '10.0.0.7',
      ThongTinBienLai: {
        MaHoSo: '000.00.01.H26-260312-00042',
        PhiLePhi: [
          {
            LoaiPhiLePhi: '1',
            MaPhiLePhi: 'LLTP-01',
            TenPhiLePhi: 'Phí cấp phiếu',
            SoTien: '150000',
          },
        ],
        DSKhoanNop: [{ NoiDung: 'Phí cấp phiếu lý lịch tư pháp', SoTien: '150000' }],
      },
    });
    expect(message.MaXacThuc).toBe(paymentMessageChecksum('INIT', message, TEST_SECRET));
    // What the mock parses is what the adapter sends.
    expect(initMessageSchema.safeParse(message).success).toBe(true);
  });

  it('cuts TenTTHC (and TenDVC) to 250 characters without splitting a letter', () => {
    const long = 'Thủ tục cấp giấy phép '.repeat(20);
    const base = paymentStartRequest();
    const message = toInitMessage(
      parsedRequest({
        receipt: { ...base.receipt, procedureName: long, publicServiceName: long },
      }),
      TEST_PARTNER,
      TEST_SECRET,
    );
    expect(Array.from(message.ThongTinBienLai.TenTTHC)).toHaveLength(250);
    expect(message.ThongTinBienLai.TenTTHC.endsWith('…')).toBe(true);
    expect(Array.from(message.ThongTinBienLai.TenDVC)).toHaveLength(250);
    expect(initMessageSchema.safeParse(message).success).toBe(true);
  });

  it('refuses amounts that are not whole positive đồng', () => {
    for (const amount of [0, -1, 1.5, Number.NaN]) {
      expect(paymentStartRequestSchema.safeParse(paymentStartRequest({ amount })).success).toBe(
        false,
      );
    }
  });
});

describe('toQueryMessage', () => {
  it('signs the QUERY field order', () => {
    const message = toQueryMessage('HS1', '2026-03-12T03:30:45Z', TEST_PARTNER, TEST_SECRET);
    expect(message).toMatchObject({
      LoaiBanTin: 'QUERY',
      PhienBan: '1.0.6',
      ThoiGianGD: '20260312103045',
    });
    expect(message.MaXacThuc).toBe(paymentMessageChecksum('QUERY', message, TEST_SECRET));
    expect(queryMessageSchema.safeParse(message).success).toBe(true);
  });
});

describe('readInitAnswer', () => {
  const ok = (body: unknown) => readInitAnswer({ status: 200, body });

  it('reads the payment page from the JSON text in message', () => {
    expect(
      ok({ error_code: '0', message: JSON.stringify({ UrlThanhToan: 'https://pay.example/p/1' }) }),
    ).toEqual({ kind: 'started', paymentUrl: 'https://pay.example/p/1' });
  });

  it('gives a refusal as a result with the platform’s code and text', () => {
    expect(ok({ error_code: '2', message: 'Mã xác thực không hợp lệ' })).toEqual({
      kind: 'refused',
      code: '2',
      message: 'Mã xác thực không hợp lệ',
    });
    expect(readInitAnswer({ status: 400, body: 'bad' })).toMatchObject({
      kind: 'refused',
      code: 'HTTP 400',
    });
  });

  it('treats an answer it cannot read as the platform being unavailable', () => {
    for (const body of [
      '<html>',
      {},
      { error_code: '0', message: 'not json' },
      { error_code: '0', message: '{}' },
    ]) {
      const reading = ok(body);
      expect(reading).toBeInstanceOf(PaymentPlatformError);
      expect(reading).toMatchObject({
        code: PaymentPlatformErrorCode.Unavailable,
        transient: true,
      });
    }
  });
});

describe('readQueryAnswer', () => {
  const read = (body: unknown, status = 200) => readQueryAnswer({ status, body }, 'HS1');

  it('maps the states: 1 paid, 3 pending, 4 failed, unknown reference', () => {
    expect(
      read({
        MaLoi: '00',
        MaThamChieu: 'HS1',
        TrangThaiGD: '1',
        SoTien: '150000',
        MaGiaoDich: 'PP1',
        MaNganHang: 'VCB',
        ThoiGianGD: '20260312103045',
      }),
    ).toEqual({
      kind: 'paid',
      transactionId: 'PP1',
      amount: 150_000,
      bank: 'VCB',
      paidAt: '2026-03-12T10:30:45+07:00',
    });
    expect(read({ MaLoi: '00', TrangThaiGD: '3' })).toEqual({ kind: 'pending' });
    expect(read({ MaLoi: '00', TrangThaiGD: '7' })).toEqual({ kind: 'pending' });
    expect(read({ MaLoi: '00', TrangThaiGD: '4' })).toEqual({ kind: 'failed', code: '4' });
    expect(read({ MaLoi: '03', MoTaLoi: 'Không tìm thấy' })).toEqual({ kind: 'unknown-reference' });
  });

  it('throws-worthy readings: a refused QUERY is permanent, an unreadable one transient', () => {
    expect(read({ MaLoi: '01', MoTaLoi: 'Sai mã xác thực' })).toMatchObject({
      code: PaymentPlatformErrorCode.Rejected,
      platformCode: '01',
      transient: false,
    });
    expect(read({ MaLoi: '00', TrangThaiGD: '1', SoTien: '1' })).toMatchObject({
      code: PaymentPlatformErrorCode.Unavailable,
    });
    expect(read({ MaLoi: '00', MaThamChieu: 'OTHER', TrangThaiGD: '3' })).toMatchObject({
      code: PaymentPlatformErrorCode.Unavailable,
    });
    expect(read('<html>')).toMatchObject({ code: PaymentPlatformErrorCode.Unavailable });
  });
});

describe('transport classification', () => {
  it('makes 429, 408 and 5xx transient, with Retry-After', () => {
    expect(classifyPaymentHttp({ status: 503, body: {} })).toMatchObject({
      code: PaymentPlatformErrorCode.Unavailable,
      platformCode: 'HTTP 503',
    });
    expect(classifyPaymentHttp({ status: 429, body: {}, retryAfter: '2' })).toMatchObject({
      retryAfterMs: 2_000,
    });
    expect(classifyPaymentHttp({ status: 200, body: {} })).toBeUndefined();
    expect(classifyPaymentHttp({ status: 400, body: {} })).toBeUndefined();
    expect(
      classifyPaymentTransportError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })),
    ).toMatchObject({ platformCode: 'ECONNREFUSED', transient: true });
  });
});
