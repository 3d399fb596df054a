import { Greenlet, type SpawnBody } from '@tendril/hub';
import { GreenletSet } from './greenlet-set.js';

/**
 * A group of running greenlets with no bound (gevent's `Group`): spawn into it, and a greenlet
 * leaves it when it finishes. Join or kill them all at once; `map`/`imap` run work in it.
 * Nothing here blocks on adding, so `spawn`, `add` and `start` are plain calls (in a
 * {@link Pool} they wait for a free slot).
 *
 * @example
 * ```ts
 * import { sleep } from '@tendril/hub';
 * import { Group } from '@tendril/io';
 * const group = new Group();
 * const g = group.spawn(function* (ms: number) { yield* sleep(ms); return ms; }, 10);
 * console.log(group.length, group.has(g)); // 1 true
 * await group.join();
 * console.log(group.length, g.value); // 0 10
 * ```
 */
export class Group extends GreenletSet {
  /** @param greenlets - Greenlets to track from the start. */
  constructor(greenlets: Iterable<Greenlet<unknown>> = []) {
    super(null);
    for (const g of greenlets) this.add(g);
  }

  /**
   * Create a greenlet running `fn(...args)`, add it, and start it (it runs once the caller
   * yields).
   *
   * @param fn - A generator function.
   * @param args - Its arguments.
   * @returns The greenlet.
   */
  spawn<T, A extends unknown[]>(fn: SpawnBody<T, A>, ...args: A): Greenlet<T, A> {
    return this.start(new Greenlet(fn, ...args));
  }

  /**
   * Track `greenlet` until it finishes (started or not; adding a member again does nothing).
   *
   * @param greenlet - A greenlet of @tendril/hub.
   * @throws TypeError when it is not one.
   */
  add(greenlet: Greenlet<unknown>): void {
    this.admitNow(greenlet, 'add');
  }

  /**
   * Add an unstarted greenlet and start it.
   *
   * @param greenlet - A greenlet of @tendril/hub.
   * @returns The greenlet.
   */
  start<G extends Greenlet<unknown>>(greenlet: G): G {
    this.add(greenlet);
    return greenlet.start();
  }
}
