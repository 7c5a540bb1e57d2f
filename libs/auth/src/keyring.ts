import { createHash, timingSafeEqual } from 'node:crypto';

export class KeyringConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringConfigError';
  }
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * API keys from a `NAME:key,NAME:key` list. Only SHA-256 hashes are kept in memory, and a
 * presented key is compared hash-to-hash in constant time, so neither a heap dump nor timing
 * reveals a key.
 */
export class ApiKeyring {
  private readonly entries: { principal: string; hash: Buffer }[];

  private constructor(entries: { principal: string; hash: Buffer }[]) {
    this.entries = entries;
  }

  /** `allowEmpty`: an empty list is valid (no keys of this kind; e.g. all department keys in Postgres). */
  static parse(spec: string, variable: string, options: { allowEmpty?: boolean } = {}): ApiKeyring {
    const entries: { principal: string; hash: Buffer }[] = [];
    for (const [i, raw] of spec.split(',').entries()) {
      const part = raw.trim();
      if (part === '') continue;
      const sep = part.indexOf(':');
      const principal = sep > 0 ? part.slice(0, sep) : '';
      const key = sep > 0 ? part.slice(sep + 1) : '';
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(principal) || key.length < 8) {
        throw new KeyringConfigError(
          `${variable} entry ${i + 1} must be NAME:key (NAME letters, digits, - or _; key at least 8 characters)`,
        );
      }
      entries.push({ principal, hash: sha256(key) });
    }
    if (entries.length === 0 && !options.allowEmpty) {
      throw new KeyringConfigError(`${variable} lists no keys`);
    }
    return new ApiKeyring(entries);
  }

  /** The principal (department code, operator name) a key belongs to, or undefined. */
  identify(key: string | undefined): string | undefined {
    return this.identifyEntry(key)?.principal;
  }

  /** The principal and which entry of the list matched (a stable id for per-key state). */
  identifyEntry(key: string | undefined): { principal: string; entry: number } | undefined {
    if (!key) return undefined;
    const presented = sha256(key);
    let found: { principal: string; entry: number } | undefined;
    // Compare against every entry so the time taken does not depend on which one matches.
    for (const [entry, e] of this.entries.entries()) {
      if (timingSafeEqual(e.hash, presented)) found = { principal: e.principal, entry };
    }
    return found;
  }

  /**
   * The principal whose key has this key id (see `keyIdOf`). A key id names a key without
   * revealing it: Kafka records carry it, because a record cannot carry a bearer secret that
   * every reader of the topic would see.
   */
  principalOfKeyId(keyId: string | undefined): string | undefined {
    if (!keyId) return undefined;
    return this.entries.find((e) => e.hash.toString('hex').slice(0, KEY_ID_LENGTH) === keyId)
      ?.principal;
  }

  get principals(): string[] {
    return this.entries.map((e) => e.principal);
  }
}

const KEY_ID_LENGTH = 16;

/** A key's public id: the first 16 hex digits of its SHA-256 (`printf %s KEY | sha256sum`). */
export function keyIdOf(key: string): string {
  return sha256(key).toString('hex').slice(0, KEY_ID_LENGTH);
}

/** A config check for a `NAME:key,...` variable: the parse error, if any, as a message. */
export function keyListProblem(
  spec: string,
  variable: string,
  options: { allowEmpty?: boolean } = {},
): string | undefined {
  try {
    ApiKeyring.parse(spec, variable, options);
    return undefined;
  } catch (e) {
    return e instanceof KeyringConfigError ? e.message : String(e);
  }
}

/** `Authorization: Bearer <key>` → key. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
