import { randomBytes } from 'node:crypto';
import { SubjectProtector, base64KeyProblem } from './subject-protector';

describe('SubjectProtector', () => {
  const protector = new SubjectProtector(randomBytes(32), randomBytes(32));

  it('encrypts with a fresh IV each time and decrypts back', () => {
    const a = protector.encrypt('001203004567');
    const b = protector.encrypt('001203004567');
    expect(a).not.toEqual(b);
    expect(a).not.toContain('001203004567');
    expect(protector.decrypt(a)).toBe('001203004567');
    expect(protector.decryptJson<{ x: number }>(protector.encryptJson({ x: 1 }))).toEqual({ x: 1 });
  });

  it('refuses tampered ciphertext and ciphertext of another key', () => {
    const token = protector.encrypt('001203004567');
    const raw = Buffer.from(token.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => protector.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
    const other = new SubjectProtector(randomBytes(32), randomBytes(32));
    expect(() => other.decrypt(token)).toThrow();
  });

  it('hashes deterministically per key and per kind', () => {
    const h = protector.subjectHash('citizen', '001203004567');
    expect(h).toMatch(/^[a-f0-9]{64}$/);
    expect(protector.subjectHash('citizen', '001203004567')).toBe(h);
    expect(protector.subjectHash('enterprise', '001203004567')).not.toBe(h);
    expect(
      new SubjectProtector(randomBytes(32), randomBytes(32)).subjectHash('citizen', '001203004567'),
    ).not.toBe(h);
  });

  it('checks key configuration', () => {
    expect(base64KeyProblem(randomBytes(32).toString('base64'), 32, true)).toBeUndefined();
    expect(base64KeyProblem(randomBytes(16).toString('base64'), 32, true)).toMatch(/exactly 32/);
    expect(base64KeyProblem('not base64!', 32, false)).toBe('must be base64');
    expect(() => new SubjectProtector(randomBytes(16), randomBytes(32))).toThrow();
  });
});
