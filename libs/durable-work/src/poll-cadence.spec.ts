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
});
