import type { Suspend } from '@tendril/greenlet';
import { Blocking, RingQueue } from '@tendril/hub';
import { QueueBase } from './queue-base.js';
import type { ItemStore } from './queue-handoff.js';
import { TIMED_OUT, WaitList } from './wait-list.js';

/**
 * A FIFO queue between greenlets that can be joined (gevent's `Queue`, Python's `queue.Queue`):
 * `put` waits while it holds `maxsize` items, `get` waits while it is empty, and consumers
 * call {@link Queue.taskDone} once per item they finish, so that {@link Queue.join} can wait
 * until all the work put in is done. `shutdown()` ends it (see {@link QueueBase.shutdown}).
 *
 * `putNowait`/`getNowait` never wait and allocate nothing (a ring buffer); greenlets that wait
 * are served first come, first served, and one killed or timed out while waiting takes no item
 * with it.
 *
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { Queue } from '@tendril/io';
 * const jobs = new Queue<number>(100);
 * for (let i = 0; i < 3; i++) {
 *   spawn(function* () {
 *     yield* jobs.forEach(function* (n) { console.log(n * n); jobs.taskDone(); });
 *   });
 * }
 * for (const n of [1, 2, 3]) await jobs.put(n);
 * await jobs.join(); // every job done
 * jobs.shutdown(); // the workers end
 * ```
 */
export class Queue<T> extends QueueBase<T> {
  protected readonly store: ItemStore<T> = new RingQueue<T>();
  private readonly joiners = new WaitList();
  private readonly joinForever = new Blocking(() => this.joinOp(undefined));

  /**
   * @param maxsize - How many items it holds before a put waits; 0 or `undefined`: no limit.
   * @throws TypeError when `maxsize` is not an integer >= 0 (or `Infinity`).
   */
  constructor(maxsize?: number) {
    super(capacityOf(maxsize));
  }

  /** Items put and not yet marked done with {@link Queue.taskDone}. */
  get unfinishedTasks(): number {
    return this.unfinished;
  }

  /**
   * Mark one item taken with `get()` as done; when none is left unfinished, {@link Queue.join}
   * returns.
   *
   * @throws RangeError when called more times than items were put.
   */
  taskDone(): void {
    if (this.unfinished <= 0) {
      throw new RangeError(
        `taskDone() was called more times than items were put in ${this}: call it once per ` +
          'item taken with get(), after handling it',
      );
    }
    this.finish(1);
  }

  /**
   * Wait until every item put has been marked done with {@link Queue.taskDone}.
   *
   * @param options - `timeout` (ms) bounds the wait.
   * @returns `true` once all are done, `false` if the timeout expired first: `yield* q.join()`
   *   or `await q.join()`.
   */
  join(options?: { timeout?: number }): Blocking<boolean> {
    if (options?.timeout === undefined) return this.joinForever;
    const { timeout } = options;
    return new Blocking(() => this.joinOp(timeout));
  }

  /**
   * Shut the queue down; with `immediate`, the dropped items count as done (so `join()` may
   * return). See {@link QueueBase.shutdown}.
   *
   * @param immediate - Also drop the items left.
   */
  override shutdown(immediate = false): void {
    const dropped = immediate ? Math.min(this.qsize(), this.unfinished) : 0;
    super.shutdown(immediate);
    if (dropped > 0) this.finish(dropped);
  }

  private finish(count: number): void {
    this.unfinished -= count;
    if (this.unfinished === 0) this.joiners.wakeAll(true);
  }

  private *joinOp(timeout: number | undefined): Generator<Suspend, boolean, unknown> {
    if (this.unfinished === 0) return true;
    if (timeout !== undefined && timeout <= 0) return false;
    return (yield* this.joiners.wait(`${this._kind}.join()`, timeout)) !== TIMED_OUT;
  }
}

/** The capacity for a `maxsize` argument: 0 and `undefined` mean no limit. */
function capacityOf(maxsize: number | undefined): number {
  if (maxsize === undefined || maxsize === 0) return Infinity;
  if (!(maxsize > 0 && (Number.isInteger(maxsize) || maxsize === Infinity))) {
    throw new TypeError(`maxsize is an integer >= 0 (0: no limit), not ${String(maxsize)}`);
  }
  return maxsize;
}
