/**
 * Time, chance and waiting come from providers so specs can pin them: a session TTL or a
 * "flaky" error rate is untestable against the real clock and Math.random.
 */
export const CLOCK = Symbol('MOCK_PORTAL_CLOCK');
export const RANDOM = Symbol('MOCK_PORTAL_RANDOM');
export const SLEEP = Symbol('MOCK_PORTAL_SLEEP');

export type Clock = () => Date;
export type RandomSource = () => number;
export type Sleep = (ms: number) => Promise<void>;

export const systemClock: Clock = () => new Date();
export const systemRandom: RandomSource = () => Math.random();
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
