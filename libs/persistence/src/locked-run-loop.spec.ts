import { LockedRunLoop } from './locked-run-loop';

function loopOver(waiting: string[], options: { lockHeld?: boolean; failPrepare?: boolean } = {}) {
  const ran: string[] = [];
  const failures: string[] = [];
  const loop: LockedRunLoop<string> = new LockedRunLoop<string>({
    everyMs: 60_000,
    exclusive: async (work) => (options.lockHeld ? undefined : work()),
    prepare: () =>
      options.failPrepare
        ? Promise.reject(new Error('database away'))
        : Promise.resolve({ resumed: 0, scheduled: false }),
    claimNext: () => Promise.resolve(waiting.shift()),
    run: async (r) => {
      ran.push(r);
      if (r === 'stop-after-me') await loop.stop();
    },
    failed: (e) => failures.push(e),
  });
  return { loop, ran, failures };
}

describe('LockedRunLoop', () => {
  it('claims and runs until nothing waits', async () => {
    const { loop, ran } = loopOver(['a', 'b', 'c']);
    await loop.tick();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('runs nothing while another replica holds the lock', async () => {
    const { loop, ran } = loopOver(['a']);
    const held = loopOver(['a'], { lockHeld: true });
    await held.loop.tick();
    expect(held.ran).toEqual([]);
    await loop.tick();
    expect(ran).toEqual(['a']);
  });

  it('claims no more once stopping, and reports a failed tick instead of throwing', async () => {
    const { loop, ran } = loopOver(['a', 'stop-after-me', 'c']);
    await loop.tick();
    expect(ran).toEqual(['a', 'stop-after-me']);
    expect(loop.stopping).toBe(true);
    const broken = loopOver(['a'], { failPrepare: true });
    await broken.loop.tick();
    expect(broken.failures).toEqual(['database away']);
    expect(broken.ran).toEqual([]);
  });
});
