import { maskPersonalIds } from './logger';

describe('maskPersonalIds', () => {
  it('masks any standalone 12-digit run', () => {
    expect(maskPersonalIds('{"msg":"lookup 001203004567 done"}')).toBe(
      '{"msg":"lookup 00********** done"}',
    );
  });

  it('leaves shorter and longer digit runs alone', () => {
    expect(
      maskPersonalIds('case 000.00.01.H26-260312-00042 code 0101234567 ts 1732300000000'),
    ).toBe('case 000.00.01.H26-260312-00042 code 0101234567 ts 1732300000000');
  });
});
