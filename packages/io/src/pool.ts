import type { Suspend } from '@tendril/greenlet';
import { Blocking, type Greenlet, type SpawnBody } from '@tendril/hub';
import { PoolFull } from './errors/pool-full.js';
import { GreenletSet } from './greenlet-set.js';
import { checkBody } from './group-mapping.js';

/**
 * A group with a bound (gevent's `Pool`): at most `size` greenlets run in it at once, and
 * spawning into a full pool waits, first come, first served, until a member finishes — the
 * backpressure a server needs. `map`/`imap` run at most `size` items at a time.
 *
 * Because spawning may wait, `spawn`, `add` and `start` return a {@link Blocking}: inside a
 * greenlet `const g = yield* pool.spawn(fn)`. In plain code, mind promise assimilation:
 * `await pool.spawn(fn)` gives the greenlet's *value* (the greenlet is a thenable), after it
 * finished; to get the greenlet itself, create it and `await pool.start(g)`.
 *
 * @example
 * ```ts
 * import { Greenlet, sleep, spawn } from '@tendril/hub';
 * import { Pool } from '@tendril/io';
 * const pool = new Pool(2);
 * spawn(function* () {
 *   for (const ms of [30, 10, 20]) yield* pool.spawn(function* () { yield* sleep(ms); }); // the 3rd waits
 * });
 * const g = new Greenlet(function* () { return 'mine'; });
 * await pool.start(g); // plain code: waits for a slot, then starts g
 * console.log(await g); // mine
 * ```
 */
export class Pool extends GreenletSet {
  /** The most members at once; `null`: no bound. */
  readonly size: number | null;

  /**
   * @param size - The most members at once; `null` (the default): no bound; 0: none can run
   *   (only useful with `waitAvailable({ timeout })` and `freeCount()`).
   * @throws RangeError when `size` is not an integer >= 0.
   */
  constructor(size: number | null = null) {
    if (size !== null && !(Number.isInteger(size) && size >= 0)) {
      throw new RangeError(`Pool size must be an integer >= 0 or null, not ${String(size)}`);
    }
    super(size);
    this.size = size;
  }

  /**
   * Create a greenlet running `fn(...args)`, wait for a free slot, add it and start it.
   *
   * @param fn - A generator function.
   * @param args - Its arguments.
   * @returns The greenlet: `const g = yield* pool.spawn(fn)` (see the class notes for `await`).
   */
  spawn<T, A extends unknown[]>(fn: SpawnBody<T, A>, ...args: A): Blocking<Greenlet<T, A>> {
    checkBody(fn, 'spawn');
    return new Blocking(() => this._spawnIn(fn, args));
  }

  /**
   * Add `greenlet` (best unstarted: one that runs while this waits is not bounded by the
   * pool), waiting for a free slot. Adding a member again does nothing.
   *
   * @param greenlet - A greenlet of @tendril/hub.
   * @param options - `timeout` (ms).
   * @returns `yield* pool.add(g)` / `await pool.add(g)`.
   * @throws PoolFull when no slot was free within `timeout`.
   */
  add(greenlet: Greenlet<unknown>, options: { timeout?: number } = {}): Blocking<void> {
    return new Blocking(() => this.addWaiting(greenlet, 'add', options.timeout));
  }

  /**
   * Add `greenlet` if a slot is free now (gevent's `add(g, blocking=False)`).
   *
   * @param greenlet - A greenlet of @tendril/hub.
   * @throws PoolFull when the pool is full.
   */
  addNowait(greenlet: Greenlet<unknown>): void {
    if (!this.admitNow(greenlet, 'addNowait')) throw new PoolFull(`${this} is full: ${fullHint}`);
  }

  /**
   * Add an unstarted greenlet once a slot is free, and start it.
   *
   * @param greenlet - A greenlet of @tendril/hub.
   * @param options - `timeout` (ms).
   * @returns `yield* pool.start(g)` / `await pool.start(g)` (nothing: keep `g` to join it).
   * @throws PoolFull when no slot was free within `timeout` (the greenlet is not started).
   */
  start(greenlet: Greenlet<unknown>, options: { timeout?: number } = {}): Blocking<void> {
    return new Blocking(() => this.startWhenFree(greenlet, options.timeout));
  }

  /** `start`'s waiting: add `greenlet` once a slot is free, then start it. */
  private *startWhenFree(
    greenlet: Greenlet<unknown>,
    timeout: number | undefined,
  ): Generator<Suspend, void, unknown> {
    yield* this.addWaiting(greenlet, 'start', timeout);
    greenlet.start();
  }

  private *addWaiting(
    greenlet: Greenlet<unknown>,
    caller: string,
    timeout: number | undefined,
  ): Generator<Suspend, void, unknown> {
    if (!(yield* this.admit(greenlet, caller, timeout))) {
      throw new PoolFull(`${this} stayed full for ${timeout} ms: ${fullHint}`);
    }
  }
}

const fullHint = 'wait for a slot (no timeout), or check pool.full() / waitAvailable() first';
