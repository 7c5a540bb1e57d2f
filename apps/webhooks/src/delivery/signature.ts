import { createHmac, randomBytes } from 'node:crypto';

/**
 * Headers of every delivery (docs/integrators.md §6). The first three are Standard Webhooks'
 * (https://www.standardwebhooks.com/), so its libraries verify a delivery as is.
 */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
  subscription: 'webhook-subscription',
} as const;

const SECRET_PREFIX = 'whsec_';

/**
 * A subscription's signing secret, shown once at creation: `whsec_` + 32 random bytes in standard
 * base64 — the form Standard Webhooks libraries take (they base64-decode what follows the prefix
 * and use those bytes as the HMAC key).
 */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * The HMAC key of a stored secret: the bytes its base64 part decodes to. Secrets issued before
 * the hub signed in the Standard Webhooks format are `whsec_` + base64url; Node's decoder reads
 * both alphabets, so such a secret keeps its 32 bytes and its subscription keeps working (the
 * subscriber turns `-`/`_` into `+`/`/` for a strict library, docs/integrators.md §7). Converting
 * on read rather than rewriting the rows keeps the stored secret identical to what the
 * subscriber was shown.
 */
export function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new Error('a webhook secret must encode at least one byte');
  return key;
}

/**
 * Standard Webhooks signature: `v1,` + base64 HMAC-SHA256 over `<id>.<timestamp>.<body>`
 * (timestamp in Unix seconds, body exactly as sent). Signing the id and timestamp lets a receiver
 * refuse an old or replayed delivery; signing the raw body lets it detect any change. One
 * signature per secret, space separated: a receiver accepts any match, which is how a rotated
 * secret and its successor can overlap.
 */
export function signWebhook(
  secrets: readonly string[],
  message: { id: string; timestamp: number; body: string },
): string {
  return secrets
    .map((secret) => {
      const mac = createHmac('sha256', signingKey(secret))
        .update(`${message.id}.${message.timestamp}.${message.body}`, 'utf8')
        .digest('base64');
      return `v1,${mac}`;
    })
    .join(' ');
}

/**
 * The `webhook-id` of a delivery: the same on every automatic retry, because receivers
 * deduplicate on it (Standard Webhooks' idempotency key). An operator's redelivery is a new
 * message on purpose — the receiver is being asked to take the event again — so it gets its own.
 */
export function webhookIdOf(delivery: { id: string; redeliveries: number }): string {
  return delivery.redeliveries === 0
    ? `whd_${delivery.id}`
    : `whd_${delivery.id}-r${delivery.redeliveries}`;
}
