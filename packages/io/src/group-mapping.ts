import { GreenletExit, getCurrent, type Suspend } from '@tendril/greenlet';
import { Blocking, type Greenlet, type SpawnBody } from '@tendril/hub';
import {
  ImapIterator,
  type ImapOptions,
  type ItemBody,
  type Items,
  isIterable,
  outcome,
} from './imap.js';
import { WorkerMap } from './worker-map.js';

/**
 * @internal The work-running half of `GreenletSet` (gevent's `GroupMappingMixin`):
 * `apply`, `map`, `imap` and `imapUnordered`, built on spawning a member within the bound.
 */
export abstract class GroupMapping {
  /** Whether `greenlet` is a member. */
  abstract has(greenlet: Greenlet<unknown>): boolean;

  /** @internal Create a member running `fn(...args)` once a slot is free, and start it. */
  abstract _spawnIn<T, A extends unknown[]>(
    fn: SpawnBody<T, A>,
    args: A,
  ): Generator<Suspend, Greenlet<T, A>, unknown>;

  /** @internal Create and start a member running `fn(...args)` if a slot is free now. */
  abstract _spawnNow<T, A extends unknown[]>(fn: SpawnBody<T, A>, args: A): Greenlet<T, A> | null;

  /**
   * Run `fn(...args)` in a new member and wait for its result (waiting for a slot while a pool
   * is full). Called from a member, it runs `fn` right there, so that work applying more work
   * to its own full pool cannot deadlock. Interrupting the wait (kill, Timeout) kills the work.
   *
   * @param fn - A generator function.
   * @param args - Its arguments.
   * @returns Its value: `yield* pool.apply(fn)` / `await pool.apply(fn)`.
   * @throws its error; the GreenletExit that killed it, when it was killed.
   */
  apply<T, A extends unknown[]>(fn: SpawnBody<T, A>, ...args: A): Blocking<T> {
    checkBody(fn, 'apply');
    return new Blocking(() => this.applyNow(fn, args));
  }

  /** `apply`'s waiting: run `fn(...args)` here (from a member) or in a new member. */
  private *applyNow<T, A extends unknown[]>(
    fn: SpawnBody<T, A>,
    args: A,
  ): Generator<Suspend, T, unknown> {
    if (this.has(getCurrent() as Greenlet)) return yield* fn(...args);
    const g = yield* this._spawnIn(fn, args);
    try {
      yield* g.join();
    } finally {
      if (!g.ready()) g.kill(new GreenletExit('apply() was interrupted'), { block: false });
    }
    return outcome(g);
  }

  /**
   * Run `fn` on each item and collect the results in input order. The items run one after
   * another in worker greenlets, members of the set (Python's `ThreadPoolExecutor.map`), not in
   * a greenlet each: a worker takes the next item, runs it, takes another. A worker is added
   * whenever an item waits, within a pool's free slots (so at most `size` items run at once); a
   * `Group` has no bound, and items that do not wait share one or two workers. Inside an item
   * `getCurrent()` is its worker; greenlet-locals (`Local`, `local()`) and `ContextVar`s start
   * fresh for each item. A worker whose items did not wait for a millisecond lets other
   * greenlets run.
   *
   * The first item to fail ends the map at once (like `Promise.all`): no item starts after it,
   * the items still running are killed, and once they are dead its error is raised; a killed
   * item fails with its GreenletExit. The input is read as the workers go, and an error it
   * throws comes after the items before it. Called from a member of a full pool, `map` runs
   * the items itself, one after another (like `apply`), so it cannot deadlock. An async
   * iterable is read as it goes, with one member per item (as `imap`).
   *
   * @param fn - A generator function taking one item.
   * @param items - An iterable, or an async iterable (read as it goes).
   * @returns The results: `yield* pool.map(fn, items)` / `await pool.map(fn, items)`.
   * @throws the first failure (the GreenletExit of a killed item); the input's error.
   * @example
   * ```ts
   * import { sleep } from '@tendril/hub';
   * import { Pool } from '@tendril/io';
   * const pool = new Pool(2); // two items at a time
   * function* slowSquare(n: number) { yield* sleep(10); return n * n; }
   * console.log(await pool.map(slowSquare, [1, 2, 3])); // [ 1, 4, 9 ] after 20 ms
   * ```
   */
  map<I, R>(fn: ItemBody<I, R>, items: Items<I>): Blocking<R[]> {
    checkBody(fn, 'map');
    return new Blocking(() => this.mapNow(fn, items));
  }

  /** `map`'s waiting: worker greenlets over an iterable, a member per item of an async one. */
  private *mapNow<I, R>(fn: ItemBody<I, R>, items: Items<I>): Generator<Suspend, R[], unknown> {
    if (isIterable(items)) {
      return yield* new WorkerMap(this, fn as ItemBody<unknown, R>, items).run();
    }
    const it = new ImapIterator(this, fn, items, { ordered: true, failFast: true }, {});
    try {
      const results: R[] = [];
      for (let r = yield* it.next(); !r.done; r = yield* it.next()) results.push(r.value);
      return results;
    } finally {
      yield* it.close();
    }
  }

  /**
   * Run `fn` on each item in members, handing out the results in input order as they are
   * ready; see {@link ImapIterator} for the two ways to consume them.
   *
   * @param fn - A generator function taking one item.
   * @param items - An iterable, or an async iterable (read as it goes).
   * @param options - `maxsize`: how many items may be running or waiting to be consumed.
   * @returns The iterator; it starts working at once.
   */
  imap<I, R>(fn: ItemBody<I, R>, items: Items<I>, options: ImapOptions = {}): ImapIterator<R> {
    checkBody(fn, 'imap');
    return new ImapIterator(this, fn, items, { ordered: true }, options);
  }

  /** Like {@link GroupMapping.imap}, handing out the results in the order they finish. */
  imapUnordered<I, R>(
    fn: ItemBody<I, R>,
    items: Items<I>,
    options: ImapOptions = {},
  ): ImapIterator<R> {
    checkBody(fn, 'imapUnordered');
    return new ImapIterator(this, fn, items, { ordered: false }, options);
  }
}

/** @internal */
export function checkBody(fn: unknown, caller: string): void {
  if (typeof fn !== 'function') {
    throw new TypeError(
      `${caller}() takes a generator function (function* () {...}), not ${typeof fn}`,
    );
  }
}
