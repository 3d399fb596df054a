import type { Clock } from './clock.js';

/**
 * One pending timer of a {@link TimerHeap}. `cancel()` removes it; it is idempotent.
 */
export class Timer {
  /** @internal the list it waits in, or null once fired or cancelled */
  list: TimerList | null = null;
  /** @internal */ prev: Timer | null = null;
  /** @internal */ next: Timer | null = null;

  /** @internal */
  constructor(
    /** When it fires, on the clock's scale: a whole millisecond (see `TimerHeap.add`). */
    readonly deadline: number,
    /** @internal */
    readonly callback: (arg: any) => void,
    /** @internal what the callback is called with, so that it needs no closure */
    readonly arg: unknown,
  ) {}

  /** Whether the timer is still waiting to fire. */
  get pending(): boolean {
    return this.list !== null;
  }

  /** Remove the timer; a timer that fired or was cancelled is left alone. */
  cancel(): void {
    if (this.list !== null) this.list.heap.remove(this);
  }
}

/**
 * @internal The pending timers of one duration, in deadline order: timers of equal duration are
 * added in deadline order (the clock only moves forward), so appending keeps the list sorted.
 */
class TimerList {
  head: Timer | null = null;
  tail: Timer | null = null;
  /** Position in the heap, or -1 while empty. */
  index = -1;

  constructor(
    readonly ms: number,
    readonly heap: TimerHeap,
  ) {}

  /** Insert `timer` in deadline order: at the end, unless the clock was swapped for another. */
  insert(timer: Timer): void {
    let before = this.tail;
    while (before !== null && before.deadline > timer.deadline) before = before.prev;
    timer.list = this;
    timer.prev = before;
    timer.next = before === null ? this.head : before.next;
    if (timer.next === null) this.tail = timer;
    else timer.next.prev = timer;
    if (before === null) this.head = timer;
    else before.next = timer;
  }

  unlink(timer: Timer): void {
    if (timer.prev === null) this.head = timer.next;
    else timer.prev.next = timer.next;
    if (timer.next === null) this.tail = timer.prev;
    else timer.next.prev = timer.prev;
    timer.prev = timer.next = timer.list = null;
  }
}

/** Lists kept while empty, for reuse, before the empty ones are dropped. */
const SPARE_LISTS = 64;

/**
 * All of a hub's timers, served by a single Node timer armed for the earliest deadline: 100,000
 * sleeping greenlets cost 100,000 small entries, not 100,000 Node timers. Like Node's own timers,
 * timers are kept in one list per duration (in deadline order, since equal durations expire in
 * the order they were added), and a binary heap orders the lists by their first deadline. So
 * adding, cancelling and firing a timer cost O(1) when few durations are in use, O(log d) with
 * d durations. Timers with equal deadlines fire in the order they were added.
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
  /** The non-empty lists, earliest first deadline on top. */
  private heap: TimerList[] = [];
  private readonly lists = new Map<number, TimerList>();
  /** The list of the last duration added to (most programs use a few durations). */
  private lastList: TimerList | null = null;
  private count = 0;
  private handle: unknown = null;
  /**
   * @internal The hub's last clock read in its current run, `NaN` between runs: a timer added
   * during a run starts from it instead of reading the clock again (libev's loop time, and
   * Node's own timers, work so), at most 16 greenlet resumes earlier. Only for the real clock.
   */
  runTime = Number.NaN;
  private armedFor = Number.POSITIVE_INFINITY;
  private disarmQueued = false;

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
    return this.count;
  }

  /** The earliest deadline, or `Infinity` when there is no timer. */
  get nextDeadline(): number {
    return this.heap.length > 0
      ? ((this.heap[0] as TimerList).head as Timer).deadline
      : Number.POSITIVE_INFINITY;
  }

  /**
   * Call `callback(arg)` once, `ms` milliseconds from now (from the hub, not from a greenlet).
   * Passing what the callback needs as `arg` lets a module-level function serve every timer,
   * with no closure per timer. The deadline is rounded up to a whole millisecond, the grain of
   * Node's own timers: a whole number is stored in the timer itself, where a fraction would
   * cost a 16-byte box of its own per timer.
   *
   * @param ms - Delay in milliseconds (negative or NaN counts as 0).
   * @param callback - A plain function; it must not block.
   * @param arg - Its argument.
   * @returns The timer, to cancel it.
   */
  add<A>(ms: number, callback: (arg: A) => void, arg?: A): Timer {
    const delay = ms > 0 ? ms : 0;
    const now = this.runTime;
    const start = Number.isNaN(now) ? this.clock.now() : now;
    const timer = new Timer(Math.ceil(start + delay), callback, arg);
    const list = this.listFor(delay);
    list.insert(timer);
    this.count++;
    if (list.head === timer) {
      if (list.index < 0) this.push(list);
      else this.up(list.index);
      if (list.index === 0) this.arm();
    }
    return timer;
  }

  /** @internal */
  remove(timer: Timer): void {
    const list = timer.list as TimerList;
    const wasHead = list.head === timer;
    list.unlink(timer);
    this.count--;
    if (!wasHead) return;
    if (list.head === null) this.pop(list);
    else this.down(list.index);
    if (this.count === 0 && !this.disarmQueued) {
      // Not at once: a loop that adds and cancels a timer would re-arm Node's timer each time.
      this.disarmQueued = true;
      queueMicrotask(this.disarmIfEmpty);
    }
  }

  /** Run the callbacks of every due timer, in deadline order; then re-arm. */
  fireDue(): void {
    const now = this.clock.now();
    while (this.heap.length > 0) {
      const timer = (this.heap[0] as TimerList).head as Timer;
      if (timer.deadline > now) break;
      this.remove(timer);
      timer.callback(timer.arg);
    }
    this.arm();
  }

  /** Replace the clock; pending timers keep their deadlines on the new clock's scale. */
  setClock(clock: Clock): void {
    this.disarm();
    this.clock = clock;
    this.runTime = Number.NaN;
    this.arm();
  }

  private listFor(ms: number): TimerList {
    const last = this.lastList;
    if (last !== null && last.ms === ms) return last;
    let list = this.lists.get(ms);
    if (list === undefined) {
      if (this.lists.size >= SPARE_LISTS + this.heap.length) this.dropEmptyLists();
      list = new TimerList(ms, this);
      this.lists.set(ms, list);
    }
    this.lastList = list;
    return list;
  }

  private dropEmptyLists(): void {
    for (const [ms, list] of this.lists) if (list.head === null) this.lists.delete(ms);
    this.lastList = null;
  }

  /**
   * Arm Node's timer for the earliest deadline. One armed for an earlier deadline is kept: it
   * fires early, finds nothing due and arms again.
   */
  private arm(): void {
    const deadline = this.nextDeadline;
    if (deadline >= this.armedFor) return;
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

  private readonly disarmIfEmpty = (): void => {
    this.disarmQueued = false;
    if (this.count === 0) this.disarm();
  };

  private readonly onTimer = (): void => {
    this.handle = null;
    this.armedFor = Number.POSITIVE_INFINITY;
    this.fireDue();
    this.afterFiring();
  };

  private push(list: TimerList): void {
    list.index = this.heap.length;
    this.heap.push(list);
    this.up(list.index);
  }

  /** Take an emptied list out of the heap. */
  private pop(list: TimerList): void {
    const i = list.index;
    const last = this.heap.pop() as TimerList;
    list.index = -1;
    if (last === list) return;
    this.heap[i] = last;
    last.index = i;
    this.down(i);
    this.up(last.index);
  }

  /** Whether list `a` fires before list `b`. */
  private less(a: TimerList, b: TimerList): boolean {
    const x = a.head as Timer;
    const y = b.head as Timer;
    // Equal deadlines fire in creation order: as starts only move forward, the longer duration
    // started first (within one duration the list keeps the order).
    return x.deadline < y.deadline || (x.deadline === y.deadline && a.ms > b.ms);
  }

  private up(i: number): void {
    const heap = this.heap;
    const list = heap[i] as TimerList;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex] as TimerList;
      if (!this.less(list, parent)) break;
      heap[i] = parent;
      parent.index = i;
      i = parentIndex;
    }
    heap[i] = list;
    list.index = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const list = heap[i] as TimerList;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.less(heap[child + 1] as TimerList, heap[child] as TimerList)) {
        child++;
      }
      const smallest = heap[child] as TimerList;
      if (!this.less(smallest, list)) break;
      heap[i] = smallest;
      smallest.index = i;
      i = child;
    }
    heap[i] = list;
    list.index = i;
  }
}
