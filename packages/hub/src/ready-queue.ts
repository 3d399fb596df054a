/**
 * A FIFO queue on a growable ring buffer: `push` and `shift` are O(1) and allocate nothing
 * once the buffer has grown to the queue's working size (unlike `Array.prototype.shift`).
 *
 * @example
 * ```ts
 * import { RingQueue } from '@tendril/hub';
 * const q = new RingQueue<string>();
 * q.push('a'); q.push('b');
 * console.log(q.shift(), q.length); // a 1
 * ```
 */
export class RingQueue<T> {
  private items: (T | undefined)[] = new Array(16).fill(undefined);
  private head = 0;
  private size = 0;

  /** How many items are queued. */
  get length(): number {
    return this.size;
  }

  /** Append `item` at the back. */
  push(item: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & (this.items.length - 1)] = item;
    this.size++;
  }

  /** Remove and return the front item, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.size--;
    return item;
  }

  /** The front item without removing it, or `undefined` when empty. */
  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head];
  }

  /** Remove the first occurrence of `item`; O(n). Returns whether it was found. */
  delete(item: T): boolean {
    const mask = this.items.length - 1;
    for (let i = 0; i < this.size; i++) {
      if (this.items[(this.head + i) & mask] !== item) continue;
      for (let j = i; j < this.size - 1; j++) {
        this.items[(this.head + j) & mask] = this.items[(this.head + j + 1) & mask];
      }
      this.items[(this.head + this.size - 1) & mask] = undefined;
      this.size--;
      return true;
    }
    return false;
  }

  /** The items from front to back. */
  *[Symbol.iterator](): IterableIterator<T> {
    const mask = this.items.length - 1;
    for (let i = 0; i < this.size; i++) yield this.items[(this.head + i) & mask] as T;
  }

  private grow(): void {
    const old = this.items;
    // Full: the items in order from the head, then as much room again. Built by copying, as a
    // large `new Array(n)` is a slow dictionary in V8 and pushing one by one is slow too.
    const items = old
      .slice(this.head)
      .concat(old.slice(0, this.head), old)
      .fill(undefined, old.length);
    this.items = items;
    this.head = 0;
  }
}
