import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export type SubjectKind = 'citizen' | 'enterprise';

const FORMAT = 'v1';

/**
 * How the hub keeps personal identifiers and registry records at rest: AES-256-GCM (random
 * 96-bit IV, 128-bit tag) for what must be read back, HMAC-SHA256 under a separate key for
 * lookups. The hash is keyed so that the 10^12 possible personal IDs cannot be enumerated
 * into a rainbow table by whoever reads the database; the two keys are separate so a leaked
 * hash key does not decrypt anything.
 */
export class SubjectProtector {
  constructor(
    private readonly encryptionKey: Buffer,
    private readonly hashKey: Buffer,
  ) {
    if (encryptionKey.length !== 32) throw new Error('encryption key must be 32 bytes');
    if (hashKey.length < 32) throw new Error('hash key must be at least 32 bytes');
  }

  static fromBase64(encryptionKey: string, hashKey: string): SubjectProtector {
    return new SubjectProtector(
      Buffer.from(encryptionKey, 'base64'),
      Buffer.from(hashKey, 'base64'),
    );
  }

  /** Stable lookup key of a subject; the kind is part of it so an ID of one kind never collides with another. */
  subjectHash(kind: SubjectKind, id: string): string {
    return createHmac('sha256', this.hashKey).update(`${kind}:${id}`, 'utf8').digest('hex');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${FORMAT}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Throws when the value was tampered with or encrypted under another key. */
  decrypt(token: string): string {
    const [format, payload] = token.split(':', 2);
    if (format !== FORMAT || !payload) throw new Error('unknown ciphertext format');
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  encryptJson(value: unknown): string {
    return this.encrypt(JSON.stringify(value));
  }

  decryptJson<T>(token: string): T {
    return JSON.parse(this.decrypt(token)) as T;
  }
}

/** Config check for a base64 key of at least `bytes` bytes (exactly, when `exact`). */
export function base64KeyProblem(value: string, bytes: number, exact: boolean): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return 'must be base64';
  const length = Buffer.from(value, 'base64').length;
  if (exact ? length !== bytes : length < bytes)
    return `must decode to ${exact ? 'exactly' : 'at least'} ${bytes} bytes (openssl rand -base64 32)`;
  return undefined;
}
