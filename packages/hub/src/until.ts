import type { Suspend } from '@tendril/greenlet';
import { Blocking } from './blocking.js';
import { getHub } from './hub.js';
import { beginWait, park, wake, wakeThrow } from './wait.js';

class Until<T> extends Blocking<T> {
  constructor(private readonly start: (signal: AbortSignal | undefined) => PromiseLike<T>) {
    super();
  }

  *[Symbol.iterator](): Generator<Suspend, T, unknown> {
    const g = beginWait('until(promise)');
    const id = g._waitId;
    const controller = this.start.length > 0 ? new AbortController() : undefined;
    let settled = false;
    // A function that throws at once rejects like an async one: the wait ends through wakeThrow.
    new Promise<T>((resolve) => resolve(this.start(controller?.signal))).then(
      (value) => {
        settled = true;
        if (wake(g, id, value)) getHub().enter();
      },
      (error: unknown) => {
        settled = true;
        if (wakeThrow(g, id, error)) getHub().enter();
      },
    );
    try {
      return (yield* park()) as T;
    } finally {
      if (!settled) controller?.abort(new Error('the waiting greenlet was interrupted'));
    }
  }
}

/**
 * Park the greenlet until a promise settles: its value is returned, its rejection thrown. This
 * makes any promise-based npm library usable from a greenlet. Killing the greenlet, or a
 * Timeout, interrupts the wait.
 *
 * Pass a function instead of a promise to get an `AbortSignal` that aborts when the wait is
 * interrupted, so the underlying work (a `fetch`, a stream) stops too.
 *
 * @param promise - A promise (or thenable), or `(signal) => promise`.
 * @returns `yield* until(promise)`.
 * @example
 * ```ts
 * import { spawn, until } from '@tendril/hub';
 * spawn(function* () {
 *   const res = yield* until((signal) => fetch('http://127.0.0.1:8080/', { signal }));
 *   console.log(res.status);
 * });
 * ```
 */
export function until<T>(
  promise: PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T>),
): Blocking<T> {
  if (typeof promise === 'function')
    return new Until(promise as (s?: AbortSignal) => PromiseLike<T>);
  if (promise === null || typeof (promise as PromiseLike<T>)?.then !== 'function') {
    throw new TypeError('until() takes a promise, a thenable, or a function returning one');
  }
  return new Until(() => promise);
}
