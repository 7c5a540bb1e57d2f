import { createHmac, randomBytes } from 'node:crypto';

/** Headers of every delivery (documented in docs/integrators.md). */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
  subscription: 'webhook-subscription',
} as const;

/** A subscription's signing secret: shown once, at creation. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * `v1=` + hex HMAC-SHA256, keyed with the subscription secret, over `timestamp + "." + body`
 * (timestamp in Unix seconds, body exactly as sent). Signing the timestamp lets a receiver
 * refuse old deliveries; signing the raw body lets it detect any change.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `v1=${mac}`;
}
