/*
 * Compile-time checks the API-contract specs share: a controller's result type against the
 * OpenAPI schema it is documented with (`true satisfies Same<Json<Result>, z.output<typeof s>>`).
 */

/** `true` when A and B are the same type, each assignable to the other. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** What JSON.stringify makes of a value: dates become strings. */
export type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;
