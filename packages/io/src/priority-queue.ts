import { BinaryHeap } from './binary-heap.js';
import { Queue } from './queue.js';
import type { ItemStore } from './queue-handoff.js';

/** Orders two items: negative when `a` goes out first, positive when `b` does, 0 for a tie. */
export type Comparator<T> = (a: T, b: T) => number;

/** Options of a {@link PriorityQueue}. */
export interface PriorityQueueOptions<T> {
  /** How the items are ordered; by default with `<` (numbers, strings, bigints, Dates). */
  compare?: Comparator<T>;
  /** How many items it holds before a put waits; 0 or `undefined`: no limit. */
  maxsize?: number;
}

const ascending = <T>(a: T, b: T): number => (a < b ? -1 : b < a ? 1 : 0);

/**
 * A joinable {@link Queue} that hands out the lowest item first, by `compare` (gevent's and
 * Python's `PriorityQueue`), on a binary heap. Items that compare equal go out in the order
 * they were put.
 *
 * The default order uses `<`, which suits numbers and strings; for objects pass `compare`
 * (arrays would be compared as strings).
 *
 * @example
 * ```ts
 * import { PriorityQueue } from '@tendril/io';
 * const q = new PriorityQueue<{ priority: number; job: string }>({
 *   compare: (a, b) => a.priority - b.priority,
 * });
 * q.putNowait({ priority: 2, job: 'later' });
 * q.putNowait({ priority: 1, job: 'first' });
 * console.log(q.getNowait().job); // first
 * ```
 */
export class PriorityQueue<T = number> extends Queue<T> {
  protected override readonly store: ItemStore<T>;

  /**
   * @param options - `compare` and `maxsize`.
   * @throws TypeError when `compare` is not a function, or `maxsize` is not an integer >= 0.
   */
  constructor(options: PriorityQueueOptions<T> = {}) {
    super(options.maxsize);
    const { compare = ascending } = options;
    if (typeof compare !== 'function') {
      throw new TypeError('PriorityQueue takes a compare function (a, b) => number');
    }
    this.store = new BinaryHeap(compare);
  }
}
