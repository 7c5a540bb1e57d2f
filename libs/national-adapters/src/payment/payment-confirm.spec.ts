import fc from 'fast-check';
import { paymentChecksum } from './payment-checksum';
import {
  confirmAnswer,
  confirmRefusal,
  confirmRefusalCode,
  readConfirmAnswer,
  verifyConfirm,
} from './payment-confirm';
import { PAYMENT_CHECKSUM_FIELDS } from './payment-wire';
import { TEST_PARTNER, TEST_SECRET, confirmMessage } from './test/payment-messages';

const SIGNED_FIELDS = [...PAYMENT_CHECKSUM_FIELDS.CONFIRM, 'MaXacThuc'] as const;
type SignedField = (typeof SIGNED_FIELDS)[number];

/** One character replaced, removed or added at `at` (taken modulo the length). */
type Edit =
  | { op: 'replace'; at: number; char: string }
  | { op: 'delete'; at: number }
  | { op: 'insert'; at: number; char: string };

function applyEdit(value: string, edit: Edit): string {
  const at = edit.op === 'insert' ? edit.at % (value.length + 1) : edit.at % value.length;
  switch (edit.op) {
    case 'replace': {
      const char = edit.char === value[at] ? (edit.char === 'x' ? 'y' : 'x') : edit.char;
      return value.slice(0, at) + char + value.slice(at + 1);
    }
    case 'delete':
      return value.slice(0, at) + value.slice(at + 1);
    case 'insert':
      return value.slice(0, at) + edit.char + value.slice(at);
  }
}

const char = fc.oneof(
  fc.constantFrom('0', '9', 'a', 'f', 'A', '|', ' ', 'đ', '-'),
  fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme-ascii' }),
);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), char }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), char }),
);

describe('verifyConfirm', () => {
  it('accepts a CONFIRM signed with the shared secret, in hub terms', () => {
    const message = confirmMessage();
    expect(verifyConfirm(message, TEST_SECRET, { partnerCode: TEST_PARTNER })).toEqual({
      ok: true,
      confirm: {
        reference: message.MaThamChieu,
        resultCode: '00',
        succeeded: true,
        partnerCode: TEST_PARTNER,
        amount: 150_000,
        currency: 'VND',
        transactionId: message.MaGiaoDich,
        bank: 'VCB',
        paidAt: '2026-03-12T10:30:45+07:00',
        description: message.ThongTinGiaoDich,
        message,
      },
    });
  });

  it('ignores fields it does not know, keeping the message as signed', () => {
    const result = verifyConfirm({ ...confirmMessage(), Extra: 'x' }, TEST_SECRET);
    expect(result.ok && 'Extra' in result.confirm.message).toBe(false);
  });

  it('refuses any single-character change of any field or of MaXacThuc, naming the field', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SIGNED_FIELDS), edit, (field: SignedField, change) => {
        const message: Record<string, string> = { ...confirmMessage() };
        message[field] = applyEdit(message[field] ?? '', change);
        const result = verifyConfirm(message, TEST_SECRET, { partnerCode: TEST_PARTNER });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        // A change that leaves the field well formed is caught by the checksum.
        expect([field, 'MaXacThuc']).toContain(result.field);
        expect(result.reason).not.toBe('');
      }),
      { numRuns: 2_000 },
    );
  });

  it('names a malformed field rather than the checksum', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ SoTien: '150.000' }, 'SoTien'],
      [{ SoTien: 150000 }, 'SoTien'],
      [{ ThoiGianGD: '2026-03-12 10:30:45' }, 'ThoiGianGD'],
      [{ MaTienTe: 'USD' }, 'MaTienTe'],
      [{ LoaiBanTin: 'INIT' }, 'LoaiBanTin'],
      [{ MaGiaoDich: undefined }, 'MaGiaoDich'],
      [{ MaXacThuc: 'ABC' }, 'MaXacThuc'],
    ];
    for (const [change, field] of cases) {
      const result = verifyConfirm({ ...confirmMessage(), ...change }, TEST_SECRET);
      expect(result).toMatchObject({ ok: false, field });
    }
  });

  it('refuses a CONFIRM signed with another secret, or for another partner', () => {
    expect(verifyConfirm(confirmMessage({}, 'other-secret'), TEST_SECRET)).toMatchObject({
      ok: false,
      field: 'MaXacThuc',
    });
    expect(
      verifyConfirm(confirmMessage({ MaDoiTac: 'OTHER' }), TEST_SECRET, {
        partnerCode: TEST_PARTNER,
      }),
    ).toMatchObject({ ok: false, field: 'MaDoiTac' });
  });

  it('never throws on junk, and never accepts it', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.jsonValue(),
          fc.dictionary(fc.constantFrom(...SIGNED_FIELDS), fc.anything()),
        ),
        (body) => {
          const result = verifyConfirm(body, TEST_SECRET);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(typeof result.field).toBe('string');
          expect(() => confirmRefusal(body, 'malformed', TEST_SECRET)).not.toThrow();
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('the hub’s answer to a CONFIRM', () => {
  it('echoes MaLoi, MaDoiTac and ThoiGianGD and signs them', () => {
    const verified = verifyConfirm(confirmMessage(), TEST_SECRET);
    if (!verified.ok) throw new Error(verified.reason);
    const answer = confirmAnswer(verified.confirm, TEST_SECRET);
    expect(answer).toEqual({
      MaLoi: '00',
      MoTaLoi: '',
      MaDoiTac: TEST_PARTNER,
      ThoiGianGD: '20260312103045',
      MaXacThuc: paymentChecksum(['00', TEST_PARTNER, '20260312103045'], TEST_SECRET),
    });
    expect(readConfirmAnswer(answer, TEST_SECRET)).toEqual({
      ok: true,
      accepted: true,
      code: '00',
      answer,
    });
  });

  it('refuses with a non-"00" code of its own, echoing what it can', () => {
    const refusal = confirmRefusal(confirmMessage(), 'bad-checksum', TEST_SECRET);
    expect(refusal.MaLoi).toBe(confirmRefusalCode('bad-checksum'));
    expect(refusal.MaLoi).not.toBe('00');
    expect(refusal.MaDoiTac).toBe(TEST_PARTNER);
    expect(readConfirmAnswer(refusal, TEST_SECRET)).toMatchObject({ ok: true, accepted: false });
    expect(confirmRefusal('junk', 'malformed', TEST_SECRET)).toMatchObject({
      MaDoiTac: '',
      ThoiGianGD: '',
    });
    const codes = (
      ['bad-checksum', 'malformed', 'unknown-reference', 'amount-mismatch', 'try-later'] as const
    ).map(confirmRefusalCode);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('lets the platform tell a forged answer from the hub’s', () => {
    const refusal = confirmRefusal(confirmMessage(), 'try-later', TEST_SECRET);
    expect(readConfirmAnswer({ ...refusal, MaLoi: '00' }, TEST_SECRET)).toMatchObject({
      ok: false,
    });
    expect(readConfirmAnswer(refusal, 'other-secret')).toMatchObject({ ok: false });
    expect(readConfirmAnswer('<html>', TEST_SECRET)).toMatchObject({ ok: false });
  });
});
