import { createServer } from 'node:net';
import { ephemeralPortRange, freePort, isPortFree } from './net';

describe('freePort', () => {
  it('draws ports below the ephemeral range, free to bind', async () => {
    const [low] = ephemeralPortRange();
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(low);
    }
    expect(await isPortFree(ports[0])).toBe(true);
  });

  it('is not given a port something listens on', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen({ port: 0 }, resolve));
    try {
      const { port: taken } = server.address() as { port: number };
      expect(await isPortFree(taken)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('ephemeralPortRange', () => {
  it('reads the kernel setting, and falls back on the usual range', () => {
    expect(ephemeralPortRange(() => '32768\t60999\n')).toEqual([32768, 60999]);
    expect(ephemeralPortRange(() => '1024 65535')).toEqual([1024, 65535]);
    expect(ephemeralPortRange(() => 'junk')).toEqual([32768, 60999]);
    expect(
      ephemeralPortRange(() => {
        throw new Error('no /proc');
      }),
    ).toEqual([32768, 60999]);
  });
});
