import type { Suspend } from '@tendril/greenlet';
import { Blocking } from '@tendril/hub';
import { QueueShutDown } from './errors/queue-shut-down.js';
import { NOTHING, QueueHandoff } from './queue-handoff.js';
import { GetOp, noItem, noRoom, PeekOp, PutOp, shutDownForPut } from './queue-ops.js';

/** Options of a blocking `put`, `get` or `peek` of a queue. */
export interface QueueWaitOptions {
  /** `false`: do not wait, like the `...Nowait` methods (default `true`). */
  block?: boolean;
  /** Wait at most this many ms (0 or less: do not wait), then raise QueueFull / QueueEmpty. */
  timeout?: number;
}

/** A generator function that handles one item of a queue: see {@link QueueBase.forEach}. */
export type ItemHandler<T> = (item: T) => Generator<Suspend, unknown, unknown>;

/**
 * What every queue of @tendril/io offers (gevent's queue API): `put`/`get`/`peek` that wait
 * (with `block` and `timeout` options) and their `...Nowait` forms, which never wait and
 * allocate nothing; `shutdown`; iteration. Greenlets waiting to get are served first come,
 * first served, and so are those waiting to put; one that is killed or hit by a Timeout takes
 * no item with it, and a put that raised did not put its item. The subclasses choose the order
 * of the items and the room: {@link Queue}, {@link SimpleQueue}, {@link LifoQueue},
 * {@link PriorityQueue}, {@link Channel}.
 *
 * Consuming until the queue is shut down: inside a greenlet `yield* q.forEach(function* (item)
 * {...})`, or a `for (;;) { const item = yield* q.get(); ... }` loop that ends on
 * {@link QueueShutDown}; in plain async code `for await (const item of q)`.
 *
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { Queue } from '@tendril/io';
 * const q = new Queue<string>();
 * spawn(function* () {
 *   yield* q.forEach(function* (line) { console.log(line); });
 *   console.log('shut down and drained');
 * });
 * q.putNowait('a');
 * q.shutdown();
 * ```
 */
export abstract class QueueBase<T> extends QueueHandoff<T> implements AsyncIterable<T> {
  private readonly getForever = new GetOp(this, undefined);
  private readonly peekForever = new PeekOp(this, undefined);
  /** @internal A put op without options that has put its item, to hand out again. */
  _sparePut: PutOp<T> | null = null;

  /**
   * Put `item` in, waiting while there is no room.
   *
   * @param item - The item.
   * @param options - `block: false` does not wait; `timeout` (ms) bounds the wait.
   * @returns The put, to run once: `yield* q.put(item)` or `await q.put(item)`. Once it has
   *   put its item the op is reused for a later put: running it again is a HubError, and one
   *   kept past a later put is that put's op.
   * @throws QueueFull when it would have to wait longer than allowed.
   * @throws QueueShutDown when the queue is (or gets) shut down before the item is in.
   * @example
   * ```ts
   * yield* q.put(job, { timeout: 100 });
   * ```
   */
  put(item: T, options?: QueueWaitOptions): Blocking<void> {
    if (options === undefined) {
      const spare = this._sparePut;
      if (spare !== null) {
        this._sparePut = null;
        spare._spent = false;
        spare._item = item;
        return spare;
      }
    }
    return new PutOp(this, item, patienceOf(options));
  }

  /**
   * Put `item` in if there is room now.
   *
   * @param item - The item.
   * @throws QueueFull when there is no room.
   * @throws QueueShutDown when the queue is shut down.
   */
  putNowait(item: T): void {
    if (this.isShutDown) throw shutDownForPut(this);
    if (!this._tryPut(item)) throw noRoom(this, 0);
  }

  /**
   * Take the next item out, waiting for one.
   *
   * @param options - `block: false` does not wait; `timeout` (ms) bounds the wait.
   * @returns The item: `yield* q.get()` or `await q.get()`.
   * @throws QueueEmpty when it would have to wait longer than allowed.
   * @throws QueueShutDown when the queue is shut down and no item is left.
   * @example
   * ```ts
   * const job = yield* q.get({ timeout: 1000 });
   * ```
   */
  get(options?: QueueWaitOptions): Blocking<T> {
    if (options === undefined) return this.getForever;
    return new GetOp(this, patienceOf(options));
  }

  /**
   * Take the next item out if there is one now.
   *
   * @returns The item.
   * @throws QueueEmpty when there is none.
   * @throws QueueShutDown when the queue is shut down and no item is left.
   */
  getNowait(): T {
    const item = this._takeNow();
    if (item === NOTHING) throw noItem(this, 'get', 0);
    return item;
  }

  /**
   * The next item, left in the queue, waiting for one. On a Channel: the item of the first
   * waiting putter.
   *
   * @param options - `block: false` does not wait; `timeout` (ms) bounds the wait.
   * @returns The item: `yield* q.peek()` or `await q.peek()`.
   * @throws QueueEmpty when it would have to wait longer than allowed.
   * @throws QueueShutDown when the queue is shut down and no item is left.
   */
  peek(options?: QueueWaitOptions): Blocking<T> {
    if (options === undefined) return this.peekForever;
    return new PeekOp(this, patienceOf(options));
  }

  /**
   * The next item, left in the queue, if there is one now.
   *
   * @returns The item.
   * @throws QueueEmpty when there is none.
   * @throws QueueShutDown when the queue is shut down and no item is left.
   */
  peekNowait(): T {
    const item = this._peekNow();
    if (item === NOTHING) throw noItem(this, 'peek', 0);
    return item;
  }

  /**
   * Shut the queue down (Python 3.13's `Queue.shutdown`): from now on puts raise
   * {@link QueueShutDown}, and gets raise it once the items left are taken. Every greenlet
   * waiting to put, get or peek wakes up with it (a waiting putter's item does not go in).
   *
   * @param immediate - Also drop the items left, so that gets raise at once.
   */
  shutdown(immediate = false): void {
    this.close(immediate);
  }

  /**
   * Get items one by one and run `handler` on each, until the queue is shut down and drained.
   * An error from `handler` ends it and propagates.
   *
   * @param handler - A generator function run in the consuming greenlet for each item.
   * @returns `yield* q.forEach(...)` (or `await`): done when the queue has shut down.
   * @throws TypeError when `handler` is not a function.
   * @example
   * ```ts
   * spawn(function* () {
   *   yield* q.forEach(function* (job) { yield* run(job); q.taskDone(); });
   * });
   * ```
   */
  forEach(handler: ItemHandler<T>): Blocking<void> {
    if (typeof handler !== 'function') {
      throw new TypeError('forEach() takes a generator function (function* (item) {...})');
    }
    return new Blocking(() => this.consume(handler));
  }

  /**
   * `for await (const item of q)` in plain async code: gets items until the queue is shut down
   * and drained. (Inside a greenlet use {@link QueueBase.forEach}.)
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      let item: T;
      try {
        item = await this.getForever;
      } catch (error) {
        if (QueueShutDown.isInstance(error)) return;
        throw error;
      }
      yield item;
    }
  }

  /** `Queue (2 items, maxsize 10, 1 putting)`. */
  toString(): string {
    const parts = [`${this.qsize()} items`];
    if (this.maxsize !== Infinity) parts.push(`maxsize ${this.maxsize}`);
    if (this.waitingGetters > 0) parts.push(`${this.waitingGetters} getting`);
    if (this.waitingPutters > 0) parts.push(`${this.waitingPutters} putting`);
    if (this.isShutDown) parts.push('shut down');
    return `${this._kind} (${parts.join(', ')})`;
  }

  private *consume(handler: ItemHandler<T>): Generator<Suspend, void, unknown> {
    for (;;) {
      let item: T;
      try {
        item = yield* this.getForever;
      } catch (error) {
        if (QueueShutDown.isInstance(error)) return;
        throw error;
      }
      yield* handler(item);
    }
  }
}

/** How long a call may wait: `undefined` for ever, or ms (0: not at all). */
function patienceOf(options: QueueWaitOptions | undefined): number | undefined {
  if (options === undefined) return undefined;
  if (options.block === false) return 0;
  const { timeout } = options;
  if (timeout === undefined || timeout === Infinity) return undefined;
  if (typeof timeout !== 'number' || Number.isNaN(timeout)) {
    throw new TypeError(`a queue timeout is a number of milliseconds, not ${String(timeout)}`);
  }
  return Math.max(timeout, 0);
}
