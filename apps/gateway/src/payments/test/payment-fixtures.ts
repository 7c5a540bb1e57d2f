import { type ConfirmMessage, paymentMessageChecksum } from '@hub/national-adapters';
import type { PaymentSettings } from '../payment-config';
import type { PaymentFee, StoredPayment } from '../payment.repository';
import type { ReceivedForPayment } from '../start-payment/payment-receipt';

/** Factories for payment specs: valid by default, each field overridable. */

export const TEST_PARTNER = 'LIENTHONG-H26';
export const TEST_SECRET = 'demo-payment-secret';
export const CASE_CODE = '000.00.01.H26-260312-00042';

export const FEES: PaymentFee[] = [
  { code: 'LP-KS', name: 'Lệ phí đăng ký khai sinh', amount: 8_000 },
  { code: 'PHI-BS', name: 'Phí cấp bản sao trích lục', amount: 3_000 },
];

export function receivedCase(overrides: Partial<ReceivedForPayment> = {}): ReceivedForPayment {
  return {
    procedureCode: '1.001193',
    procedureName: 'Thủ tục đăng ký khai sinh',
    agencyCode: '000.00.01.H26',
    agencyName: 'Sở Tư pháp thành phố Hà Nội',
    applicant: {
      kind: 'citizen',
      fullName: 'Nguyễn Văn An',
      personalId: '001090164571',
      address: 'Số 12 phố Hàng Bài, Hà Nội',
    },
    fees: FEES.map((f) => ({ ...f })),
    ...overrides,
  };
}

export function storedPayment(overrides: Partial<StoredPayment> = {}): StoredPayment {
  return {
    reference: 'LT260312ABCDEFGH2345',
    caseCode: CASE_CODE,
    department: 'STP',
    amount: 11_000,
    fees: FEES.map((f) => ({ ...f })),
    state: 'started',
    paymentUrl: 'http://127.0.0.1:4005/thanhtoan/pay/LT260312ABCDEFGH2345',
    startedAt: new Date('2026-03-12T03:30:00Z'),
    failure: null,
    transactionId: null,
    paidAt: null,
    bank: null,
    confirmedBy: null,
    eventId: null,
    queryAttempts: 0,
    lastQueryAt: null,
    nextQueryAt: new Date('2026-03-12T03:35:00Z'),
    ...overrides,
  };
}

export function paymentSettings(overrides: Partial<PaymentSettings> = {}): PaymentSettings {
  return {
    partnerCode: TEST_PARTNER,
    secret: TEST_SECRET,
    serviceCode: '1',
    beneficiaries: new Map([
      [
        'STP',
        { accountNumber: '3711.0.1055123', bankCode: 'KBNN', accountName: 'Sở Tư pháp Hà Nội' },
      ],
    ]),
    initTimeoutMs: 2_000,
    queryAfterMs: 1_000,
    queryMaxIntervalMs: 4_000,
    queryPollMs: 200,
    ...overrides,
  };
}

/** A CONFIRM as the platform sends it, signed with `secret` after the overrides are applied. */
export function confirmMessage(
  overrides: Partial<Omit<ConfirmMessage, 'MaXacThuc'>> = {},
  secret = TEST_SECRET,
): ConfirmMessage {
  const unsigned = {
    LoaiBanTin: 'CONFIRM' as const,
    MaLoi: '00',
    MaDoiTac: TEST_PARTNER,
    MaThamChieu: 'LT260312ABCDEFGH2345',
    SoTien: '11000',
    MaTienTe: 'VND' as const,
    MaGiaoDich: 'PP20260312103045000001',
    MaNganHang: 'VCB',
    ThoiGianGD: '20260312103045',
    ThongTinGiaoDich: `THANH TOAN HO SO ${CASE_CODE}`,
    ...overrides,
  };
  return { ...unsigned, MaXacThuc: paymentMessageChecksum('CONFIRM', unsigned, secret) };
}

/** `MaXacThuc` with one hex digit changed: well formed, no longer matching. */
export function withOneDigitChanged(checksum: string): string {
  const at = checksum.search(/[0-9]/);
  const digit = checksum[at] === '9' ? '8' : String(Number(checksum[at]) + 1);
  return `${checksum.slice(0, at)}${digit}${checksum.slice(at + 1)}`;
}
