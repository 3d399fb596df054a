import { Queue } from './queue.js';
import type { ItemStore } from './queue-handoff.js';

/** Items on an array used as a stack: the last pushed goes out first. */
class Stack<T> implements ItemStore<T> {
  private readonly items: T[] = [];

  get length(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    return this.items.pop();
  }

  peek(): T | undefined {
    return this.items[this.items.length - 1];
  }
}

/**
 * A joinable {@link Queue} that hands out the most recently put item first (gevent's and
 * Python's `LifoQueue`).
 *
 * @example
 * ```ts
 * import { LifoQueue } from '@tendril/io';
 * const q = new LifoQueue<number>();
 * q.putNowait(1);
 * q.putNowait(2);
 * console.log(q.getNowait(), q.getNowait()); // 2 1
 * ```
 */
export class LifoQueue<T> extends Queue<T> {
  protected override readonly store: ItemStore<T> = new Stack<T>();
}
