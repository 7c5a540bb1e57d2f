import { PollCadence } from './poll-cadence';

describe('PollCadence', () => {
  let now = 0;
  const cadence = () => new PollCadence({ idlePollMs: 2000, busyPollMs: 100 }, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('starts idle: a long pause, and the loop asks to be woken', () => {
    const c = cadence();
    expect(c.busy).toBe(false);
    expect(c.pauseMs()).toBe(2000);
  });

  it('polls briefly for a second after the last work, then goes back to waiting for wake-ups', () => {
    const c = cadence();
    c.worked();
    now += 999;
    expect(c.busy).toBe(true);
    expect(c.pauseMs()).toBe(100);
    now += 1;
    expect(c.busy).toBe(false);
    expect(c.pauseMs()).toBe(2000);
  });

  it('takes its busy window from the options', () => {
    const c = new PollCadence({ idlePollMs: 2000, busyPollMs: 50, busyForMs: 5000 }, () => now);
    c.worked();
    now += 4000;
    expect(c.pauseMs()).toBe(50);
  });

  it('idle with nothing due: announces it waits, looks once more, then pauses long', async () => {
    const c = cadence();
    const announce = jest.fn(() => Promise.resolve(true));
    expect(await c.nothingDue(announce)).toBe('look-again');
    expect(await c.nothingDue(announce)).toBe(2000);
    expect(announce).toHaveBeenCalledTimes(1);
    // The row was still fresh: nothing written, so no need to look again.
    expect(await c.nothingDue(() => Promise.resolve(false))).toBe(2000);
  });

  it('busy with nothing due: polls briefly and announces nothing', async () => {
    const c = cadence();
    c.worked();
    const announce = jest.fn(() => Promise.resolve(true));
    expect(await c.nothingDue(announce)).toBe(100);
    expect(announce).not.toHaveBeenCalled();
  });

  it('after work, an idle loop announces again', async () => {
    const c = cadence();
    const announce = () => Promise.resolve(true);
    expect(await c.nothingDue(announce)).toBe('look-again');
    c.worked();
    now += 1000;
    expect(await c.nothingDue(announce)).toBe('look-again');
  });
});
