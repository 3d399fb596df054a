/** Slots of the first segment; each new one doubles, up to SEGMENT_MAX. */
const SEGMENT_MIN = 16;
const SEGMENT_MAX = 1024;

/** One ring buffer of a {@link RingQueue}: a power-of-two number of slots. */
class Segment<T> {
  readonly items: (T | undefined)[];
  readonly mask: number;
  /** Index of the front item. */
  head = 0;
  size = 0;
  /** The segment that took the pushes once this one was full. */
  next: Segment<T> | null = null;

  constructor(slots: number) {
    this.items = new Array<T | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }
}

/**
 * A FIFO queue: `push` and `shift` are O(1) (unlike `Array.prototype.shift`) and allocate
 * nothing while the queue stays within its current buffer. It is a chain of ring buffers of up
 * to 1,024 slots: a full one links a new one for the pushes instead of being copied into a
 * bigger one, so a queue that grows to 100,000 items never copies them, and once drained it
 * keeps a single buffer.
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
  /** Where `shift` reads: the oldest segment. */
  private front = new Segment<T>(SEGMENT_MIN);
  /** Where `push` writes: the newest segment. */
  private back = this.front;
  private size = 0;

  /** How many items are queued. */
  get length(): number {
    return this.size;
  }

  /** Append `item` at the back. */
  push(item: T): void {
    let segment = this.back;
    if (segment.size > segment.mask) {
      const next = new Segment<T>(Math.min(segment.items.length * 2, SEGMENT_MAX));
      segment.next = next;
      this.back = segment = next;
    }
    segment.items[(segment.head + segment.size) & segment.mask] = item;
    segment.size++;
    this.size++;
  }

  /** Remove and return the front item, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const segment = this.front;
    const head = segment.head;
    const item = segment.items[head];
    segment.items[head] = undefined;
    segment.head = (head + 1) & segment.mask;
    segment.size--;
    this.size--;
    // A drained segment with a successor is done with: the successor takes the reads.
    if (segment.size === 0 && segment.next !== null) this.front = segment.next;
    return item;
  }

  /** The front item without removing it, or `undefined` when empty. */
  peek(): T | undefined {
    return this.size === 0 ? undefined : this.front.items[this.front.head];
  }

  /** Remove the first occurrence of `item`; O(n). Returns whether it was found. */
  delete(item: T): boolean {
    let found = false;
    // Take every item off the front and put back all but the first `item`: order is kept.
    for (let n = this.size; n > 0; n--) {
      const next = this.shift() as T;
      if (next === item && !found) found = true;
      else this.push(next);
    }
    return found;
  }

  /** The items from front to back. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let segment: Segment<T> | null = this.front; segment !== null; segment = segment.next) {
      for (let i = 0; i < segment.size; i++) {
        yield segment.items[(segment.head + i) & segment.mask] as T;
      }
    }
  }
}
