import { createServer, type IncomingMessage, type Server } from 'node:http';
import { ReplayGuard, verifyWebhook } from './verify-webhook';

export interface ReceivedWebhook {
  webhookId: string;
  /** The CloudEvent: the whole body (structured mode) or ce-* headers + data (binary mode). */
  event: Record<string, unknown>;
}

export interface WebhookReceiverOptions {
  /** The subscription secret (a function when it is only known after the server listens). */
  secret: string | (() => string);
  toleranceSeconds?: number;
  /**
   * Called once per verified delivery (a retry of one already accepted is answered 204 without
   * calling it again); throw to answer 500 (the hub retries).
   */
  onEvent: (received: ReceivedWebhook) => void | Promise<void>;
  /** Rejections (tampered, replayed, too old): default writes one line to stderr. */
  onRejected?: (reason: string, status: number) => void;
  /** Every accepted delivery as it arrived (for tests and debugging). */
  onAccepted?: (raw: { headers: Record<string, string>; body: string }) => void;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1024 * 1024) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function eventOf(req: IncomingMessage, body: string): Record<string, unknown> {
  const parsed = JSON.parse(body) as unknown;
  if ((req.headers['content-type'] ?? '').startsWith('application/cloudevents+json'))
    return parsed as Record<string, unknown>;
  const event: Record<string, unknown> = { data: parsed };
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('ce-') || typeof value !== 'string') continue;
    const attr = name.slice(3);
    event[attr] = attr === 'sequence' || attr === 'hubsequence' ? Number(value) : value;
  }
  return event;
}

/**
 * A webhook receiver that checks every delivery before it trusts it: 401 for a bad signature or
 * an old timestamp, 409 for a replay (a captured request sent again), 2xx once `onEvent`
 * returned — or at once for the hub's retry of a delivery already accepted (same webhook-id, new
 * signature). Answering 2xx is what tells the hub the event arrived; anything else makes it retry.
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): Server {
  const tolerance = options.toleranceSeconds ?? 300;
  const guard = new ReplayGuard(tolerance);
  const reject =
    options.onRejected ??
    ((reason: string, status: number) =>
      process.stderr.write(`${JSON.stringify({ rejected: reason, status })}\n`));
  return createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const verified = verifyWebhook({
        secret: typeof options.secret === 'function' ? options.secret() : options.secret,
        headers: req.headers,
        body,
        toleranceSeconds: tolerance,
      });
      if (!verified.ok) {
        reject(verified.reason, 401);
        res.writeHead(401).end(verified.reason);
        return;
      }
      const signature = String(req.headers['webhook-signature']);
      const arrival = guard.check(verified.id, signature);
      if (arrival === 'replay') {
        reject('replayed delivery', 409);
        res.writeHead(409).end('replayed delivery');
        return;
      }
      if (arrival === 'duplicate') {
        guard.remember(verified.id, signature, verified.timestamp);
        res.writeHead(204).end();
        return;
      }
      try {
        await options.onEvent({ webhookId: verified.id, event: eventOf(req, body) });
      } catch (e) {
        res.writeHead(500).end(e instanceof Error ? e.message : 'failed');
        return;
      }
      guard.remember(verified.id, signature, verified.timestamp);
      res.writeHead(204).end();
      options.onAccepted?.({ headers: flatHeaders(req), body });
    })().catch(() => {
      if (!res.headersSent) res.writeHead(400).end('unreadable delivery');
    });
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}
