/**
 * Chance and waiting come from providers so specs can pin them (as in @hub/mock-kit, whose own
 * tokens belong to its registry module); the clock is the kit's CLOCK.
 */
export const PAYMENT_RANDOM = Symbol('MOCK_PAYMENT_RANDOM');
export const PAYMENT_SLEEP = Symbol('MOCK_PAYMENT_SLEEP');

export type RandomSource = () => number;
export type Sleep = (ms: number) => Promise<void>;

export const systemRandom: RandomSource = () => Math.random();
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
