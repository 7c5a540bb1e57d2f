import { paymentMessageChecksum } from '../payment-checksum';
import type { PaymentStartRequest } from '../payment-types';
import type { ConfirmMessage } from '../payment-wire';

/** Factories for payment specs: valid by default, each field overridable. */

export const TEST_SECRET = 'demo-payment-secret';
export const TEST_PARTNER = 'LIENTHONG-H26';

/** A CONFIRM as the platform sends it, signed with `secret` after the overrides are applied. */
export function confirmMessage(
  overrides: Partial<Omit<ConfirmMessage, 'MaXacThuc'>> = {},
  secret = TEST_SECRET,
): ConfirmMessage {
  const unsigned = {
    LoaiBanTin: 'CONFIRM' as const,
    MaLoi: '00',
    MaDoiTac: TEST_PARTNER,
    MaThamChieu: 'HS260312000042',
    SoTien: '150000',
    MaTienTe: 'VND' as const,
    MaGiaoDich: 'PP2603121030450001',
    MaNganHang: 'VCB',
    ThoiGianGD: '20260312103045',
    ThongTinGiaoDich: 'THANH TOAN HO SO 000.00.01.H26-260312-00042',
    ...overrides,
  };
  return { ...unsigned, MaXacThuc: paymentMessageChecksum('CONFIRM', unsigned, secret) };
}

export function paymentStartRequest(
  overrides: Partial<PaymentStartRequest> = {},
): PaymentStartRequest {
  return {
    reference: 'HS260312000042',
    amount: 150_000,
    startedAt: '2026-03-12T03:30:45Z',
    description: 'THANH TOAN HO SO 000.00.01.H26-260312-00042',
    payerIp: '10.0.0.7',
    receipt: {
      serviceCode: '1',
      publicServiceCode: '1.001193.01',
      publicServiceName: 'Cấp phiếu lý lịch tư pháp',
      procedureCode: '1.001193',
      procedureName: 'Cấp phiếu lý lịch tư pháp cho công dân Việt Nam',
      agencyCode: '000.00.01.H26',
      agencyName: 'Sở Tư pháp Hà Nội',
      caseCode: '000.00.01.H26-260312-00042',
      beneficiary: {
        accountNumber: '3711.0.1055123',
        bankCode: 'KBNN',
        accountName: 'Sở Tư pháp Hà Nội',
      },
      payer: { fullName: 'Nguyễn Văn An', idNumber: '001090012345', address: 'Hà Nội' },
      purpose: 'Phí cấp phiếu lý lịch tư pháp',
      fees: [{ kind: '1', code: 'LLTP-01', name: 'Phí cấp phiếu', amount: 150_000 }],
      items: [{ description: 'Phí cấp phiếu lý lịch tư pháp', amount: 150_000 }],
    },
    ...overrides,
  };
}
