import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProblemException } from './problem';

/** How long a refused connection may keep sending before we stop reading and close it. */
const DRAIN_MS = 2_000;

/** Node's codes for a request it could not parse, and what the client is told for each. */
function problemFor(code: string | undefined): ProblemException {
  switch (code ?? '') {
    case 'HPE_HEADER_OVERFLOW':
      return new ProblemException(
        431,
        'HEADERS_TOO_LARGE',
        'Request Header Fields Too Large',
        'The request headers are larger than the server accepts (16 KiB in all).',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ProblemException(
        408,
        'REQUEST_TIMEOUT',
        'Request Timeout',
        'The request was not received in time.',
      );
    default:
      return new ProblemException(
        400,
        'MALFORMED_REQUEST',
        'Bad Request',
        'The request is not valid HTTP/1.1.',
      );
  }
}

/**
 * Answers requests Node's HTTP parser refuses (headers over `maxHeaderSize`, broken syntax) with
 * a problem+json instead of a reset connection. Node's own handler does write a 431, but closes
 * the socket while the client is still sending its headers; the unread bytes make the kernel
 * send a TCP RST, and the client sees "connection reset" instead of the answer. So we answer,
 * half-close, and keep reading (and discarding) until the client is done or DRAIN_MS passes.
 */
export function answerClientErrors(server: Server): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    // The failed parser stays attached and reports every later chunk again: we answered once
    // and are draining; destroying now would reset the connection after all.
    if (answered.has(socket)) return;
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    const problem = problemFor(error.code);
    const body = JSON.stringify(problem.toBody());
    socket.on('error', () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
    // The parser has let go of the socket; drain what the client still sends so the kernel
    // has nothing unread when the socket closes (which would turn our FIN into an RST).
    socket.resume();
    socket.on('end', () => socket.destroy());
    setTimeout(() => socket.destroy(), DRAIN_MS).unref();
  });
}
