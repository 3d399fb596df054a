// Test support for the hub's tests (not part of the package). Every hub test also runs under
// @tendril/testing's leak check (vitest.setup.ts): a greenlet or hub timer left behind fails it.
import type { Suspend } from '@tendril/greenlet';
import { afterEach, beforeEach } from 'vitest';
import { type ErrorHandler, setErrorHandler, sleep } from '../index.js';

/** What the hub reported during the current test (see {@link useReported}). */
export interface Reported {
  /** The errors, in the order they were reported. */
  readonly errors: unknown[];
  /** The greenlet each error came from (`undefined`: the hub itself), index for index. */
  readonly greenlets: unknown[];
}

/**
 * Per test of the current file or `describe` block: collect what the hub reports instead of
 * printing it, and put the previous error handler back after the test.
 *
 * @returns The same arrays for every test, emptied before each one.
 */
export function useReported(): Reported {
  const reported: Reported = { errors: [], greenlets: [] };
  let previous: ErrorHandler;
  beforeEach(() => {
    reported.errors.length = 0;
    reported.greenlets.length = 0;
    previous = setErrorHandler((error, greenlet) => {
      reported.errors.push(error);
      reported.greenlets.push(greenlet);
    });
  });
  afterEach(() => {
    setErrorHandler(previous);
  });
  return reported;
}

/** A promise and the function that resolves it: a latch between a greenlet and the test. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A body that waits far longer than any test, and returns 'slept' if it ever wakes. */
export function* sleepForever(): Generator<Suspend, string, unknown> {
  yield* sleep(60_000);
  return 'slept';
}

/** A body that sleeps until it is killed and logs `entry` in its `finally`. */
export function* sleepUntilKilled(log: string[], entry = 'finally'): Generator<Suspend, void> {
  try {
    yield* sleep(10_000);
  } finally {
    log.push(entry);
  }
}
