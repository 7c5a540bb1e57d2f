/** Hanoi is UTC+7 all year (no daylight saving): the months, days and times ops shows are Hanoi's. */
export const HANOI_OFFSET_MS = 7 * 3600_000;

/** The instant shifted so that its UTC fields read Hanoi's wall clock. */
export const hanoiWallClock = (at: Date | string): Date =>
  new Date(new Date(at).getTime() + HANOI_OFFSET_MS);
