import { WakeablePause } from './wakeable-pause';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Whether `promise` has settled, without waiting for it. */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await jest.advanceTimersByTimeAsync(0);
  return done;
}

it('lasts its time when nobody wakes it', async () => {
  const pause = new WakeablePause();
  const p = pause.for(2000);
  expect(await settled(p)).toBe(false);
  await jest.advanceTimersByTimeAsync(1999);
  expect(await settled(p)).toBe(false);
  await jest.advanceTimersByTimeAsync(1);
  expect(await settled(p)).toBe(true);
});

it('ends at once on a wake-up', async () => {
  const pause = new WakeablePause();
  const p = pause.for(2000);
  pause.wake();
  expect(await settled(p)).toBe(true);
});

it('a wake-up while the loop was busy makes the next pause end at once, only that one', async () => {
  const pause = new WakeablePause();
  pause.forgetWakeUps();
  pause.wake(); // work was committed while the round looked for work
  expect(await settled(pause.for(2000))).toBe(true);
  expect(await settled(pause.for(2000))).toBe(false);
});

it('forgets wake-ups that came before the round looked for work', async () => {
  const pause = new WakeablePause();
  pause.wake();
  pause.forgetWakeUps();
  expect(await settled(pause.for(2000))).toBe(false);
});
