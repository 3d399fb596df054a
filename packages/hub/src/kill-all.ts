import { GreenletExit, getCurrent, type Suspend } from '@tendril/greenlet';
import { Blocking } from './blocking.js';
import { Greenlet } from './greenlet.js';
import { Timeout } from './timeout.js';
import { wait } from './wait-any.js';

/** Options of {@link killAll}. */
export interface KillAllOptions {
  /** What to raise in each greenlet; a new GreenletExit for each by default. */
  error?: Error;
  /** Whether the result waits until all of them are dead (default true). */
  block?: boolean;
  /** With `block`, give up waiting after this many ms and raise a {@link Timeout}. */
  timeout?: number;
}

/**
 * Kill greenlets (gevent's `killall`): raise `error` in each wherever it waits, now; `finally`
 * blocks run. Unstarted greenlets never run (their links still fire); finished ones are left
 * alone. The current greenlet, if listed, is killed last.
 *
 * @param greenlets - The greenlets to kill.
 * @param options - `error`, `block` (default true), `timeout` (ms).
 * @returns `yield* killAll(gs)` / `await killAll(gs)` to wait until they are all dead; the kills
 *   themselves happen at the call.
 * @throws Timeout from the wait, when `timeout` ms pass with some still alive.
 * @throws TypeError when an item is not a hub greenlet or `error` not an Error.
 * @example
 * ```ts
 * import { killAll, sleep, spawn } from '@tendril/hub';
 * const workers = [1, 2, 3].map(() => spawn(function* () { yield* sleep(60_000); }));
 * await killAll(workers);
 * console.log(workers.every((g) => g.dead)); // true
 * ```
 */
export function killAll(
  greenlets: Iterable<Greenlet<any, any>>,
  options: KillAllOptions = {},
): Blocking<void> {
  const list = [...greenlets];
  list.forEach((g, i) => {
    if (!(g instanceof Greenlet)) {
      throw new TypeError(`killAll(): item ${i} (${String(g)}) is not a greenlet of @tendril/hub`);
    }
  });
  const { error, block = true, timeout } = options;
  if (error !== undefined && !(error instanceof Error)) {
    throw new TypeError('killAll(): error must be an Error (a GreenletExit by default)');
  }
  const self = getCurrent();
  for (const g of list) if (g !== self) g.kill(error ?? new GreenletExit());
  if (list.includes(self as Greenlet)) (self as Greenlet).kill(error ?? new GreenletExit());
  return new Blocking(() => awaitDeaths(list, block, timeout));
}

/** Wait, if `block`, until the killed greenlets are dead: a Timeout after `timeout` ms. */
function* awaitDeaths(
  list: Greenlet<unknown>[],
  block: boolean,
  timeout: number | undefined,
): Generator<Suspend, void, unknown> {
  if (!block) return;
  yield* wait(list, { timeout });
  if (list.some((g) => !g.ready())) throw new Timeout(timeout ?? null);
}
