import type { Suspend } from '@tendril/greenlet';
import { Blocking } from './blocking.js';
import { Timeout } from './timeout.js';

/** A body for {@link withTimeout}: a generator function run in the calling greenlet. */
export type TimeoutBody<T> = () => Generator<Suspend, T, unknown>;

/**
 * Run `body` with a deadline (gevent's `with_timeout`): after `ms` milliseconds its own
 * {@link Timeout} is raised in it, wherever it waits. The Timeout is cancelled however the body
 * ends. With `timeoutValue`, that Timeout is turned into the result; a Timeout from elsewhere
 * (an outer deadline) passes through as itself.
 *
 * @param ms - Milliseconds; `null` never expires.
 * @param body - A generator function, run in the greenlet that waits.
 * @param options - `timeoutValue`: the result when the deadline passes (even `undefined`).
 * @returns The body's value, or `timeoutValue`: `yield* withTimeout(...)` / `await withTimeout(...)`.
 * @throws Timeout - its own, when it expires and no `timeoutValue` is given.
 * @throws TypeError when `body` is not a function or `ms` not a number >= 0.
 * @example
 * ```ts
 * import { sleep, withTimeout } from '@tendril/hub';
 * const r = await withTimeout(10, function* () { yield* sleep(1000); return 'slept'; }, {
 *   timeoutValue: 'gave up',
 * });
 * console.log(r); // gave up
 * ```
 */
export function withTimeout<T>(ms: number | null, body: TimeoutBody<T>): Blocking<T>;
export function withTimeout<T, V>(
  ms: number | null,
  body: TimeoutBody<T>,
  options: { timeoutValue: V },
): Blocking<T | V>;
export function withTimeout<T, V>(
  ms: number | null,
  body: TimeoutBody<T>,
  options?: { timeoutValue?: V },
): Blocking<T | V> {
  if (typeof body !== 'function') {
    throw new TypeError('withTimeout() takes a generator function (function* () {...}) as body');
  }
  const timeout = new Timeout(ms);
  const hasValue = options !== undefined && 'timeoutValue' in options;
  return new Blocking(() => runTimed(timeout, body, hasValue, options?.timeoutValue as V));
}

/** Run `body` under `timeout`: `timeoutValue` when it fires, if `hasValue`, else the Timeout. */
function* runTimed<T, V>(
  timeout: Timeout,
  body: TimeoutBody<T>,
  hasValue: boolean,
  timeoutValue: V,
): Generator<Suspend, T | V, unknown> {
  timeout.start();
  try {
    return yield* body();
  } catch (error) {
    if (error === timeout && hasValue) return timeoutValue;
    throw error;
  } finally {
    timeout.cancel();
  }
}
