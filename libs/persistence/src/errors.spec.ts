import { isDatabaseUnavailable } from './errors';

const withCode = (code: string): Error => Object.assign(new Error('x'), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises unreachable, shutting-down and saturated databases', () => {
    for (const code of ['ECONNREFUSED', '57P01', '57P03', '08006', '53300']) {
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('does not mistake bugs or constraint violations for an outage', () => {
    expect(isDatabaseUnavailable(withCode('23505'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
