import type { HubLogger } from '@hub/observability';

/**
 * Chance and waiting come from providers so specs can pin them: a "flaky" error rate or a "slow"
 * answer is untestable against Math.random and the real clock.
 */
export const RANDOM = Symbol('MOCK_KIT_RANDOM');
export const SLEEP = Symbol('MOCK_KIT_SLEEP');
export const CLOCK = Symbol('MOCK_KIT_CLOCK');

export type RandomSource = () => number;
export type Sleep = (ms: number) => Promise<void>;
export type Clock = () => Date;

export const systemRandom: RandomSource = () => Math.random();
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const systemClock: Clock = () => new Date();

/** Overrides for specs: a pinned clock, a scripted random source, a quiet logger. */
export interface MockRuntime {
  clock?: Clock;
  random?: RandomSource;
  sleep?: Sleep;
  logger?: HubLogger;
}
