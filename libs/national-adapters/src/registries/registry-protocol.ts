import { parseRetryAfter } from '../portal/portal-protocol';
import { errorCodeOf } from '../transport/json-http';
import { RegistryError, RegistryErrorCode } from './registry-errors';
import type { RegistryName } from './registry-types';

/*
 * How both registries answer, and what each answer means for the hub. The decision is made from
 * the HTTP status and the registry's result code (`MaLoi`), never from message text.
 */

/** The registries' result codes shared by both mocks and (as far as known) the real platforms. */
export const REGISTRY_CODES = {
  found: '000',
  notFound: '001',
  invalid: '002',
  mismatch: '003',
  notLicensed: '004',
  notAuthorised: '005',
} as const;

/** One HTTP exchange as the classifier needs it. */
export interface RegistryHttpReply {
  status: number;
  body: unknown;
  /** The `Retry-After` header, if any (seconds or an HTTP date). */
  retryAfter?: string | undefined;
}

/**
 * The error an answer carries regardless of the registry: rate limits, server errors, and the
 * licensing codes "004"/"005" (whatever HTTP status they come with). Undefined when the answer
 * is the registry's to read (2xx without a licensing code).
 */
export function classifyRegistryFailure(
  registry: RegistryName,
  reply: RegistryHttpReply,
  now = Date.now(),
): RegistryError | undefined {
  const { status } = reply;
  const code = resultCodeOf(reply.body);
  if (status === 429 || status === 408 || status >= 500) {
    return new RegistryError(
      RegistryErrorCode.Unavailable,
      `${registry} registry answered HTTP ${status}`,
      {
        registry,
        registryCode: `HTTP ${status}`,
        ...retryAfter(parseRetryAfter(reply.retryAfter, now)),
      },
    );
  }
  if (code === REGISTRY_CODES.notLicensed) {
    return new RegistryError(
      RegistryErrorCode.NotLicensed,
      `${registry} registry: the procedure is not licensed to use it (004)`,
      { registry, registryCode: code },
    );
  }
  if (code === REGISTRY_CODES.notAuthorised) {
    return new RegistryError(
      RegistryErrorCode.NotAuthorised,
      `${registry} registry: the official is not authorised (005)`,
      { registry, registryCode: code },
    );
  }
  if (status < 200 || status >= 300) {
    return new RegistryError(
      RegistryErrorCode.Rejected,
      `${registry} registry refused the request (HTTP ${status}${code === undefined ? '' : `, ${code}`})`,
      { registry, registryCode: code ?? `HTTP ${status}` },
    );
  }
  return undefined;
}

/** A 2xx answer the adapter cannot read: an infrastructure problem (proxy page, truncation). */
export function badResponse(registry: RegistryName, detail: string): RegistryError {
  return new RegistryError(
    RegistryErrorCode.Unavailable,
    `${registry} registry gave an unreadable answer: ${detail}`,
    { registry },
  );
}

const TIMEOUT_ERRORS: ReadonlySet<string> = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

/** A failure below HTTP (connection refused/reset, DNS, timeout) → Unavailable. */
export function classifyTransportError(registry: RegistryName, error: unknown): RegistryError {
  const code = errorCodeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  const timedOut = code !== undefined && TIMEOUT_ERRORS.has(code);
  return new RegistryError(
    RegistryErrorCode.Unavailable,
    timedOut
      ? `${registry} registry did not answer in time (${detail})`
      : `${registry} registry unreachable (${code ?? 'no code'}: ${detail})`,
    { registry, registryCode: timedOut ? 'TIMEOUT' : (code ?? 'NETWORK') },
  );
}

/** `MaLoi` of an answer, as a trimmed string. */
export function resultCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const raw = (body as Record<string, unknown>)['MaLoi'];
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw).padStart(3, '0');
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  return undefined;
}

function retryAfter(ms: number | undefined): { retryAfterMs?: number } {
  return ms === undefined ? {} : { retryAfterMs: ms };
}
