import type { ItemStore } from './queue-handoff.js';

/**
 * @internal A binary min-heap on two parallel arrays (the items, and the order they came in),
 * so that a push or shift allocates nothing once the arrays have grown. Items that compare
 * equal go out in the order they were pushed.
 */
export class BinaryHeap<T> implements ItemStore<T> {
  private readonly items: T[] = [];
  private readonly order: number[] = [];
  private pushed = 0;

  /** @param compare - Negative when `a` goes out before `b`, positive after, 0 for a tie. */
  constructor(private readonly compare: (a: T, b: T) => number) {}

  get length(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
    this.order.push(this.pushed++);
    this.siftUp(this.items.length - 1);
  }

  shift(): T | undefined {
    const { items, order } = this;
    if (items.length === 0) return undefined;
    const first = items[0];
    const lastItem = items.pop() as T;
    const lastOrder = order.pop() as number;
    if (items.length > 0) {
      items[0] = lastItem;
      order[0] = lastOrder;
      this.siftDown(0);
    }
    return first;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Whether the entry at `i` goes out before the one at `j`. */
  private before(i: number, j: number): boolean {
    const c = this.compare(this.items[i] as T, this.items[j] as T);
    return c < 0 || (c === 0 && (this.order[i] as number) < (this.order[j] as number));
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.items.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.before(right, left) ? right : left;
      if (!this.before(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }

  private swap(i: number, j: number): void {
    const { items, order } = this;
    const item = items[i] as T;
    items[i] = items[j] as T;
    items[j] = item;
    const o = order[i] as number;
    order[i] = order[j] as number;
    order[j] = o;
  }
}
