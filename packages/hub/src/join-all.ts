import { Blocking } from './blocking.js';
import type { Greenlet } from './greenlet.js';
import { checkWait, collect, type WaitOptions, wait } from './wait-any.js';

/** Options of {@link joinAll}. */
export interface JoinAllOptions extends WaitOptions {
  /**
   * Rethrow the error of the first greenlet to fail, as soon as it fails, instead of leaving
   * errors in the greenlets. A GreenletExit kill is not a failure.
   */
  raiseError?: boolean;
}

/**
 * Wait for greenlets to finish (gevent's `joinall`): all of them, or `count`, or until `timeout`
 * ms pass. Their errors stay in them (`g.exception`) unless `raiseError` is set. A duplicate
 * counts once.
 *
 * @param greenlets - The greenlets to join.
 * @param options - `timeout` (ms), `count`, `raiseError`.
 * @returns The finished greenlets, in the order they finished: `yield* joinAll(gs)` or
 *   `await joinAll(gs)`.
 * @throws the error of the earliest greenlet to fail, with `raiseError`.
 * @throws TypeError when an item is not a greenlet, or an option is not a number.
 * @example
 * ```ts
 * import { joinAll, sleep, spawn } from '@tendril/hub';
 * const jobs = [30, 10, 20].map((ms) => spawn(function* () { yield* sleep(ms); return ms; }));
 * const done = await joinAll(jobs);
 * console.log(done.map((g) => g.value)); // [10, 20, 30]
 * ```
 */
export function joinAll<G extends Greenlet<any, any>>(
  greenlets: Iterable<G>,
  options: JoinAllOptions = {},
): Blocking<G[]> {
  if (!options.raiseError) return wait<G>(greenlets, options);
  const list = checkWait(greenlets, options, 'joinAll');
  const what = `joinAll([${list.length} greenlets])`;
  return new Blocking(() => collect(list, options, what, raiseIfFailed));
}

/** The error of a greenlet that failed, raised by `joinAll` with `raiseError`. */
function raiseIfFailed(g: Greenlet<any, any>): void {
  if (!g.successful()) throw g.exception;
}
