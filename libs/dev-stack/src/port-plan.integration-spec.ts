import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { APP_PORTS, PORT_OFFSET_ENV } from '@hub/dev-stack';
import { freePort, isPortFree, repoRoot } from '@hub/testing';

/**
 * `npm start` runs libs/dev-stack/bin/ensure-deps.js as its `prestart` (package.json), before
 * `npm run build`: a taken port must fail there, at once, naming the variable to change.
 */
describe('the pre-build port check of npm start', () => {
  let blocker: Server;
  let offset: number;

  beforeAll(async () => {
    // An offset whose gateway port (3000 + offset) we hold, and whose ports shifted by 50 more
    // (the "free" case) nothing else on the machine listens on: they are in the ephemeral range.
    let port = await freePort();
    for (let tries = 0; tries < 20; tries++) {
      const shifted = Object.values(APP_PORTS).map((p) => p.port + port - 3000 + 50);
      if ((await Promise.all(shifted.map((p) => isPortFree(p)))).every(Boolean)) break;
      port = await freePort();
    }
    offset = port - 3000;
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
  });

  const prestart = (env: NodeJS.ProcessEnv): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, [join(repoRoot(), 'libs/dev-stack/bin/ensure-deps.js')], {
      cwd: repoRoot(),
      env: { ...process.env, npm_lifecycle_event: 'prestart', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('fails fast on a taken port, naming HUB_PORT_OFFSET and the app', () => {
    const started = Date.now();
    const result = prestart({ [PORT_OFFSET_ENV]: String(offset) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Port ${3000 + offset} (gateway) is already in use`);
    expect(result.stderr).toContain(`${PORT_OFFSET_ENV}=${offset + 100} npm start`);
  });

  it("names the app's own variable when that one chose the taken port", () => {
    const result = prestart({
      [PORT_OFFSET_ENV]: String(offset + 50),
      RELAY_PORT: String(3000 + offset),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Port ${3000 + offset} (relay) is already in use`);
    expect(result.stderr).toContain(`RELAY_PORT=${3000 + offset + 100} npm start`);
  });

  it('passes when the shifted ports are free (and only then goes on to the dependencies)', () => {
    const result = prestart({ [PORT_OFFSET_ENV]: String(offset + 50) });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('does not check ports before npm test', () => {
    const result = prestart({ npm_lifecycle_event: 'pretest', [PORT_OFFSET_ENV]: String(offset) });
    expect(result.status).toBe(0);
  });
});
