/**
 * Where the hub reads time and sets its one Node timer. Swap it (`getHub().setClock(...)`) to
 * run greenlets on virtual time; `@tendril/testing` does.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  /** Call `callback` once, `ms` milliseconds from now; returns a handle for `clearTimer`. */
  setTimer(callback: () => void, ms: number): unknown;
  /** Cancel a timer set by `setTimer`. */
  clearTimer(handle: unknown): void;
}

/**
 * The real clock: `performance.now()` and Node's `setTimeout`.
 *
 * @example
 * ```ts
 * import { realClock } from '@tendril/hub';
 * console.log(realClock.now() > 0); // true
 * ```
 */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
