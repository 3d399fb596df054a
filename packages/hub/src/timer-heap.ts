import type { Clock } from './clock.js';

/**
 * One pending timer of a {@link TimerHeap}. `cancel()` removes it; it is idempotent.
 */
export class Timer {
  /** @internal position in the heap, or -1 once fired or cancelled */
  index = -1;

  /** @internal */
  constructor(
    /** When it fires, on the clock's scale. */
    readonly deadline: number,
    /** @internal tie-breaker: timers with equal deadlines fire in creation order */
    readonly seq: number,
    /** @internal */
    readonly callback: (arg: any, n: number) => void,
    /** @internal what the callback is called with, so that it needs no closure */
    readonly arg: unknown,
    /** @internal */
    readonly n: number,
    private readonly heap: TimerHeap,
  ) {}

  /** Whether the timer is still waiting to fire. */
  get pending(): boolean {
    return this.index >= 0;
  }

  /** Remove the timer; a timer that fired or was cancelled is left alone. */
  cancel(): void {
    if (this.index >= 0) this.heap.remove(this);
  }
}

/**
 * All of a hub's timers in one binary heap, served by a single Node timer armed for the
 * earliest deadline: 100,000 sleeping greenlets cost 100,000 small heap entries, not 100,000
 * Node timers. Adding and cancelling are O(log n).
 *
 * @example
 * ```ts
 * import { TimerHeap, realClock } from '@tendril/hub';
 * const timers = new TimerHeap(realClock, () => {});
 * const t = timers.add(10, () => console.log('fired'));
 * t.cancel();
 * ```
 */
export class TimerHeap {
  private heap: Timer[] = [];
  private seq = 0;
  private handle: unknown = null;
  private armedFor = Number.POSITIVE_INFINITY;

  /**
   * @param clock - Where time is read and the Node timer is set.
   * @param afterFiring - Called after due timers' callbacks ran (the hub runs what they woke).
   */
  constructor(
    public clock: Clock,
    private readonly afterFiring: () => void,
  ) {}

  /** How many timers are pending. */
  get size(): number {
    return this.heap.length;
  }

  /** The earliest deadline, or `Infinity` when there is no timer. */
  get nextDeadline(): number {
    return this.heap.length > 0 ? (this.heap[0] as Timer).deadline : Number.POSITIVE_INFINITY;
  }

  /**
   * Call `callback(arg, n)` once, `ms` milliseconds from now (from the hub, not from a
   * greenlet). Passing what the callback needs as `arg` and `n` lets a module-level function
   * serve every timer, with no closure per timer.
   *
   * @param ms - Delay in milliseconds (negative or NaN counts as 0).
   * @param callback - A plain function; it must not block.
   * @param arg - Its first argument.
   * @param n - Its second argument.
   * @returns The timer, to cancel it.
   */
  add<A>(ms: number, callback: (arg: A, n: number) => void, arg?: A, n = 0): Timer {
    const deadline = this.clock.now() + (ms > 0 ? ms : 0);
    const timer = new Timer(deadline, this.seq++, callback, arg, n, this);
    timer.index = this.heap.length;
    this.heap.push(timer);
    this.up(timer.index);
    if (timer.index === 0) this.arm();
    return timer;
  }

  /** @internal */
  remove(timer: Timer): void {
    const i = timer.index;
    const last = this.heap.pop() as Timer;
    timer.index = -1;
    if (last !== timer) {
      this.heap[i] = last;
      last.index = i;
      this.down(i);
      this.up(last.index);
    }
    if (this.heap.length === 0) this.disarm();
  }

  /** Run the callbacks of every due timer, in deadline order; then re-arm. */
  fireDue(): void {
    const now = this.clock.now();
    while (this.heap.length > 0 && (this.heap[0] as Timer).deadline <= now) {
      const timer = this.heap[0] as Timer;
      this.remove(timer);
      timer.callback(timer.arg, timer.n);
    }
    this.arm();
  }

  /** Replace the clock; pending timers keep their deadlines on the new clock's scale. */
  setClock(clock: Clock): void {
    this.disarm();
    this.clock = clock;
    this.arm();
  }

  private arm(): void {
    const deadline = this.nextDeadline;
    if (deadline === this.armedFor) return;
    this.disarm();
    if (deadline === Number.POSITIVE_INFINITY) return;
    this.armedFor = deadline;
    this.handle = this.clock.setTimer(this.onTimer, Math.max(0, deadline - this.clock.now()));
  }

  private disarm(): void {
    if (this.handle !== null) this.clock.clearTimer(this.handle);
    this.handle = null;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  private readonly onTimer = (): void => {
    this.handle = null;
    this.armedFor = Number.POSITIVE_INFINITY;
    this.fireDue();
    this.afterFiring();
  };

  private less(a: Timer, b: Timer): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  }

  private up(i: number): void {
    const heap = this.heap;
    const timer = heap[i] as Timer;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex] as Timer;
      if (!this.less(timer, parent)) break;
      heap[i] = parent;
      parent.index = i;
      i = parentIndex;
    }
    heap[i] = timer;
    timer.index = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const timer = heap[i] as Timer;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.less(heap[child + 1] as Timer, heap[child] as Timer)) child++;
      const smallest = heap[child] as Timer;
      if (!this.less(smallest, timer)) break;
      heap[i] = smallest;
      smallest.index = i;
      i = child;
    }
    heap[i] = timer;
    timer.index = i;
  }
}
