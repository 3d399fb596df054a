import { RingQueue } from '@tendril/hub';
import { QueueBase } from './queue-base.js';
import type { ItemStore } from './queue-handoff.js';

/**
 * An unbounded FIFO queue without task tracking (Python's `queue.SimpleQueue`): a put never
 * waits; a get waits for an item. It has everything else of {@link QueueBase}: peek, shutdown,
 * `forEach` and `for await`.
 *
 * @example
 * ```ts
 * import { SimpleQueue } from '@tendril/io';
 * const q = new SimpleQueue<string>();
 * q.putNowait('hello');
 * console.log(await q.get()); // hello
 * ```
 */
export class SimpleQueue<T> extends QueueBase<T> {
  protected readonly store: ItemStore<T> = new RingQueue<T>();

  constructor() {
    super(Infinity);
  }
}
