import { isPortalDateTimeShape, isRealPortalDateTime, isRealShortDate } from './portal-date';

describe('portal dates (yyyyMMddHHmmss)', () => {
  it('accepts a real date-time', () => {
    expect(isRealPortalDateTime('20260312083000')).toBe(true);
    expect(isRealPortalDateTime('20240229235959')).toBe(true);
  });

  it('refuses the right shape when the day or time does not exist', () => {
    expect(isPortalDateTimeShape('20260230000000')).toBe(true);
    expect(isRealPortalDateTime('20260230000000')).toBe(false);
    expect(isRealPortalDateTime('20250229000000')).toBe(false);
    expect(isRealPortalDateTime('20261301000000')).toBe(false);
    expect(isRealPortalDateTime('20260312240000')).toBe(false);
    expect(isRealPortalDateTime('20260312086000')).toBe(false);
  });

  it('refuses other shapes', () => {
    for (const value of ['2026-03-12T08:30:00', '202603120830', '2026031208300a', '']) {
      expect(isPortalDateTimeShape(value)).toBe(false);
      expect(isRealPortalDateTime(value)).toBe(false);
    }
  });

  it('checks the yyMMdd of a case code', () => {
    expect(isRealShortDate('260312')).toBe(true);
    expect(isRealShortDate('260230')).toBe(false);
    expect(isRealShortDate('2603')).toBe(false);
  });
});
