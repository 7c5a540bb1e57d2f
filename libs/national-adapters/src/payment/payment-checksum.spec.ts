import { checksumMatches, paymentChecksum, paymentMessageChecksum } from './payment-checksum';
import { PAYMENT_CHECKSUM_FIELDS } from './payment-wire';
import { TEST_SECRET, confirmMessage } from './test/payment-messages';

describe('paymentChecksum', () => {
  it('is SHA-256 of the values and the secret joined by "|", in lowercase hex', () => {
    // printf '%s' 'a|b|s' | sha256sum
    expect(paymentChecksum(['a', 'b'], 's')).toBe(
      '5202900e77742085752962a465278203238c089356902008e521aeea98dd05de',
    );
  });

  it('signs a CONFIRM over its fields in the fixed order (independently computed vector)', () => {
    // printf '%s' 'CONFIRM|00|LIENTHONG-H26|HS260312000042|150000|VND|PP2603121030450001|VCB|20260312103045|THANH TOAN HO SO 000.00.01.H26-260312-00042|demo-payment-secret' | sha256sum
    expect(confirmMessage().MaXacThuc).toBe(
      '5bf7c26b8b9c596033cd74204477b7b84a636f999fbd6703a0bbf604c400c9f4',
    );
  });

  it('fixes one field order per message type, the secret never among them', () => {
    expect(PAYMENT_CHECKSUM_FIELDS.QUERY).toEqual([
      'LoaiBanTin',
      'PhienBan',
      'MaDoiTac',
      'MaThamChieu',
      'ThoiGianGD',
    ]);
    expect(PAYMENT_CHECKSUM_FIELDS.CONFIRM_ANSWER).toEqual(['MaLoi', 'MaDoiTac', 'ThoiGianGD']);
    expect(PAYMENT_CHECKSUM_FIELDS.INIT[0]).toBe('LoaiBanTin');
    expect(PAYMENT_CHECKSUM_FIELDS.INIT).not.toContain('ThongTinBienLai');
    expect(PAYMENT_CHECKSUM_FIELDS.INIT).not.toContain('MaXacThuc');
  });

  it('reads a message by field name, so key order in the object does not matter', () => {
    const answer = { ThoiGianGD: '20260312103045', MaDoiTac: 'P', MaLoi: '00' };
    expect(paymentMessageChecksum('CONFIRM_ANSWER', answer, TEST_SECRET)).toBe(
      paymentChecksum(['00', 'P', '20260312103045'], TEST_SECRET),
    );
  });
});

describe('checksumMatches', () => {
  const expected = paymentChecksum(['x'], 'secret');

  it('accepts the same digest only, lowercase', () => {
    expect(checksumMatches(expected, expected)).toBe(true);
    expect(checksumMatches(expected.toUpperCase(), expected)).toBe(false);
    expect(checksumMatches(paymentChecksum(['y'], 'secret'), expected)).toBe(false);
    expect(checksumMatches(expected.slice(1), expected)).toBe(false);
    expect(checksumMatches('', expected)).toBe(false);
  });
});
