// Test support for the primitives' tests (not part of the package). Hub errors and leaks are
// checked for every test by vitest.setup.ts, with @tendril/testing.
import type { Suspend } from '@tendril/greenlet';
import { type Greenlet, spawn, Timeout } from '@tendril/hub';

/** A blocking operation to run in a greenlet: `() => q.get()`, `() => sem.acquire()`... */
export type Op = () => Iterable<Suspend, unknown, unknown>;

/** What `fn()` returns, or the error it throws. */
export function outcome(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (error) {
    return error;
  }
}

/**
 * Spawn a greenlet that runs `op` under an outer `Timeout` of `ms`, cancelled at the end. Its
 * value is 'outer timeout' when that Timeout is what came out of `op`, the error when another
 * one did, and `op`'s value when it returned.
 */
export function underOuterTimeout(ms: number, op: Op): Greenlet<unknown> {
  return spawn(function* () {
    const t = Timeout.startNew(ms);
    try {
      return yield* op();
    } catch (error) {
      return error === t ? 'outer timeout' : error;
    } finally {
      t.cancel();
    }
  });
}

/** Spawn a greenlet that runs `op`, logging 'returned' if it returns and 'finally' always. */
export function spawnLogged(log: string[], op: Op): Greenlet<void> {
  return spawn(function* () {
    try {
      yield* op();
      log.push('returned');
    } finally {
      log.push('finally');
    }
  });
}
