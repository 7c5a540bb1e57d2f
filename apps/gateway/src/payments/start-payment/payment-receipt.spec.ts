import { paymentStartRequestSchema } from '@hub/national-adapters';
import {
  CASE_CODE,
  FEES,
  paymentSettings,
  receivedCase,
  storedPayment,
} from '../test/payment-fixtures';
import { buildStartRequest, decideFees, readReceived, type ReceiptInput } from './payment-receipt';

const beneficiary = paymentSettings().beneficiaries.get('STP')!;

function receipt(overrides: Partial<ReceiptInput> = {}): ReceiptInput {
  return {
    reference: 'LT260312ABCDEFGH2345',
    startedAt: new Date('2026-03-12T03:30:45Z'),
    caseCode: CASE_CODE,
    received: receivedCase(),
    catalogProcedureName: 'Đăng ký khai sinh',
    fees: FEES,
    beneficiary,
    serviceCode: '1',
    payerIp: '10.0.0.7',
    ...overrides,
  };
}

describe('decideFees', () => {
  const none = { paid: new Set<string>(), started: [] };

  it('charges every fee due when none is named', () => {
    expect(decideFees({ caseFees: FEES, ...none })).toEqual({ kind: 'charge', fees: FEES });
  });

  it('never charges a fee a payment already covers, nor a free one', () => {
    const free = { code: 'MIEN', name: 'Miễn phí', amount: 0 };
    expect(
      decideFees({ caseFees: [...FEES, free], paid: new Set(['LP-KS']), started: [] }),
    ).toEqual({ kind: 'charge', fees: [FEES[1]] });
    expect(
      decideFees({ caseFees: FEES, paid: new Set(['LP-KS']), started: [], requested: ['LP-KS'] }),
    ).toEqual({ kind: 'not-due', errors: [{ path: 'fees[0]', message: 'is paid already' }] });
    expect(decideFees({ caseFees: [free], ...none, requested: ['MIEN'] })).toMatchObject({
      kind: 'not-due',
      errors: [{ path: 'fees[0]' }],
    });
  });

  it('says there is nothing due, and why', () => {
    expect(decideFees({ caseFees: [], ...none })).toMatchObject({
      kind: 'none-due',
      detail: expect.stringContaining('no fees') as string,
    });
    expect(
      decideFees({ caseFees: FEES, paid: new Set(['LP-KS', 'PHI-BS']), started: [] }),
    ).toMatchObject({ kind: 'none-due', detail: expect.stringContaining('paid') as string });
  });

  it('names each fee code the case does not have', () => {
    expect(decideFees({ caseFees: FEES, ...none, requested: ['PHI-BS', 'X'] })).toEqual({
      kind: 'unknown-fee',
      errors: [{ path: 'fees[1]', message: 'is not a fee of the case (its fees: LP-KS, PHI-BS)' }],
    });
  });

  it('answers the started payment of exactly these fees instead of starting another', () => {
    const started = storedPayment();
    expect(decideFees({ caseFees: FEES, paid: new Set(), started: [started] })).toEqual({
      kind: 'existing',
      payment: started,
    });
    const reversed = decideFees({
      caseFees: FEES,
      paid: new Set(),
      started: [started],
      requested: ['PHI-BS', 'LP-KS'],
    });
    expect(reversed).toEqual({ kind: 'existing', payment: started });
  });

  it('refuses a fee another started payment holds, naming that payment', () => {
    const started = storedPayment({ fees: [FEES[0]], amount: 8_000 });
    const decision = decideFees({
      caseFees: FEES,
      paid: new Set(),
      started: [started],
      requested: ['LP-KS', 'PHI-BS'],
    });
    expect(decision).toEqual({
      kind: 'not-due',
      errors: [
        {
          path: 'fees[0]',
          message: expect.stringContaining(`being paid in payment ${started.reference}`) as string,
        },
      ],
    });
    expect(
      decideFees({ caseFees: FEES, paid: new Set(), started: [started], requested: ['PHI-BS'] }),
    ).toEqual({ kind: 'charge', fees: [FEES[1]] });
  });

  it('asks to wait while the same fees are being started (no payment URL yet)', () => {
    const started = storedPayment({ paymentUrl: null });
    const waiting = { path: 'fees', message: expect.stringContaining('ask again') as string };
    expect(decideFees({ caseFees: FEES, paid: new Set(), started: [started] })).toMatchObject({
      kind: 'not-due',
      errors: [waiting, waiting],
    });
  });
});

describe('buildStartRequest', () => {
  it("builds the INIT's receipt from the case, the catalog and the department's account", () => {
    const built = buildStartRequest(receipt({ bankCode: 'VCB' }));
    if (!built.ok) throw new Error(JSON.stringify(built.errors));
    expect(built.request).toEqual({
      reference: 'LT260312ABCDEFGH2345',
      amount: 11_000,
      startedAt: '2026-03-12T03:30:45.000Z',
      description: `THANH TOAN HO SO ${CASE_CODE}`,
      payerIp: '10.0.0.7',
      bankCode: 'VCB',
      receipt: {
        serviceCode: '1',
        publicServiceCode: '1.001193',
        publicServiceName: 'Đăng ký khai sinh',
        procedureCode: '1.001193',
        procedureName: 'Đăng ký khai sinh',
        agencyCode: '000.00.01.H26',
        agencyName: 'Sở Tư pháp thành phố Hà Nội',
        caseCode: CASE_CODE,
        beneficiary,
        payer: {
          fullName: 'Nguyễn Văn An',
          idNumber: '001090164571',
          address: 'Số 12 phố Hàng Bài, Hà Nội',
        },
        purpose: `Lệ phí đăng ký khai sinh; Phí cấp bản sao trích lục - hồ sơ ${CASE_CODE}`,
        fees: [
          { kind: '1', code: 'LP-KS', name: 'Lệ phí đăng ký khai sinh', amount: 8_000 },
          { kind: '1', code: 'PHI-BS', name: 'Phí cấp bản sao trích lục', amount: 3_000 },
        ],
        items: [
          { description: 'Lệ phí đăng ký khai sinh', amount: 8_000 },
          { description: 'Phí cấp bản sao trích lục', amount: 3_000 },
        ],
      },
    });
    expect(paymentStartRequestSchema.safeParse(built.request).success).toBe(true);
  });

  it("takes the case's procedure name when the catalog lacks the procedure", () => {
    const built = buildStartRequest(receipt({ catalogProcedureName: null }));
    expect(built.ok && built.request.receipt.procedureName).toBe('Thủ tục đăng ký khai sinh');
  });

  it("pays as an enterprise with its code, and cuts names to the platform's lengths", () => {
    const built = buildStartRequest(
      receipt({
        received: receivedCase({
          agencyName: 'S'.repeat(300),
          applicant: {
            kind: 'enterprise',
            fullName: 'Công ty TNHH An Bình',
            enterpriseCode: '0101234567',
          },
        }),
      }),
    );
    if (!built.ok) throw new Error(JSON.stringify(built.errors));
    expect(built.request.receipt.payer).toEqual({
      fullName: 'Công ty TNHH An Bình',
      idNumber: '0101234567',
      address: '',
    });
    expect(built.request.receipt.agencyName).toHaveLength(250);
  });

  it('names the case data an INIT cannot carry, never its value', () => {
    const noId = buildStartRequest(
      receipt({ received: receivedCase({ applicant: { kind: 'agency', fullName: 'UBND' } }) }),
    );
    expect(noId).toEqual({
      ok: false,
      errors: [
        { path: 'case.received data.applicant', message: expect.stringContaining('ID') as string },
      ],
    });
    const longCode = buildStartRequest(
      receipt({ fees: [{ code: 'C'.repeat(60), name: 'Phí', amount: 1_000 }] }),
    );
    expect(longCode.ok).toBe(false);
    if (!longCode.ok) {
      expect(longCode.errors.map((e) => e.path)).toEqual(['init.receipt.fees[0].code']);
      expect(JSON.stringify(longCode.errors)).not.toContain('001090164571');
    }
  });
});

describe('readReceived', () => {
  it('reads a stored case.received and refuses anything else', () => {
    expect(readReceived({ ...receivedCase(), documents: [], extra: 1 })).toMatchObject({
      procedureCode: '1.001193',
    });
    expect(readReceived(undefined)).toBeUndefined();
    expect(readReceived({ procedureCode: 1 })).toBeUndefined();
  });
});
