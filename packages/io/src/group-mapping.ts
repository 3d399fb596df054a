import { GreenletExit, getCurrent, type Suspend } from '@tendril/greenlet';
import { Blocking, type Greenlet, type SpawnBody } from '@tendril/hub';
import { ImapIterator, type ImapOptions, type ItemBody, type Items, outcome } from './imap.js';

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
    const self = this;
    return new Blocking(function* () {
      if (self.has(getCurrent() as Greenlet)) return yield* fn(...args);
      const g = yield* self._spawnIn(fn, args);
      try {
        yield* g.join();
      } finally {
        if (!g.ready()) g.kill(new GreenletExit('apply() was interrupted'), { block: false });
      }
      return outcome(g);
    });
  }

  /**
   * Run `fn` on each item in members (in a pool, at most its size at a time) and collect the
   * results in input order. The first item to fail ends the map at once (like `Promise.all`):
   * the items still running are killed, and once they are dead its error is raised.
   *
   * @param fn - A generator function taking one item.
   * @param items - An iterable, or an async iterable (read as it goes).
   * @returns The results: `yield* pool.map(fn, items)` / `await pool.map(fn, items)`.
   */
  map<I, R>(fn: ItemBody<I, R>, items: Items<I>): Blocking<R[]> {
    checkBody(fn, 'map');
    const self = this;
    return new Blocking(function* () {
      const it = new ImapIterator(self, fn, items, { ordered: true, failFast: true }, {});
      try {
        const results: R[] = [];
        for (let r = yield* it.next(); !r.done; r = yield* it.next()) results.push(r.value);
        return results;
      } finally {
        yield* it.close();
      }
    });
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
