import type { IncomingMessage } from 'node:http';

/**
 * A refused request's body is read (and discarded) up to this size before the refusal is sent;
 * a larger one is answered at once, and its connection may reset while the client still sends.
 */
export const REFUSAL_DRAIN_MAX_BYTES = 8 * 1024 * 1024;
/** Nor does a client that trickles its body hold a refusal back longer than this. */
const REFUSAL_DRAIN_MS = 10_000;

/**
 * Runs `answer` once the request's body has arrived, for an answer given before the body was read
 * (a 401, 415 or 429 on an upload). When the client asked to close the connection (every
 * `agent: false` client and curl do), Node destroys the socket as soon as the answer is written;
 * body bytes still on their way then meet a closed socket, the kernel resets the connection, and
 * the client sees EPIPE or ECONNRESET instead of the answer. Reading the body first, as a proxy's
 * lingering close does, leaves nothing unread. Bodies over REFUSAL_DRAIN_MAX_BYTES, or still
 * arriving after REFUSAL_DRAIN_MS, are not waited for.
 */
export function afterUnreadBody(req: IncomingMessage, answer: () => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  const hasBody = declared > 0 || req.headers['transfer-encoding'] !== undefined;
  if (
    !hasBody ||
    req.complete ||
    req.readableEnded ||
    req.destroyed ||
    req.readableFlowing === true ||
    declared > REFUSAL_DRAIN_MAX_BYTES
  ) {
    answer();
    return;
  }
  let received = 0;
  let answered = false;
  const finish = (): void => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    req.off('data', count);
    req.off('end', finish);
    req.off('error', finish);
    answer();
  };
  const count = (chunk: Buffer): void => {
    received += chunk.length;
    if (received > REFUSAL_DRAIN_MAX_BYTES) finish();
  };
  const timer = setTimeout(finish, REFUSAL_DRAIN_MS);
  req.on('data', count);
  req.once('end', finish);
  req.once('error', finish);
  req.resume();
}
