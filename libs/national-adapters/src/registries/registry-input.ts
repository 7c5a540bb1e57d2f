import { RegistryError, RegistryErrorCode } from './registry-errors';
import type { RegistryLookupContext, RegistryName } from './registry-types';

/**
 * Checks the caller's side before anything is sent: a lookup without a request id, official,
 * procedure or purpose must never reach a registry (Law 91/2025/QH15 wants all four recorded).
 */
export function assertLookupContext(registry: RegistryName, ctx: RegistryLookupContext): void {
  const missing = (['requestId', 'officialCode', 'serviceCode', 'purpose'] as const).filter(
    (field) => typeof ctx[field] !== 'string' || ctx[field].trim() === '',
  );
  if (missing.length > 0) {
    throw new RegistryError(
      RegistryErrorCode.Rejected,
      `${registry} lookup context lacks ${missing.join(', ')}`,
      { registry, registryCode: 'HUB_INVALID_CONTEXT' },
    );
  }
}

export function rejectedInput(registry: RegistryName, message: string): RegistryError {
  return new RegistryError(RegistryErrorCode.Rejected, message, {
    registry,
    registryCode: 'HUB_INVALID_INPUT',
  });
}
