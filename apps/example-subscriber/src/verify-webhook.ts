import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * Verifies one Lienthong Hub webhook delivery with the official Standard Webhooks library
 * (`npm install standardwebhooks`; libraries for other languages at standardwebhooks.com). Pass
 * the RAW body exactly as received — not a re-serialised object.
 *
 *   webhook-signature = "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))
 *   key = the base64 after "whsec_" in the subscription's secret, decoded
 *
 * Refused: a missing header, a timestamp more than toleranceSeconds from now (an old delivery
 * replayed; the library itself never accepts more than 5 minutes), or no matching signature
 * (tampered body, id or timestamp, wrong secret). Replays inside the window are the caller's to
 * catch: remember the ids (and signatures) you accepted for the window — see ReplayGuard.
 */
export function verifyWebhook(input: {
  secret: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  toleranceSeconds?: number;
}): { ok: true; id: string; timestamp: number } | { ok: false; reason: string } {
  const header = (name: string): string | undefined => {
    const v = input.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = header('webhook-id');
  const ts = header('webhook-timestamp');
  const signature = header('webhook-signature');
  if (!id || !ts || !signature) return { ok: false, reason: 'missing webhook headers' };
  const timestamp = Number(ts);
  const now = Math.floor(Date.now() / 1000);
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300))
    return { ok: false, reason: 'timestamp outside the tolerance window' };
  try {
    const headers = { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': signature };
    new Webhook(standardSecret(input.secret)).verify(input.body, headers, { jsonParse: false });
  } catch (e) {
    if (e instanceof WebhookVerificationError) return { ok: false, reason: 'signature mismatch' };
    throw e;
  }
  return { ok: true, id, timestamp };
}

/**
 * Secrets the hub issued before it signed in the Standard Webhooks format are `whsec_` + base64url
 * (`-` and `_` where base64 has `+` and `/`). They name the same key bytes; this spells them the
 * way the library reads them. A secret issued since then passes through unchanged.
 */
export function standardSecret(secret: string): string {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  return `whsec_${encoded.replaceAll('-', '+').replaceAll('_', '/')}`;
}

export type Arrival = 'new' | 'duplicate' | 'replay';

/**
 * Remembers accepted deliveries for the tolerance window. The hub sends every retry of one
 * delivery with the same webhook-id and a fresh timestamp (so a fresh signature):
 * - `replay`: a signature seen before — a captured request sent again; refuse it.
 * - `duplicate`: a known id with a new signature — the hub retrying after it lost your answer;
 *   answer 2xx again without processing, or it keeps retrying.
 * - `new`: process it.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly toleranceSeconds = 300) {}

  check(id: string, signature: string): Arrival {
    if (this.seen.has(`sig:${signature}`)) return 'replay';
    return this.seen.has(`id:${id}`) ? 'duplicate' : 'new';
  }

  remember(id: string, signature: string, timestamp: number): void {
    const expiresAt = timestamp + this.toleranceSeconds + 1;
    this.seen.set(`id:${id}`, expiresAt);
    this.seen.set(`sig:${signature}`, expiresAt);
    const now = Math.floor(Date.now() / 1000);
    if (this.seen.size > 10_000) {
      for (const [k, exp] of this.seen) if (exp < now) this.seen.delete(k);
    }
  }
}
