import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyring, DepartmentKeyVerifier } from '@hub/auth';

/**
 * Maps the `hub-key-id` header of an inbound Kafka record to the department whose key it names.
 * An implementation that looks keys up in a store throws when the store is unreachable: the
 * batch is then retried, not dead-lettered.
 */
export interface InboundKeyResolver {
  departmentOf(keyId: string | undefined): Promise<string | undefined>;
}

export const INBOUND_KEY_RESOLVER = Symbol('INBOUND_KEY_RESOLVER');

/**
 * The same department keys as HTTP: an env key (HUB_API_KEYS) is named by the first 16 hex digits
 * of its SHA-256; a key issued through the admin API by its `<keyId>` (`lth_<keyId>_<secret>`),
 * and only while it is live — a revoked key, or one past its rotation overlap, is refused here as
 * on HTTP (within the same cache bound).
 */
@Injectable()
export class DepartmentInboundKeyResolver implements InboundKeyResolver {
  constructor(
    @Inject(ApiKeyring) private readonly keyring: ApiKeyring,
    @Inject(DepartmentKeyVerifier) private readonly issued: DepartmentKeyVerifier,
  ) {}

  async departmentOf(keyId: string | undefined): Promise<string | undefined> {
    const fromEnv = this.keyring.principalOfKeyId(keyId);
    if (fromEnv || !keyId) return fromEnv;
    return this.issued.departmentOfKeyId(keyId);
  }
}
