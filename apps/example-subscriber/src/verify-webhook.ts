import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies one Lienthong Hub webhook delivery. Copy this function into your receiver (it needs
 * only node:crypto). Pass the RAW body exactly as received — not a re-serialised object.
 *
 *   signature = "v1=" + hex(HMAC-SHA256(secret, timestamp + "." + body))
 *
 * Refused: a missing header, a timestamp outside ±toleranceSeconds of now (an old delivery
 * replayed), or a signature that does not match (tampered body or timestamp, wrong secret).
 * Replays inside the window are the caller's to catch: remember the ids (and signatures) you
 * accepted for the window — see ReplayGuard.
 */
export function verifyWebhook(input: {
  secret: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  toleranceSeconds?: number;
  now?: Date;
}): { ok: true; id: string; timestamp: number } | { ok: false; reason: string } {
  const header = (name: string): string | undefined => {
    const v = input.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = header('webhook-id');
  const ts = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !ts || !signatures) return { ok: false, reason: 'missing webhook headers' };
  const timestamp = Number(ts);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300))
    return { ok: false, reason: 'timestamp outside the tolerance window' };
  const expected = Buffer.from(
    createHmac('sha256', input.secret).update(`${ts}.${input.body}`, 'utf8').digest('hex'),
  );
  // Several "v1=..." values may be sent (space separated) while a secret is being rotated.
  const match = signatures.split(' ').some((s) => {
    const given = Buffer.from(s.startsWith('v1=') ? s.slice(3) : '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { ok: true, id, timestamp } : { ok: false, reason: 'signature mismatch' };
}

/**
 * Remembers accepted webhook ids and signatures for the tolerance window: a delivery captured
 * and sent again (same id, or same signed timestamp and body) is refused as a replay.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly toleranceSeconds = 300) {}

  isReplay(id: string, signature: string): boolean {
    return this.seen.has(`id:${id}`) || this.seen.has(`sig:${signature}`);
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
