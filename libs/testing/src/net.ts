import { readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * The kernel's range for the local ports of outgoing connections (Linux: 32768–60999 unless
 * configured); the usual range when it cannot be read.
 */
export function ephemeralPortRange(
  read: () => string = () => readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'),
): [number, number] {
  try {
    const [low, high] = read().trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low > 0 && high >= low) {
      return [low, high];
    }
  } catch {
    // not Linux, or /proc not mounted
  }
  return [32768, 60999];
}

/** Planned ports are drawn from here up to just below the ephemeral range. */
const PLANNED_FLOOR = 20_000;

/**
 * A free port for a process started later (an app of a test stack, a mock, a throwaway
 * Postgres). It is drawn below the kernel's ephemeral range, checked free, and so cannot be
 * taken in the meantime by an outgoing connection (Postgres, Kafka and HTTP clients all take
 * local ports from that range): a port the kernel hands out for `listen(0)` is in that range,
 * and a stack starting a dozen processes at once saw one taken before its app bound it
 * (EADDRINUSE). Another process may still pick the same port at the same moment; callers
 * that bind it report that plainly.
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralPortRange();
  const top = low - 1;
  if (top - PLANNED_FLOOR >= 1000) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const port = PLANNED_FLOOR + Math.floor(Math.random() * (top - PLANNED_FLOOR + 1));
      if (await isPortFree(port)) return port;
    }
  }
  return kernelPort();
}

/** The kernel's pick for `listen(0)`: in the ephemeral range. */
function kernelPort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether `port` can be bound. Binds without a host, like a Node app does by default (`::`,
 * dual-stack), so a listener on 127.0.0.1, 0.0.0.0 or :: all count as "taken".
 */
export async function isPortFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function canConnect(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls until `probe` is true; `abort` lets the caller stop early (e.g. the process died). */
export async function waitUntil(
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs: number; abort?: () => boolean },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.abort?.()) return false;
    if (await probe()) return true;
    if (Date.now() >= deadline) return false;
    await delay(options.intervalMs);
  }
}
