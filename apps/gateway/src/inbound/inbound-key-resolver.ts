import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyring } from '@hub/auth';

/**
 * Maps the `hub-key-id` header of an inbound Kafka record to the department whose key it names.
 * An implementation that looks keys up in a store should throw when the store is unreachable:
 * the batch is then retried, not dead-lettered.
 */
export interface InboundKeyResolver {
  departmentOf(keyId: string | undefined): Promise<string | undefined>;
}

export const INBOUND_KEY_RESOLVER = Symbol('INBOUND_KEY_RESOLVER');

/** Keys from HUB_API_KEYS: the key id is the first 16 hex digits of the key's SHA-256. */
@Injectable()
export class KeyringInboundKeyResolver implements InboundKeyResolver {
  constructor(@Inject(ApiKeyring) private readonly keyring: ApiKeyring) {}

  departmentOf(keyId: string | undefined): Promise<string | undefined> {
    return Promise.resolve(this.keyring.principalOfKeyId(keyId));
  }
}
