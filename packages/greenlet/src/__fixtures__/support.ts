// Test support for the greenlet tests (not part of the package).
import { Greenlet, getCurrent, type Suspend } from '../index.js';

/** Send `args` to the current greenlet's parent; evaluates to what is sent back. */
export function* toParent(...args: unknown[]): Generator<Suspend, unknown, unknown> {
  return yield* (getCurrent().parent as Greenlet).switch(...args);
}

/** The error `fn` throws (fails the test when it throws nothing). */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

/**
 * A greenlet parked at its first suspension (it has switched back to its parent); it logs to
 * `log` if it is ever resumed.
 */
export function parked(log: string[] = []): Greenlet {
  const g = new Greenlet(function* () {
    yield* toParent();
    log.push('parked greenlet resumed');
  });
  g.switch();
  return g;
}
