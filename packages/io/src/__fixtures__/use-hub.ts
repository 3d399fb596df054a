// Test support for the primitives' tests (not part of the package).
import {
  type ErrorHandler,
  type Greenlet,
  getHub,
  killAll,
  type SpawnBody,
  setErrorHandler,
  spawn,
} from '@tendril/hub';
import { afterEach, beforeEach, expect } from 'vitest';

/** What {@link useHub} gives a test file. */
export interface HubTest {
  /** Errors the hub reported during the current test. */
  readonly reported: unknown[];
  /** `spawn` whose greenlets are killed after the test if they are still alive. */
  spawn<T, A extends unknown[]>(fn: SpawnBody<T, A>, ...args: A): Greenlet<T, A>;
}

/**
 * Per test: capture the errors the hub reports (restoring the handler after), kill the
 * greenlets spawned through it, and check that no timer is left behind.
 */
export function useHub(): HubTest {
  let reported: unknown[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: greenlets of any body
  let spawned: Greenlet<any, any>[] = [];
  let previous: ErrorHandler;
  beforeEach(() => {
    reported = [];
    previous = setErrorHandler((error) => {
      reported.push(error);
    });
  });
  afterEach(async () => {
    await killAll(spawned);
    spawned = [];
    setErrorHandler(previous);
    expect(getHub().timers.size).toBe(0);
  });
  return {
    get reported() {
      return reported;
    },
    spawn(fn, ...args) {
      const g = spawn(fn, ...args);
      spawned.push(g);
      return g;
    },
  };
}
